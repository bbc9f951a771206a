import type { AlterTableFact, QualifiedName } from '../parse/facts.js';
import type { Statement } from '../parse/document.js';
import type { Range } from '../parse/positions.js';
import { generatedName } from '../model/names.js';
import { tableKey, type SchemaModel } from '../model/schema.js';
import { defineRule, type FixSpec, type RuleContext, type TextEdit } from './types.js';
import { lineBreakOf as eol } from '../parse/line-break.js';

// Keywords that cannot be a bare column, table or constraint name (PostgreSQL's reserved and
// type_func_name keywords, https://www.postgresql.org/docs/current/sql-keywords-appendix.html).
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is ' +
    'isnull join left like natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

/** An identifier as it must be written in SQL: bare when PostgreSQL would read it back unchanged, quoted otherwise. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL truncates names to 63 bytes (NAMEDATALEN - 1). */
export function truncateName(name: string, max = 63): string {
  let out = name;
  while (Buffer.byteLength(out, 'utf8') > max) out = out.slice(0, -1);
  return out;
}

/** A name `<table>_<column>_not_null` (shortened to fit 63 bytes) that no constraint of the table uses yet. */
export function notNullCheckName(model: SchemaModel, table: QualifiedName, column: string, alsoTaken: string[] = []): string {
  const taken = new Set([...(model.table(table.schema, table.name)?.constraints.map((c) => c.name) ?? []), ...alsoTaken]);
  const base = generatedName(table.name, [column], 'not_null');
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : String(i - 1);
    const name = truncateName(base, 63 - suffix.length) + suffix;
    if (!taken.has(name)) return name;
  }
}

/**
 * The statements of the online way to make a column NOT NULL: a CHECK constraint added NOT VALID
 * (brief lock, no scan), validated (scan under SHARE UPDATE EXCLUSIVE, writes go on), then SET NOT
 * NULL, which PostgreSQL 12+ proves from the validated CHECK without scanning, then the CHECK dropped.
 * Before PostgreSQL 12 SET NOT NULL scans anyway, so the validated CHECK is kept instead.
 */
export function notNullSteps(tableText: string, columnText: string, checkName: string, postgresVersion: number): { check: string[]; setNotNull: string[] } {
  const n = quoteIdent(checkName);
  const check = [`ALTER TABLE ${tableText} ADD CONSTRAINT ${n} CHECK (${columnText} IS NOT NULL) NOT VALID;`, `ALTER TABLE ${tableText} VALIDATE CONSTRAINT ${n};`];
  const setNotNull =
    postgresVersion >= 12
      ? [`ALTER TABLE ${tableText} ALTER COLUMN ${columnText} SET NOT NULL;`, `ALTER TABLE ${tableText} DROP CONSTRAINT ${n};`]
      : [`-- PostgreSQL ${postgresVersion} would scan the table again for SET NOT NULL: the validated CHECK above enforces the same rule.`];
  return { check, setNotNull };
}

/**
 * Whether the table an ALTER TABLE names already held rows' worth of history before this file: it
 * was created by an earlier file. A table the history never created is taken as pre-existing (ALTER
 * TABLE proves it exists; the history may start after it), unless this file created a table of that
 * name earlier (under another schema or search_path).
 */
export function tableExistedBeforeFile<O>(ctx: RuleContext<O>, statement: Statement, table: QualifiedName, model = ctx.modelAt(statement)): boolean {
  // System catalogs and views are not tables a migration fills (ALTER TABLE … ADD COLUMN / SET NOT NULL on them fails anyway).
  if (table.schema === 'pg_catalog' || table.schema === 'information_schema' || model.views.has(tableKey(table.schema, table.name))) return false;
  const t = model.table(table.schema, table.name);
  if (t) return t.fileIndex < ctx.file.index && !emptiedEarlier(ctx, statement, table);
  return !ctx.facts('createTable').some(({ fact, statement: s }) => s.index < statement.index && fact.table.name === table.name) && !emptiedEarlier(ctx, statement, table);
}

