// Queries -> `selectStar` and `query` facts, for the queries written in a statement and for those in
// routine bodies given as strings (`CREATE FUNCTION … AS $$ … $$ LANGUAGE sql|plpgsql`, `DO $$ … $$`).
// This runs on PostgreSQL's own tree for every statement, whichever adapter produced its other facts
// (pgsql-ast-parser has no PL/pgSQL and no tree for function bodies), so query facts have one source.
// Bodies are parsed with PostgreSQL's parsers (the SQL parser, and the PL/pgSQL parser for the
// statements' query strings) and every position is mapped back into the file, so findings in a body
// point at the right characters. Expression ranges are computed from tokens and checked by
// re-parsing the range's text: a range that does not parse back to the same tree is not marked exact,
// and rules build no edit from it.
import type { Fact, OrEqualities, QualifiedName, QueryContext, RelationRef, SelectStarFact, StringBody, WrappedColumn } from './facts.js';
import { canonicalTypeName, type AdapterInput } from './pg-adapter.js';
import { pgParse, pgParsePlpgsql, pgScan, type PgNode } from './pg.js';
import { ByteOffsets, type Range } from './positions.js';
import { LBRACKET, LPAREN, RBRACKET, RPAREN, TokenStream, type Token } from './tokens.js';
import { DepthFirst, SKIP_CHILDREN, STOP, forEachObject, isStackOverflow, stableJson } from './tree-walk.js';

interface Scope {
  ctx: QueryContext;
  /** Names of the CTEs visible here: a FROM item with such a name is not a table. */
  ctes: ReadonlySet<string>;
  /** Report `*` (off inside EXISTS and in PL/pgSQL queries whose rows land in a variable). */
  stars: boolean;
}

interface FromItems {
  relations: RelationRef[];
  other: boolean;
  merged: boolean;
  /** Every FROM item by the name it exposes, and whether its columns are defined in the query itself. */
  items: { name: string; local: boolean }[];
}

/** Set-returning built-ins whose result columns are fixed by their signature, not by a table. */
const LOCAL_FUNCTIONS = new Set([
  'unnest', 'generate_series', 'generate_subscripts', 'regexp_matches', 'regexp_split_to_table', 'string_to_table',
  'json_each', 'json_each_text', 'jsonb_each', 'jsonb_each_text', 'json_array_elements', 'json_array_elements_text',
  'jsonb_array_elements', 'jsonb_array_elements_text', 'json_object_keys', 'jsonb_object_keys', 'jsonb_path_query',
  'json_to_record', 'json_to_recordset', 'jsonb_to_record', 'jsonb_to_recordset', 'pg_options_to_table',
]);

interface BodyInfo {
  inFunctionBody: boolean;
  stringBody?: StringBody;
}

const QUERY_STATEMENTS = new Set(['ViewStmt', 'CreateTableAsStmt', 'SelectStmt', 'UpdateStmt', 'DeleteStmt', 'InsertStmt', 'CreateFunctionStmt', 'DoStmt']);
const COMPARISONS = new Set(['=', '<', '<=', '>', '>=']);
/** Bodies without any of these cannot hold a fact of this module: they are not parsed. */
const INTERESTING = /\*|\bor\b|\boffset\b|\bwhere\b/i;
const NO_LOCATION = new Set(['location', 'rexpr_list_start', 'rexpr_list_end', 'stmt_location', 'stmt_len']);

export class QueryWalker {
  private readonly t: TokenStream;
  /** Token index just past the input range. */
  private readonly lim: number;
  /** The walk: a query's subqueries run as scheduled work, not recursion (trees nest thousands deep). */
  private readonly df = new DepthFirst<Scope>((node, scope) => this.visit(node as PgNode, scope));

  constructor(
    private readonly input: AdapterInput,
    private readonly out: Fact[],
    private readonly body: BodyInfo,
  ) {
    this.t = input.tokens;
    this.lim = this.t.indexAt(input.range.end);
  }

  walk(root: PgNode, context: QueryContext, stars = true): void {
    this.df.run(root, { ctx: context, ctes: new Set(), stars });
  }

  /** One object of the tree; its children are scheduled (this.df), in order. */
  private visit(node: PgNode, scope: Scope): void {
    const df = this.df;
    for (const [key, value] of Object.entries(node)) {
      if (!value || typeof value !== 'object') continue;
      const v = value as PgNode;
      switch (key) {
        case 'SubLink':
          df.visit(v.testexpr, scope);
          // SELECT * inside EXISTS is idiomatic: PostgreSQL never fetches the columns.
          df.visit(v.subselect, { ...scope, ctx: 'subquery', stars: scope.stars && v.subLinkType !== 'EXISTS_SUBLINK' });
          break;
        case 'SelectStmt':
          df.then(() => this.select(v, scope));
          break;
        case 'RangeSubselect':
          df.visit(v.subquery, { ...scope, ctx: 'subquery' });
          break;
        case 'CommonTableExpr':
          df.visit(v.ctequery, { ...scope, ctx: 'cte' });
          break;
        case 'UpdateStmt':
        case 'DeleteStmt':
          df.then(() => this.modify(v, scope));
          break;
        case 'InsertStmt': {
          const ctes = this.withCtes(v.withClause, scope);
          if (v.withClause) df.visit(v.withClause, { ...scope, ctx: 'cte', ctes });
          if (v.selectStmt) df.visit(v.selectStmt, { ...scope, ctx: 'insert', ctes });
          break;
        }
        default:
          df.visit(v, scope);
      }
    }
  }

