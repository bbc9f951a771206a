// foreign-key-not-valid and check-constraint-not-valid: a constraint added to an existing table is
// validated against every row at once, under a lock. Adding it NOT VALID checks only new rows; a
// later ALTER TABLE … VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which lets reads and
// writes continue (https://www.postgresql.org/docs/current/sql-altertable.html, VALIDATE CONSTRAINT).
import type { Statement } from '../../parse/document.js';
import type { AlterTableFact, ColumnDef, ConstraintDef } from '../../parse/facts.js';
import type { Range } from '../../parse/positions.js';
import { constraintSuffix, generatedName } from '../../model/names.js';
import type { FixSpec, TextEdit, RuleContext } from '../types.js';
import { afterStatement, eol, fileObjects, isPartitioned, quoteIdent, transactionBlock } from './migration.js';

const VALIDATE_COMMENT =
  '-- VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue; keep it in its own transaction (ideally a later migration).';

export interface NotValidFinding {
  statement: Statement;
  fact: AlterTableFact;
  constraint: ConstraintDef;
  /** Set when the constraint is written inside ADD COLUMN. */
  column?: ColumnDef;
  /** The name the constraint has (or gets in the suggestion), as written in SQL. */
  name: string;
  suggestion?: FixSpec;
}

/** A name for an unnamed CHECK: PostgreSQL's <table>_<first column>_check when the column can be told. */
function checkColumn(ctx: RuleContext<unknown>, statement: Statement, fact: AlterTableFact, c: ConstraintDef): string[] {
  if (c.check?.notNullColumn) return [c.check.notNullColumn];
  const table = ctx.modelAt(statement).table(fact.table.schema, fact.table.name);
  const words = (c.check?.text ?? '').match(/"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*/g) ?? [];
  for (const w of words) {
    const name = w.startsWith('"') ? w.slice(1, -1).replace(/""/g, '"') : w.toLowerCase();
    if (!table || table.columns.has(name)) return table ? [name] : [];
  }
  return [];
}

/** Where the VALIDATE statement goes: after the transaction block holding `st`, else after `st`. */
function validateEdit(ctx: RuleContext<unknown>, st: Statement, sql: string): TextEdit {
  const text = ctx.file.parsed.text;
  const nl = eol(text);
  const block = transactionBlock(ctx, st);
  if (block && block.end) return { range: { start: block.end.end, end: block.end.end }, newText: nl + VALIDATE_COMMENT + nl + sql };
  if (block) return { range: { start: text.length, end: text.length }, newText: (text.endsWith('\n') ? '' : nl) + VALIDATE_COMMENT + nl + sql + nl };
  return afterStatement(text, st, VALIDATE_COMMENT + nl + sql);
}

export function notValidFindings(ctx: RuleContext<unknown>, kind: 'foreignKey' | 'check'): NotValidFinding[] {
  const objects = fileObjects(ctx);
  const locks = ctx.locks();
  const text = ctx.file.parsed.text;
  const nl = eol(text);
  const out: NotValidFinding[] = [];
  for (const { fact, statement } of ctx.facts('alterTable')) {
    if (objects.isNewTable(statement, fact.table)) continue;
    // NOT VALID foreign keys on partitioned tables arrived in PostgreSQL 18; before that there is no online way to add one.
    if (kind === 'foreignKey' && ctx.postgresVersion < 18 && isPartitioned(ctx, statement, fact.table)) continue;
    const tableSql = text.slice(fact.table.range.start, fact.table.range.end);
    // Which constraints are checked against the existing rows is the lock model's answer.
    const causes = locks.of(statement).relations.flatMap((r) => r.causes);
    const checked = (a: object, c: ConstraintDef): boolean => !!causes.find((x) => x.action === a)?.checks?.includes(c);
    for (const a of fact.actions) {
      if (a.type === 'addConstraint' && a.constraint.kind === kind && checked(a, a.constraint)) {
        const c = a.constraint;
        const cols = kind === 'check' ? checkColumn(ctx, statement, fact, c) : c.columns;
        const name = c.name ? text.slice(c.name.range.start, c.name.range.end) : quoteIdent(generatedName(fact.table.name, cols, constraintSuffix(kind)));
        const edits: TextEdit[] = [];
        if (!c.name) edits.push({ range: { start: c.range.start, end: c.range.start }, newText: `CONSTRAINT ${name} ` });
        edits.push({ range: { start: c.range.end, end: c.range.end }, newText: ' NOT VALID' });
        edits.push(validateEdit(ctx, statement, `ALTER TABLE ${tableSql} VALIDATE CONSTRAINT ${name};`));
        out.push({ statement, fact, constraint: c, name, suggestion: { title: `Add the constraint NOT VALID and validate it separately`, edits } });
      } else if (a.type === 'addColumn') {
        for (const c of a.constraints) {
          if (c.kind !== kind || !checked(a, c)) continue;
          const col = a.column.name.name;
          const name = c.name ? text.slice(c.name.range.start, c.name.range.end) : quoteIdent(generatedName(fact.table.name, [col], constraintSuffix(kind)));
          // The constraint's own text without its CONSTRAINT name prefix: "REFERENCES p (id) …" / "CHECK (…)".
          let body = text.slice(c.range.start, c.range.end);
          if (c.name) body = text.slice(c.name.range.end, c.range.end).trimStart();
          const colSql = text.slice(a.column.name.range.start, a.column.name.range.end);
          const definition = kind === 'foreignKey' ? `FOREIGN KEY (${colSql}) ${body}` : body;
          let start = c.range.start;
          while (start > 0 && /[ \t]/.test(text[start - 1]!)) start--;
          const removal: Range = { start, end: c.range.end };
          const add = `ALTER TABLE ${tableSql} ADD CONSTRAINT ${name} ${definition} NOT VALID;`;
          const validate = `ALTER TABLE ${tableSql} VALIDATE CONSTRAINT ${name};`;
          const edits: TextEdit[] = [{ range: removal, newText: '' }];
          const v = validateEdit(ctx, statement, validate);
          if (v.range.start === statement.end) {
            edits.push(afterStatement(text, statement, add + nl + VALIDATE_COMMENT + nl + validate));
          } else {
            edits.push(afterStatement(text, statement, add));
            edits.push(v);
          }
          out.push({
            statement,
            fact,
            constraint: c,
            column: a.column,
            name,
            suggestion: { title: `Add the constraint in its own statement, NOT VALID, and validate it separately`, edits },
          });
        }
      }
    }
  }
  return out;
}