/** An earlier statement of this file deleted every row (`DELETE FROM t` without WHERE, `TRUNCATE t`) and none was inserted since. */
function emptiedEarlier<O>(ctx: RuleContext<O>, statement: Statement, table: QualifiedName): boolean {
  const key = tableKey(table.schema, table.name);
  let empty = false;
  for (const s of ctx.file.parsed.statements) {
    if (s.index >= statement.index) break;
    for (const f of s.facts)
      if (f.kind === 'truncate') empty ||= f.tables.some((t) => tableKey(t.schema, t.name) === key);
      else if ((f.kind === 'delete' || f.kind === 'insert') && tableKey(f.table.schema, f.table.name) === key) empty = f.kind === 'delete' && !f.hasWhere;
  }
  return empty;
}

/** The source text of a range of the file being linted. */
export function sourceText<O>(ctx: RuleContext<O>, range: { start: number; end: number }): string {
  return ctx.file.parsed.text.slice(range.start, range.end);
}

export { eol };

/**
 * An edit that puts `lines` on lines of their own after a statement: after a comment that ends the
 * statement's line (so the comment stays with its statement), with a `;` added when the statement
 * had none (the last statement of a file may omit it).
 */
export function insertAfter(text: string, statement: Statement, lines: string[]): TextEdit {
  const nl = eol(text);
  let at = statement.end;
  const lineEnd = text.indexOf('\n', at);
  const rest = text.slice(at, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  if (/^[ \t]*--/.test(rest)) at += rest.length;
  const terminated = text.slice(statement.range.end, statement.end).includes(';');
  return { range: { start: at, end: at }, newText: (terminated ? '' : ';') + nl + lines.join(nl) };
}

/** An edit that puts `lines` on lines of their own before a statement (at the start of its line when only blanks precede it). */
export function insertBefore(text: string, statement: Statement, lines: string[]): TextEdit {
  const nl = eol(text);
  let at = statement.range.start;
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  if (at > 0 && text[at - 1] !== '\n') at = statement.range.start;
  return { range: { start: at, end: at }, newText: lines.join(nl) + nl };
}

/** A table's name as written in the statement (schema and quotes kept). */
export function writtenTable<O>(ctx: RuleContext<O>, table: QualifiedName): string {
  return sourceText(ctx, table.range) || (table.schema ? quoteIdent(table.schema) + '.' : '') + quoteIdent(table.name);
}

export const unsafeSetNotNull = defineRule<Record<string, never>>({
  id: 'unsafe-set-not-null',
  meta: {
    description: 'Disallow ALTER COLUMN … SET NOT NULL on an existing table unless a validated CHECK (column IS NOT NULL) lets PostgreSQL skip the scan.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      scan:
        'SET NOT NULL on {{columns}} of {{table}}, a table that already exists, scans every row to check for NULLs while holding an ACCESS EXCLUSIVE lock: all reads and writes of {{table}} wait for the whole scan. First add a CHECK (column IS NOT NULL) NOT VALID constraint and VALIDATE it (no blocking lock); SET NOT NULL then proves the column from the constraint without scanning (PostgreSQL 12+).',
      checkNotValidated:
        'SET NOT NULL on "{{column}}" of {{table}} scans every row under an ACCESS EXCLUSIVE lock because the CHECK constraint "{{constraint}}" on it is still NOT VALID, so PostgreSQL cannot use it. Run ALTER TABLE … VALIDATE CONSTRAINT {{constraint}} first (it does not block reads or writes); SET NOT NULL then skips the scan.',
      oldPostgres:
        'SET NOT NULL on "{{column}}" of {{table}} scans every row under an ACCESS EXCLUSIVE lock: PostgreSQL {{version}} does not use the validated CHECK constraint "{{constraint}}" to skip the scan (only PostgreSQL 12 and later do). Keep the validated CHECK as the NOT NULL rule, or run this after upgrading.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
    readsLocks: true,
  },
  check(ctx) {
    for (const { fact, statement } of ctx.facts('alterTable')) {
      const candidates = fact.actions.filter((a) => a.type === 'setNotNull');
      if (!candidates.length) continue;
      const model = ctx.modelAt(statement);
      if (!tableExistedBeforeFile(ctx, statement, fact.table, model)) continue;
      const tableText = writtenTable(ctx, fact.table);
      // Whether SET NOT NULL scans (no validated CHECK it can use) is the lock model's answer.
      const causes = ctx.locks().of(statement).relations.flatMap((r) => r.causes);
      // One ALTER TABLE checks all its SET NOT NULL columns in one scan: one finding per statement.
      const scanned: { range: Range; column: string; columnText: string }[] = [];
      for (const action of candidates) {
        if (action.type !== 'setNotNull') continue;
        const column = action.column.name;
        const scan = causes.find((c) => c.action === action)?.scan;
        // No scan: already NOT NULL, added by this statement (not-null-without-default judges that), or a validated CHECK proves it.
        if (scan?.kind !== 'setNotNull') continue;
        const data = { table: tableText, column };
        if (scan.oldPostgresCheck) {
          ctx.report({ messageId: 'oldPostgres', data: { ...data, constraint: scan.oldPostgresCheck, version: ctx.postgresVersion }, range: action.range, tableAtRisk: fact.table });
          continue;
        }
        const pending = scan.pendingCheck;
        if (pending) {
          ctx.report({
            messageId: 'checkNotValidated',
            data: { ...data, constraint: pending },
            range: action.range,
            tableAtRisk: fact.table,
            suggestions: [
              {
                title: `Validate "${pending}" before SET NOT NULL`,
                edits: [insertBefore(ctx.file.parsed.text, statement, [`ALTER TABLE ${tableText} VALIDATE CONSTRAINT ${quoteIdent(pending)};`])],
              },
            ],
          });
          continue;
        }
        scanned.push({ range: action.range, column, columnText: sourceText(ctx, action.column.range) || quoteIdent(column) });
      }
      if (!scanned.length) continue;
      const names: string[] = [];
      for (const s of scanned) names.push(notNullCheckName(model, fact.table, s.column, names));
      ctx.report({
        messageId: 'scan',
        data: { table: tableText, columns: scanned.map((s) => `"${s.column}"`).join(', ') },
        range: scanned[0]!.range,
        tableAtRisk: fact.table,
        suggestions: [onlineSequence(ctx, fact, statement, scanned.map((s, i) => ({ ...s, checkName: names[i]! })), tableText)],
      });
    }
  },
});

function onlineSequence(
  ctx: RuleContext<Record<string, never>>,
  fact: AlterTableFact,
  statement: Statement,
  columns: { range: Range; columnText: string; checkName: string }[],
  tableText: string,
): FixSpec {
  const text = ctx.file.parsed.text;
  const steps = columns.map((c) => notNullSteps(tableText, c.columnText, c.checkName, ctx.postgresVersion));
  const list = columns.map((c) => `"${c.columnText.replace(/^"|"$/g, '')}"`).join(', ');
  if (ctx.postgresVersion >= 12) {
    // The SET NOT NULL statement stays as written (with any other actions); the CHECK steps go around it.
    return {
      title: `Check ${list} with NOT VALID CHECK constraints, validate them, then SET NOT NULL without a scan`,
      edits: [
        insertBefore(text, statement, [...steps.map((s) => s.check[0]!), ...steps.map((s) => s.check[1]!)]),
        insertAfter(text, statement, steps.map((s) => s.setNotNull[1]!)),
      ],
    };
  }
  // PostgreSQL < 12: SET NOT NULL scans whatever we do, so the actions are replaced by validated CHECKs.
  const title = `Replace SET NOT NULL on ${list} with validated CHECK constraints (PostgreSQL ${ctx.postgresVersion} cannot skip the scan)`;
  const body = [...steps.map((s) => s.check[0]!), ...steps.map((s) => s.check[1]!), steps[0]!.setNotNull[0]!];
  const removed = new Set(columns.map((c) => fact.actions.findIndex((a) => a.range.start === c.range.start)));
  if (removed.size === fact.actions.length) {
    const terminated = text.slice(statement.range.end, statement.end).includes(';');
    const joined = body.join(eol(text));
    return { title, edits: [{ range: { start: statement.range.start, end: statement.end }, newText: terminated ? joined : joined.replace(/;$/, '') }] };
  }
  // Remove each action with the comma before it; leading removed actions go with the comma after them.
  const a = fact.actions;
  const firstKept = a.findIndex((_, i) => !removed.has(i));
  const edits: TextEdit[] = [];
  if (firstKept > 0) edits.push({ range: { start: a[0]!.range.start, end: a[firstKept]!.range.start }, newText: '' });
  for (const i of [...removed].sort((x, y) => x - y)) if (i > firstKept) edits.push({ range: { start: a[i - 1]!.range.end, end: a[i]!.range.end }, newText: '' });
  return { title, edits: [...edits, insertAfter(text, statement, body)] };
}