  private withCtes(withClause: PgNode | undefined, scope: Scope): ReadonlySet<string> {
    const names: string[] = (withClause?.ctes ?? []).map((c: PgNode) => c.CommonTableExpr?.ctename).filter(Boolean);
    return names.length ? new Set([...scope.ctes, ...names]) : scope.ctes;
  }

  private select(s: PgNode, outer: Scope): void {
    const df = this.df;
    const ctes = this.withCtes(s.withClause, outer);
    const scope = { ...outer, ctes };
    if (s.withClause) df.visit(s.withClause, { ...scope, ctx: 'cte' });
    if (s.larg || s.rarg) {
      // A UNION of 2,000 SELECTs is a tree 2,000 deep: each arm is scheduled, not called.
      if (s.larg) df.then(() => this.select(s.larg, scope));
      if (s.rarg) df.then(() => this.select(s.rarg, scope));
      df.then(() => this.queryFact(scope, { relations: [], other: true, merged: false, items: [] }, undefined, [], s.limitOffset));
      return;
    }
    const from = this.fromItems(s.fromClause ?? [], ctes);
    for (const target of s.targetList ?? []) {
      const val = target.ResTarget?.val;
      const fields: PgNode[] | undefined = val?.ColumnRef?.fields;
      if (fields && fields.length && fields[fields.length - 1].A_Star !== undefined) {
        if (scope.stars) df.then(() => this.star(val.ColumnRef, fields, from, scope));
      } else if (val) df.visit(val, { ...scope, ctx: 'subquery' });
    }
    for (const key of ['fromClause', 'whereClause', 'havingClause', 'valuesLists']) if (s[key]) df.visit(s[key], { ...scope, ctx: 'subquery' });
    df.then(() => this.queryFact(scope, from, s.whereClause, [s.havingClause, ...joinQuals(s.fromClause ?? [])], s.limitOffset));
  }

  private star(ref: PgNode, fields: PgNode[], from: FromItems, scope: Scope): void {
    let range: Range;
    let tableCommand = false;
    if (ref.location === undefined || ref.location < 0) {
      // `TABLE name` is `SELECT * FROM name`: the range is the command.
      const rel = from.relations[0];
      if (!rel) return;
      let a = this.t.indexAt(rel.table.range.start) - 1;
      if (this.t.at(a)?.text.toUpperCase() === 'ONLY') a--;
      if (this.t.at(a)?.text.toUpperCase() !== 'TABLE') return;
      // `TABLE t *` (the old spelling of "and its children") keeps its star.
      const after = this.t.indexAt(rel.table.range.end);
      const end = this.t.at(after)?.text === '*' && after < this.lim ? this.t.at(after)!.end : rel.table.range.end;
      range = { start: this.t.at(a)!.start, end };
      tableCommand = true;
    } else {
      const i = this.t.indexAt(this.input.loc(ref.location));
      let k = i;
      while (k < this.lim - 1 && this.t.at(k)!.text !== '*') k++;
      range = this.t.rangeOf(i, k);
    }
    const fact: SelectStarFact = { kind: 'selectStar', range, context: scope.ctx, inFunctionBody: this.body.inFunctionBody };
    if (tableCommand) fact.tableCommand = true;
    const q = fields.length > 1 ? str(fields[fields.length - 2]) : undefined;
    const sources = q === undefined ? from.items : from.items.filter((x) => x.name === q);
    if (sources.length && sources.every((x) => x.local)) fact.localSource = true;
    if (fields.length > 1) {
      const q = str(fields[fields.length - 2]);
      fact.qualifier = q;
      const named = from.relations.filter((r) => (r.alias ?? r.table.name) === q);
      // PostgreSQL rejects two FROM items with the same exposed name, so a table that matches is the one.
      if (named.length === 1) fact.qualifiedRelation = named[0]!;
    }
    if (!from.other) fact.relations = from.relations;
    if (from.merged) fact.mergedJoin = true;
    if (this.body.stringBody) fact.stringBody = this.body.stringBody;
    this.out.push(fact);
  }

  /** UPDATE … [FROM …] [WHERE …] and DELETE … [USING …] [WHERE …]. */
  private modify(s: PgNode, outer: Scope): void {
    const ctes = this.withCtes(s.withClause, outer);
    const scope = { ...outer, ctes };
    const df = this.df;
    if (s.withClause) df.visit(s.withClause, { ...scope, ctx: 'cte' });
    const extra: PgNode[] = s.fromClause ?? s.usingClause ?? [];
    const from = this.fromItems([{ RangeVar: s.relation }, ...extra], ctes);
    for (const key of ['targetList', 'fromClause', 'usingClause', 'whereClause']) if (s[key]) df.visit(s[key], { ...scope, ctx: 'subquery' });
    df.then(() => this.queryFact(scope, from, s.whereClause, joinQuals(extra), undefined));
  }

