// The SQL a DO block runs, so that the schema model sees DDL written inside one: Prisma and
// hand-written migrations guard DDL with `DO $$ BEGIN IF NOT EXISTS (…) THEN ALTER TABLE …; END IF;
// END $$` or run it with `EXECUTE '…'`. Found with PostgreSQL's PL/pgSQL parser; each piece of SQL
// is then parsed as a statement of its own by the caller (document.ts).
import type { AdapterInput } from './pg-adapter.js';
import { pgParse, pgParsePlpgsql, type PgNode } from './pg.js';
import { bodyText, bodyToken } from './query-facts.js';

/** A piece of SQL run by a DO block, and the file offset its text starts at. */
export interface NestedSql {
  text: string;
  /** File offset of `text[0]`: exact for plain statements and dollar-quoted EXECUTE strings, the opening quote's next character otherwise. */
  offset: number;
}

/**
 * The SQL statements a PL/pgSQL DO block runs, in the order written, whatever branch or loop they
 * sit in: plain SQL statements, and `EXECUTE` of a string literal (or literals joined with `||`).
 * EXECUTE of a computed string (`format(…)`, variables) cannot be known and is left out, as are
 * exception handlers (they run only when the block fails, and usually only swallow "already exists").
 */
export function doBlockSql(s: PgNode, input: AdapterInput): NestedSql[] {
  const args: PgNode[] = (s.args ?? []).map((a: PgNode) => a.DefElem).filter(Boolean);
  const language = String(args.find((a) => a.defname === 'language')?.arg?.String?.sval ?? 'plpgsql').toLowerCase();
  if (language !== 'plpgsql') return [];
  const token = bodyToken(input, ['DO', 'LANGUAGE']);
  if (!token) return [];
  const body = bodyText(token, input.tokens.text.slice(token.start, token.end));
  // Only DDL matters here: skip the PL/pgSQL parse of blocks that cannot hold any.
  if (!body || !/\b(create|alter|drop|execute)\b/i.test(body.text)) return [];
  const tree = pgParsePlpgsql(input.tokens.slice(input.range));
  if (!tree) return [];
  const out: NestedSql[] = [];
  let cursor = 0;
  const place = (query: string): number => {
    const at = body.text.indexOf(query, cursor);
    if (at >= 0) cursor = at + query.length;
    return at;
  };
  for (const st of statementsOf(tree)) {
    if (st.kind === 'sql') {
      const at = place(st.query);
      out.push({ text: st.query, offset: at >= 0 ? body.at(at) : token.start });
      continue;
    }
    const literal = stringValue(st.query);
    if (literal === undefined) continue;
    const at = place(st.query);
    const quote = /^(\$[^$]*\$|[eE]?')/.exec(st.query)?.[0].length ?? 1;
    out.push({ text: literal, offset: at >= 0 ? body.at(at + quote) : token.start });
  }
  return out;
}

/** The block's SQL statements and EXECUTE expressions, in tree order, exception handlers left out. */
function statementsOf(tree: PgNode): { kind: 'sql' | 'execute'; query: string }[] {
  const out: { kind: 'sql' | 'execute'; query: string }[] = [];
  const walk = (n: PgNode): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'exceptions' || k === 'datums') continue;
      if (k === 'PLpgSQL_stmt_execsql') {
        const q = (v as PgNode)?.sqlstmt?.PLpgSQL_expr?.query;
        if (typeof q === 'string') out.push({ kind: 'sql', query: q });
        continue;
      }
      if (k === 'PLpgSQL_stmt_dynexecute') {
        const q = (v as PgNode)?.query?.PLpgSQL_expr?.query;
        if (typeof q === 'string') out.push({ kind: 'execute', query: q });
        continue;
      }
      walk(v);
    }
  };
  walk(tree);
  return out;
}

/** The value of an expression made only of string literals joined with `||`; undefined otherwise. */
function stringValue(expression: string): string | undefined {
  const parsed = pgParse(`SELECT ${expression}`);
  if ('error' in parsed || parsed.stmts.length !== 1) return undefined;
  const targets: PgNode[] = parsed.stmts[0].stmt?.SelectStmt?.targetList ?? [];
  if (targets.length !== 1) return undefined;
  const value = (n: PgNode): string | undefined => {
    if (typeof n?.A_Const?.sval?.sval === 'string') return n.A_Const.sval.sval;
    if (n?.A_Const?.sval && Object.keys(n.A_Const.sval).length === 0) return '';
    const e = n?.A_Expr;
    if (e?.kind === 'AEXPR_OP' && e.name?.[0]?.String?.sval === '||') {
      const l = value(e.lexpr);
      const r = value(e.rexpr);
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    return undefined;
  };
  return value(targets[0].ResTarget?.val);
}