  private fromItems(list: PgNode[], ctes: ReadonlySet<string>): FromItems {
    const out: FromItems = { relations: [], other: false, merged: false, items: [] };
    // Join trees nest as deep as the query has joins: an explicit stack, left before right.
    const pending: PgNode[] = [...list].reverse();
    const add = (n: PgNode): void => {
      if (n.RangeVar) {
        const rv = n.RangeVar;
        const name = rv.alias?.aliasname ?? rv.relname;
        if (!rv.schemaname && ctes.has(rv.relname)) {
          out.other = true;
          out.items.push({ name, local: true });
          return;
        }
        // `t AS x (a, b)` renames the table's first columns: its star is not the table's column list.
        if (rv.alias?.colnames) {
          out.other = true;
          out.items.push({ name, local: false });
          return;
        }
        const r: RelationRef = { table: this.qname(rv) };
        if (rv.alias?.aliasname) r.alias = rv.alias.aliasname;
        out.relations.push(r);
        out.items.push({ name, local: false });
      } else if (n.JoinExpr) {
        // `(a JOIN b) AS j` hides a and b: columns are reached through j only.
        if (n.JoinExpr.alias?.aliasname) {
          out.other = true;
          out.items.push({ name: n.JoinExpr.alias.aliasname, local: false });
          return;
        }
        if (n.JoinExpr.usingClause || n.JoinExpr.isNatural) out.merged = true;
        pending.push(n.JoinExpr.rarg, n.JoinExpr.larg);
      } else {
        out.other = true;
        if (n.RangeTableSample) {
          pending.push({ RangeVar: n.RangeTableSample.relation?.RangeVar });
          return;
        }
        const alias = n.RangeSubselect?.alias ?? n.RangeFunction?.alias ?? n.RangeTableFunc?.alias;
        out.items.push({ name: alias?.aliasname ?? '', local: !n.RangeFunction || localFunction(n.RangeFunction) });
      }
    };
    while (pending.length) {
      const n = pending.pop();
      if (n) add(n);
    }
    return out;
  }

  /**
   * Every relation a query reads, once each: RangeVars anywhere in it (FROM, JOIN, subqueries, CTE
   * bodies), except unqualified names of the query's own CTEs (any CTE name counts, at any level: a
   * table shadowed by a CTE somewhere is left out rather than guessed).
   */
  relationsIn(root: PgNode): QualifiedName[] {
    const ctes = new Set<string>();
    const vars: PgNode[] = [];
    forEachObject(root, (n: PgNode) => {
      if (n.CommonTableExpr?.ctename) ctes.add(n.CommonTableExpr.ctename);
      if (n.RangeVar) vars.push(n.RangeVar);
    });
    const seen = new Set<string>();
    const out: QualifiedName[] = [];
    for (const rv of vars) {
      if (!rv.relname || (!rv.schemaname && ctes.has(rv.relname))) continue;
      const key = `${rv.schemaname ?? ''}.${rv.relname}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(this.qname(rv));
    }
    return out.sort((a, b) => a.range.start - b.range.start);
  }

  private qname(rv: PgNode): RelationRef['table'] {
    const start = rv.location !== undefined && rv.location >= 0 ? this.input.loc(rv.location) : this.input.range.start;
    const d = this.t.dottedName(this.t.indexAt(start));
    const last = d?.parts[d.parts.length - 1];
    const range = d ? d.range : { start, end: start + String(rv.relname).length };
    const q: RelationRef['table'] = {
      name: rv.relname,
      quoted: !!last?.text.startsWith('"'),
      range,
      nameRange: last ? { start: last.start, end: last.end } : range,
    };
    if (rv.schemaname) q.schema = rv.schemaname;
    return q;
  }

  // ---- the query fact -------------------------------------------------------------------------

  private queryFact(scope: Scope, from: FromItems, where: PgNode | undefined, filters: (PgNode | undefined)[], limitOffset: PgNode | undefined): void {
    const wrappedColumns: WrappedColumn[] = [];
    if (where) this.comparisons(where, wrappedColumns);
    const orEqualities: OrEqualities[] = [];
    for (const f of [where, ...filters]) if (f) this.ors(f, orEqualities);
    const offset = this.offset(limitOffset);
    if (!wrappedColumns.length && !orEqualities.length && !offset) return;
    this.out.push({
      kind: 'query',
      range: this.input.range,
      context: scope.ctx,
      inFunctionBody: this.body.inFunctionBody,
      ...(this.body.stringBody ? { stringBody: this.body.stringBody } : {}),
      relations: from.relations,
      otherRelations: from.other,
      wrappedColumns,
      orEqualities,
      ...(offset ? { offset } : {}),
    });
  }

  private offset(n: PgNode | undefined): { value: number; range: Range } | undefined {
    const c = n?.A_Const;
    if (!c || c.location === undefined) return undefined;
    const value = c.ival ? Number(c.ival.ival ?? 0) : c.fval ? Number(c.fval.fval) : NaN;
    if (!Number.isFinite(value)) return undefined;
    const i = this.t.indexAt(this.input.loc(c.location));
    const prev = this.t.at(i - 1);
    return { value, range: this.t.rangeOf(prev && prev.text.toUpperCase() === 'OFFSET' ? i - 1 : i, i) };
  }

  /** Comparisons reachable through AND / OR / NOT (not inside subqueries: those are their own blocks). */
  private comparisons(root: PgNode, out: WrappedColumn[]): void {
    const pending: PgNode[] = [root];
    while (pending.length) {
      const n = pending.pop();
      if (n?.BoolExpr) pending.push(...[...(n.BoolExpr.args ?? [])].reverse());
      else if (n?.A_Expr) this.comparison(n.A_Expr, out);
    }
  }

  private comparison(e: PgNode, out: WrappedColumn[]): void {
    const op = opName(e);
    let sides: PgNode[] = [];
    if (e.kind === 'AEXPR_OP' && COMPARISONS.has(op)) sides = [e.lexpr, e.rexpr];
    else if ((e.kind === 'AEXPR_OP_ANY' || e.kind === 'AEXPR_IN') && op === '=') sides = [e.lexpr];
    else if (e.kind === 'AEXPR_BETWEEN' || e.kind === 'AEXPR_BETWEEN_SYM') sides = [e.lexpr];
    sides.forEach((side, i) => {
      const w = side && this.wrapped(side);
      if (!w) return;
      const other = sides.length === 2 ? sides[1 - i] : e.rexpr;
      if (columnKeys(other).has(w.colKey)) return;
      out.push(w.fact);
    });
  }

  private wrapped(node: PgNode): { fact: WrappedColumn; colKey: string } | undefined {
    if (!node.FuncCall && !node.CoalesceExpr && !node.TypeCast) return undefined;
    if (contains(node, 'SubLink')) return undefined;
    const refs = columnRefs(node);
    const keys = new Set(refs.map(refKey));
    if (keys.size !== 1) return undefined;
    const ref = refs[0]!;
    const fields: PgNode[] = ref.fields;
    if (fields.some((f) => f.A_Star !== undefined)) return undefined;
    let fn: string | undefined;
    let castTo: string | undefined;
    let inner = node;
    while (inner.TypeCast) inner = inner.TypeCast.arg;
    if (inner.ColumnRef) {
      fn = 'cast';
      const names: string[] = (node.TypeCast.typeName?.names ?? []).map(str);
      if (!node.TypeCast.typeName?.arrayBounds) castTo = canonicalTypeName(names).name;
    } else fn = firstFunction(node);
    if (!fn) return undefined;
    const refTok = this.t.indexAt(this.input.loc(ref.location));
    const d = this.t.dottedName(refTok);
    const column: WrappedColumn['column'] = { name: str(fields[fields.length - 1]), range: d ? d.range : this.t.rangeOf(refTok, refTok) };
    if (fields.length > 1) column.qualifier = str(fields[fields.length - 2]);
    const ext = this.extent(node);
    const fact: WrappedColumn = { range: ext?.range ?? column.range, function: fn, column, key: expressionKey(node) };
    if (castTo) fact.castTo = castTo;
    return { fact, colKey: refKey(ref) };
  }

  /** OR expressions reachable through AND / OR / NOT, each checked for repeated equalities on a column. */
  private ors(root: PgNode, out: OrEqualities[]): void {
    const pending: PgNode[] = [root];
    while (pending.length) {
      const n = pending.pop();
      const b = n?.BoolExpr;
      if (!b) continue;
      if (b.boolop === 'OR_EXPR') this.orEqualities(n, out);
      pending.push(...[...(b.args ?? [])].reverse());
    }
  }

  private orEqualities(node: PgNode, out: OrEqualities[]): void {
    const args: PgNode[] = node.BoolExpr.args ?? [];
    // Each arm `col = value` (or `value = col`) as candidate pairs keyed by the column reference.
    const pairs = args.map((a) => {
      const e = a.A_Expr;
      if (!e || e.kind !== 'AEXPR_OP' || opName(e) !== '=' || (e.name ?? []).length !== 1) return [];
      const out: { key: string; col: PgNode; value: PgNode; colLeft: boolean; eq: number }[] = [];
      for (const [col, value, colLeft] of [[e.lexpr, e.rexpr, true], [e.rexpr, e.lexpr, false]] as [PgNode, PgNode, boolean][]) {
        const ref = col?.ColumnRef;
        if (!ref || ref.fields.some((f: PgNode) => f.A_Star !== undefined)) continue;
        const key = refKey(ref);
        if (columnKeys(value).has(key)) continue;
        out.push({ key, col: ref, value, colLeft, eq: e.location });
      }
      return out;
    });
    const used = new Set<number>();
    const order: string[] = [];
    const groups = new Map<string, number[]>();
    pairs.forEach((ps, i) => {
      for (const p of ps) {
        if (!groups.has(p.key)) order.push(p.key);
        groups.set(p.key, [...(groups.get(p.key) ?? []), i]);
      }
    });
    const region = this.extent(node);
    const armRanges = region?.verified && !this.isQuoted() ? this.splitOr(region.range, args.length) : undefined;
    for (const key of order) {
      const idx = groups.get(key)!.filter((i) => !used.has(i));
      if (idx.length < 2) continue;
      idx.forEach((i) => used.add(i));
      const first = pairs[idx[0]!]!.find((p) => p.key === key)!;
      const colTok = this.t.dottedName(this.t.indexAt(this.input.loc(first.col.location)));
      const column = colTok ? this.t.slice(colTok.range) : key;
      let exact = !!armRanges;
      const arms: OrEqualities['arms'] = [];
      args.forEach((_arg, i) => {
        const r = armRanges?.[i];
        const text = r ? this.t.slice(r) : '';
        if (!idx.includes(i)) {
          arms.push({ text });
          return;
        }
        const p = pairs[i]!.find((x) => x.key === key)!;
        let value = r ? this.sideText(r, p.eq, p.colLeft) : undefined;
        if (value === undefined || !this.parsesTo(value, p.value)) {
          exact = false;
          const ext = this.extent(p.value);
          value = ext ? this.t.slice(ext.range) : '?';
        }
        arms.push({ text, value });
      });
      const lastCol = pairs[idx[idx.length - 1]!]!.find((p) => p.key === key)!;
      const lastTok = this.t.dottedName(this.t.indexAt(this.input.loc(lastCol.col.location)));
      const range = region?.range ?? { start: colTok?.range.start ?? this.input.range.start, end: lastTok?.range.end ?? this.input.range.start };
      out.push({ column, range, arms, exact });
    }
  }

  /** The text on the value side of the `=` at byte offset `eq` inside an arm (outer parentheses of the arm removed). */
  private sideText(arm: Range, eq: number, colLeft: boolean): string | undefined {
    let a = this.t.indexAt(arm.start);
    let b = this.t.indexAt(arm.end - 1);
    while (this.t.at(a)?.name === LPAREN && this.t.matching(a) === b) {
      a++;
      b--;
    }
    const e = this.t.indexAt(this.input.loc(eq));
    if (e <= a || e >= b || this.t.at(e)!.text !== '=') return undefined;
    return colLeft ? this.t.slice(this.t.rangeOf(e + 1, b)) : this.t.slice(this.t.rangeOf(a, e - 1));
  }

  /** Splits an OR expression's range at its top-level OR keywords; undefined unless there are `n` arms. */
  private splitOr(r: Range, n: number): Range[] | undefined {
    const a = this.t.indexAt(r.start);
    const b = this.t.indexAt(r.end - 1);
    const arms: Range[] = [];
    let depth = 0;
    let start = a;
    for (let k = a; k <= b; k++) {
      const tk = this.t.at(k)!;
      if (tk.name === LPAREN || tk.name === LBRACKET) depth++;
      else if (tk.name === RPAREN || tk.name === RBRACKET) depth--;
      else if (depth === 0 && tk.text.toUpperCase() === 'OR') {
        if (k === start) return undefined;
        arms.push(this.t.rangeOf(start, k - 1));
        start = k + 1;
      }
    }
    if (start > b) return undefined;
    arms.push(this.t.rangeOf(start, b));
    return arms.length === n ? arms : undefined;
  }

  // ---- expression ranges ----------------------------------------------------------------------

  private isQuoted(): boolean {
    return this.body.stringBody === 'quoted';
  }

  /**
   * The range of an expression: from its leftmost to its rightmost located token, widened to balance
   * parentheses and to take a few unlocated trailing tokens (`END`, a type's second word), until its
   * text parses back to the same tree. `verified` is false when no candidate did.
   */
  private extent(node: PgNode): { range: Range; verified: boolean } | undefined {
    const locs: number[] = [];
    collectLocations(node, locs);
    if (!locs.length) return undefined;
    let a = this.t.indexAt(this.input.loc(Math.min(...locs)));
    let b = Math.min(this.t.indexAt(this.input.loc(Math.max(...locs))), this.lim - 1);
    if (a > b || a >= this.lim) return undefined;
    let depth = 0;
    let minDepth = 0;
    for (let k = a; k <= b; k++) {
      const n = this.t.at(k)!.name;
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) minDepth = Math.min(minDepth, --depth);
    }
    for (let i = 0; i < -minDepth && this.t.at(a - 1)?.name === LPAREN; i++) {
      a--;
      depth++;
    }
    while (depth > 0 && b + 1 < this.lim) {
      const n = this.t.at(++b)!.name;
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) depth--;
    }
    if (!this.isQuoted())
      for (let extra = 0; extra <= 4 && b + extra < this.lim; extra++) {
        const range = this.t.rangeOf(a, b + extra);
        if (this.parsesTo(this.t.slice(range), node)) return { range, verified: true };
      }
    return { range: this.t.rangeOf(a, b), verified: false };
  }

  /** `text` parses as one expression whose tree is `node`'s (positions aside). */
  private parsesTo(text: string, node: PgNode): boolean {
    if (this.isQuoted()) return false;
    const r = pgParse(`SELECT ${text}`);
    if ('error' in r || r.stmts.length !== 1) return false;
    const sel = r.stmts[0].stmt?.SelectStmt;
    const targets = sel?.targetList ?? [];
    if (!sel || targets.length !== 1 || sel.fromClause || sel.whereClause || targets[0].ResTarget?.name) return false;
    return normalized(targets[0].ResTarget.val) === normalized(node);
  }
}

/**
 * The statement's facts with the query facts of this module: its `selectStar` facts (replacing any an
 * adapter made, so that every star carries the same fields), `query` facts, the facts of a string
 * function or DO body, and the normalized key of each expression element of a CREATE INDEX.
 */
export function withQueryFacts(facts: Fact[], node: PgNode, input: AdapterInput): Fact[] {
  try {
    return queryFactsOf(facts, node, input);
  } catch (e) {
    // Too deep a tree is the caller's to report (the statement was not fully analysed).
    if (isStackOverflow(e)) throw e;
    // A tree shape this module does not expect must not cost the statement its other facts
    // (the corpus test lints every real-world file with every rule on, so such a shape is found there).
    return facts;
  }
}

function queryFactsOf(facts: Fact[], node: PgNode, input: AdapterInput): Fact[] {
  const type = Object.keys(node ?? {})[0] ?? '';
  const s = node?.[type];
  if (!s) return facts;
  if (type === 'IndexStmt') {
    const fact = facts.find((f) => f.kind === 'createIndex');
    if (fact && fact.kind === 'createIndex') {
      (s.indexParams ?? []).forEach((p: PgNode, i: number) => {
        const el = fact.elements[i];
        if (el && !p.IndexElem?.name && p.IndexElem?.expr) el.expressionKey = expressionKey(p.IndexElem.expr);
      });
      const read = indexExpressionColumns(s);
      if (read.length) fact.expressionColumns = read;
    }
    return facts;
  }
  if (!QUERY_STATEMENTS.has(type)) return facts;
  const out: Fact[] = facts.filter((f) => f.kind !== 'selectStar');
  const walker = (inFunctionBody: boolean): QueryWalker => new QueryWalker(input, out, { inFunctionBody });
  switch (type) {
    case 'ViewStmt':
      walker(false).walk(s.query, 'view');
      viewReferences(out, walker(false).relationsIn(s.query));
      break;
    case 'CreateTableAsStmt':
      walker(false).walk(s.query, s.objtype === 'OBJECT_MATVIEW' ? 'view' : 'createTableAs');
      if (s.objtype === 'OBJECT_MATVIEW') viewReferences(out, walker(false).relationsIn(s.query));
      break;
    case 'SelectStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      walker(false).walk(node, 'query');
      break;
    case 'InsertStmt':
      walker(false).walk(node, 'insert');
      break;
    case 'CreateFunctionStmt': {
      if (s.sql_body) {
        walker(true).walk(s.sql_body, 'function');
        break;
      }
      const opts: PgNode[] = (s.options ?? []).map((o: PgNode) => o.DefElem).filter(Boolean);
      const language = String(opts.find((o) => o.defname === 'language')?.arg?.String?.sval ?? 'sql');
      const token = bodyToken(input, ['AS']);
      if (token) out.push(...routineBodyFacts({ kind: 'function', language, token, statementText: input.tokens.slice(input.range), fileText: input.tokens.text }));
      break;
    }
    case 'DoStmt': {
      const args: PgNode[] = (s.args ?? []).map((a: PgNode) => a.DefElem).filter(Boolean);
      const language = String(args.find((a) => a.defname === 'language')?.arg?.String?.sval ?? 'plpgsql');
      const token = bodyToken(input, ['DO', 'LANGUAGE']);
      if (token) out.push(...routineBodyFacts({ kind: 'do', language, token, statementText: input.tokens.slice(input.range), fileText: input.tokens.text }));
      break;
    }
    default:
      return facts;
  }
  return out;
}

/** Columns an index's expression elements and predicate read (PostgreSQL drops the index with any of them). */
function indexExpressionColumns(s: PgNode): string[] {
  const read = new Set<string>();
  const add = (n: PgNode): void => {
    for (const ref of columnRefs(n)) {
      const f: PgNode[] = ref.fields ?? [];
      const name = str(f[f.length - 1]);
      if (name) read.add(name);
    }
  };
  for (const p of s.indexParams ?? []) if (p.IndexElem?.expr) add(p.IndexElem.expr);
  if (s.whereClause) add(s.whereClause);
  return [...read];
}

/** Sets the relations a view's query reads on its createView fact. */
function viewReferences(out: Fact[], relations: QualifiedName[]): void {
  const i = out.findIndex((f) => f.kind === 'createView');
  if (i >= 0) out[i] = { ...(out[i] as Extract<Fact, { kind: 'createView' }>), references: relations };
}

/** The string literal right after one of `words` at parenthesis depth 0 (`AS '…'`, `DO $$…$$`, `LANGUAGE plpgsql $$…$$`). */
export function bodyToken(input: AdapterInput, words: string[]): Token | undefined {
  const t = input.tokens;
  const lim = t.indexAt(input.range.end);
  let depth = 0;
  for (let k = t.indexAt(input.range.start); k < lim; k++) {
    const tk = t.at(k)!;
    if (tk.name === LPAREN) depth++;
    else if (tk.name === RPAREN) depth--;
    else if (depth === 0 && tk.name === 'SCONST') {
      const prev = t.at(k - 1)!;
      const prev2 = t.at(k - 2);
      // DO LANGUAGE plpgsql $$ … $$: the body follows the language name.
      if (words.includes(prev.text.toUpperCase()) || (words.includes('LANGUAGE') && prev2?.text.toUpperCase() === 'LANGUAGE')) return tk;
    }
  }
  return undefined;
}

// ---- routine bodies -----------------------------------------------------------------------------

/** A body string's text (quotes removed, doubled quotes undone) and where each of its characters is in the file. */
export interface BodyText {
  text: string;
  stringBody: StringBody;
  /** File offset of text index i (i may be negative or text.length). */
  at(i: number): number;
}

export function bodyText(tok: Token, raw: string): BodyText | undefined {
  const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(raw);
  if (tag) {
    const open = tag[0].length;
    if (!raw.endsWith(tag[0]) || raw.length < 2 * open) return undefined;
    const text = raw.slice(open, raw.length - open);
    const base = tok.start + open;
    return { text, stringBody: 'dollar', at: (i) => base + i };
  }
  // '…' with doubled quotes (standard_conforming_strings); E'…' escapes and U&'…' are left alone.
  if (!raw.startsWith("'") || !raw.endsWith("'") || raw.length < 2) return undefined;
  const map: number[] = [];
  let text = '';
  for (let k = 1; k < raw.length - 1; k++) {
    if (raw[k] === "'") {
      // A lone quote means adjacent literals ('a' 'b' across a newline): not one plain string.
      if (raw[k + 1] !== "'" || k + 1 >= raw.length - 1) return undefined;
      map.push(tok.start + k);
      text += "'";
      k++;
      continue;
    }
    map.push(tok.start + k);
    text += raw[k];
  }
  const end = tok.start + raw.length - 1;
  return {
    text,
    stringBody: 'quoted',
    at: (i) => (i < 0 ? (map[0] ?? end) + i : i >= map.length ? end + (i - map.length) : map[i]!),
  };
}

/** Tokens of `text` (a piece to parse) placed in the file through `at`, and the matching byte-offset mapping. */
function subInput(fileText: string, text: string, at: (i: number) => number): AdapterInput | undefined {
  const scanned = pgScan(text);
  if (!Array.isArray(scanned)) return undefined;
  const bytes = new ByteOffsets(text);
  const tokens: Token[] = [];
  for (const tk of scanned) {
    if (tk.name === 'SQL_COMMENT' || tk.name === 'C_COMMENT') continue;
    const s = bytes.toUtf16(tk.start);
    const e = bytes.toUtf16(tk.end);
    // at(e) is where the next character starts: just after this token's last one, doubled quotes included.
    tokens.push({ start: at(s), end: at(e), text: tk.text, name: tk.name, keyword: tk.keyword });
  }
  return {
    tokens: new TokenStream(fileText, tokens),
    range: { start: at(0), end: at(text.length) },
    loc: (b) => at(bytes.toUtf16(b)),
  };
}

export interface RoutineBody {
  /** 'do' for DO blocks. */
  kind: 'function' | 'do';
  language: string;
  /** The body string's token (SCONST). */
  token: Token;
  /** The whole statement's text (the PL/pgSQL parser needs the CREATE FUNCTION / DO around the body). */
  statementText: string;
  /** The file's (masked) text, which token offsets index. */
  fileText: string;
}

/**
 * selectStar and query facts of a function or DO body given as a string. Only `sql` and `plpgsql`
 * bodies are read; a body that does not parse yields nothing (PostgreSQL reports it when it runs).
 */
export function routineBodyFacts(b: RoutineBody): Fact[] {
  const lang = b.language.toLowerCase();
  if (lang !== 'sql' && lang !== 'plpgsql') return [];
  const body = bodyText(b.token, b.fileText.slice(b.token.start, b.token.end));
  if (!body || !INTERESTING.test(body.text)) return [];
  const out: Fact[] = [];
  const info: BodyInfo = { inFunctionBody: true, stringBody: body.stringBody };
  if (lang === 'sql') {
    const parsed = pgParse(body.text);
    if ('error' in parsed) return [];
    const input = subInput(b.fileText, body.text, body.at);
    if (!input) return [];
    const walker = new QueryWalker(input, out, info);
    for (const st of parsed.stmts) {
      const node: PgNode = st.stmt;
      const type = Object.keys(node ?? {})[0];
      walker.walk(node, type === 'SelectStmt' ? 'function' : type === 'InsertStmt' ? 'insert' : type === 'CreateTableAsStmt' ? 'createTableAs' : 'query');
    }
    return out;
  }
  const fn = pgParsePlpgsql(b.statementText);
  if (!fn) return [];
  const lineStarts = [0];
  for (let i = 0; i < body.text.length; i++) if (body.text[i] === '\n') lineStarts.push(i + 1);
  const claimed = new Set<number>();
  for (const e of plpgsqlExpressions(fn)) {
    if (!INTERESTING.test(e.query)) continue;
    const from = lineStarts[Math.max(0, Math.min(e.lineno - 1, lineStarts.length - 1))] ?? 0;
    const pos = locate(body.text, e.query, from, claimed);
    if (pos < 0) continue;
    claimed.add(pos);
    let text = e.query;
    let base = pos;
    if (e.parseMode !== 0) {
      // An expression (`IF <expr>`, `x := <expr>`): parsed as `SELECT <expr>`, the assignment target cut off.
      let cut = 0;
      if (e.parseMode >= 3) {
        const toks = pgScan(e.query);
        if (!Array.isArray(toks)) continue;
        const bytes = new ByteOffsets(e.query);
        const assign = toks.find((tk) => tk.name === 'COLON_EQUALS' || tk.text === '=');
        if (!assign) continue;
        cut = bytes.toUtf16(assign.end);
      }
      text = 'SELECT ' + e.query.slice(cut);
      base = pos + cut - 'SELECT '.length;
    }
    const parsed = pgParse(text);
    if ('error' in parsed) continue;
    const input = subInput(b.fileText, text, (i) => body.at(base + i));
    if (!input) continue;
    const walker = new QueryWalker(input, out, info);
    for (const st of parsed.stmts) {
      const node: PgNode = st.stmt;
      const type = Object.keys(node ?? {})[0];
      const context: QueryContext = e.stmt === 'PLpgSQL_stmt_return_query' ? 'function' : type === 'InsertStmt' ? 'insert' : type === 'CreateTableAsStmt' ? 'createTableAs' : type === 'ViewStmt' ? 'view' : e.parseMode !== 0 ? 'subquery' : 'query';
      // Rows that land in a variable (SELECT … INTO, FOR r IN SELECT, cursors, PERFORM) are whole
      // rows by design (a %ROWTYPE record): their stars are not reported.
      const stars = e.parseMode === 0 && ((e.stmt === 'PLpgSQL_stmt_execsql' && !e.into) || e.stmt === 'PLpgSQL_stmt_return_query');
      walker.walk(type === 'ViewStmt' ? node.ViewStmt.query : node, context, stars);
    }
  }
  return out;
}

interface PlpgsqlExpr {
  query: string;
  parseMode: number;
  /** The PL/pgSQL statement (or declaration) holding it. */
  stmt: string;
  lineno: number;
  into: boolean;
}

/** Every SQL expression of a parsed PL/pgSQL function, in tree order, with its statement and line. */
function plpgsqlExpressions(parsed: PgNode): PlpgsqlExpr[] {
  const out: PlpgsqlExpr[] = [];
  type Where = { stmt: string; lineno: number; into: boolean };
  const df: DepthFirst<Where> = new DepthFirst<Where>((n: PgNode, at) => {
    for (const [k, v] of Object.entries(n)) {
      if (!v || typeof v !== 'object') continue;
      const o = v as PgNode;
      if (k === 'PLpgSQL_expr') {
        if (at.stmt !== 'PLpgSQL_stmt_dynexecute' && at.stmt !== 'PLpgSQL_stmt_dynfors' && typeof o.query === 'string')
          df.then(() => out.push({ query: o.query, parseMode: Number(o.parseMode ?? 0), ...at }));
        continue;
      }
      if (k.startsWith('PLpgSQL_stmt_') || k === 'PLpgSQL_var' || k === 'PLpgSQL_rec') {
        df.visit(o, { stmt: k.startsWith('PLpgSQL_stmt_') ? k : 'PLpgSQL_declare', lineno: typeof o.lineno === 'number' ? o.lineno : at.lineno, into: !!o.into });
        continue;
      }
      // RETURN QUERY EXECUTE …: a dynamic query string.
      if (k === 'dynquery') continue;
      df.visit(o, at);
    }
  });
  df.run(parsed, { stmt: 'PLpgSQL_function', lineno: 1, into: false });
  return out;
}

/**
 * Where a PL/pgSQL query string sits in the body, searching from `from`. PL/pgSQL blanks out the
 * INTO clause of `SELECT … INTO x …` with spaces, so a blank in the query matches any character.
 */
function locate(text: string, query: string, from: number, claimed: ReadonlySet<number>): number {
  for (let p = text.indexOf(query, from); p >= 0; p = text.indexOf(query, p + 1)) if (!claimed.has(p)) return p;
  const blank = query.search(/ {2,}/);
  const head = (blank > 0 ? query.slice(0, blank) : query).trimEnd();
  if (!head) return -1;
  for (let p = text.indexOf(head, from); p >= 0; p = text.indexOf(head, p + 1)) {
    if (claimed.has(p) || p + query.length > text.length) continue;
    let ok = true;
    for (let i = 0; i < query.length && ok; i++) ok = query[i] === text[p + i] || query[i] === ' ';
    if (ok) return p;
  }
  return -1;
}

// ---- tree helpers -------------------------------------------------------------------------------

function str(n: PgNode): string {
  return n?.String?.sval ?? n?.sval ?? '';
}

function opName(e: PgNode): string {
  const names: PgNode[] = e.name ?? [];
  return str(names[names.length - 1]);
}

function refKey(ref: PgNode): string {
  return (ref.fields as PgNode[]).map((f) => (f.A_Star !== undefined ? '*' : str(f))).join('.');
}

/** Column references of an expression, not looking into subqueries. */
function columnRefs(root: PgNode): PgNode[] {
  const out: PgNode[] = [];
  forEachObject(root, (n: PgNode) => {
    if (n.ColumnRef) {
      out.push(n.ColumnRef);
      return SKIP_CHILDREN;
    }
    return n.SubLink ? SKIP_CHILDREN : undefined;
  });
  return out;
}

function columnKeys(n: PgNode): Set<string> {
  return new Set(columnRefs(n).map(refKey));
}

function contains(root: PgNode, key: string): boolean {
  let found = false;
  forEachObject(root, (n) => {
    if (key in n) {
      found = true;
      return STOP;
    }
  });
  return found;
}

function firstFunction(root: PgNode): string | undefined {
  let found: string | undefined;
  forEachObject(root, (n: PgNode) => {
    if (n.FuncCall) {
      const names: PgNode[] = n.FuncCall.funcname ?? [];
      found = str(names[names.length - 1]).toLowerCase();
    } else if (n.CoalesceExpr) found = 'coalesce';
    // An empty name does not count (a recursive walk went on to the node's siblings), nor its arguments.
    if (found) return STOP;
    return n.FuncCall || n.CoalesceExpr ? SKIP_CHILDREN : undefined;
  });
  return found;
}

/** A FROM function whose columns are spelled out (`AS r(x int)`) or fixed by a built-in's signature. */
function localFunction(rf: PgNode): boolean {
  if (rf.coldeflist || rf.alias?.colnames) return true;
  return (rf.functions ?? []).every((f: PgNode) => {
    const items: PgNode[] = f.List?.items ?? [];
    if (items[1]?.List) return true;
    const names: PgNode[] = items[0]?.FuncCall?.funcname ?? [];
    return LOCAL_FUNCTIONS.has(str(names[names.length - 1]).toLowerCase());
  });
}

function joinQuals(from: PgNode[]): PgNode[] {
  const out: PgNode[] = [];
  const pending: PgNode[] = [...from].reverse();
  while (pending.length) {
    const j = pending.pop()?.JoinExpr;
    if (!j) continue;
    if (j.quals) out.push(j.quals);
    pending.push(j.rarg, j.larg);
  }
  return out;
}

function collectLocations(root: PgNode, out: number[]): void {
  forEachObject(root, (n) => {
    for (const k of ['location', 'rexpr_list_end']) {
      const v = n[k];
      if (typeof v === 'number' && v >= 0) out.push(v);
    }
  });
}

function normalized(n: PgNode): string {
  return stableJson(n, NO_LOCATION);
}

/**
 * A normalized form of an expression, for matching a WHERE-clause expression with an index
 * expression: positions, column qualifiers, casts and the pg_catalog prefix of function names are
 * ignored (`lower(u.email::text)` and `LOWER(email)` have the same key). Ignoring casts can only make
 * two expressions match that PostgreSQL would not match, never the reverse, so rules that stay quiet
 * on a match stay on the safe side.
 */
export function expressionKey(node: PgNode): string {
  return stableJson(node, NO_LOCATION, (object) => {
    let n: PgNode = object;
    while (n && typeof n === 'object' && n.TypeCast) n = n.TypeCast.arg;
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    if (n.ColumnRef) {
      const f: PgNode[] = n.ColumnRef.fields ?? [];
      return { col: str(f[f.length - 1]) };
    }
    if (n.FuncCall) {
      const { funcname, funcformat: _f, location: _l, ...rest } = n.FuncCall;
      const names: PgNode[] = funcname ?? [];
      return { fn: str(names[names.length - 1]).toLowerCase(), ...rest };
    }
    return n;
  });
}
