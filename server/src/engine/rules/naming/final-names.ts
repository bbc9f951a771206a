// Does the final schema still hold a name this file introduces? A naming finding on a table, column,
// index or constraint that a later migration drops or renames cannot be acted on (renaming it would
// break the migration that drops it, and the schema no longer has it), so it is not reported. Asked
// of the final model and its origin index (util/history.ts, model/origins.ts), per file: never a scan
// of the history per finding.
//
// A name still in the final schema survives even when a later migration dropped and re-created the
// object (it is reported where it was first introduced, see firstIntroduced()); the origin index finds
// the columns and constraints of a table renamed later. Objects the model never saw (an ALTER TABLE of
// a table the history does not create, as when one new file is linted alone) survive: nothing says
// they are dropped.
import type { Statement } from '../../parse/document.js';
import type { ColumnDef, ConstraintDef } from '../../parse/facts.js';
import { tableKey } from '../../model/schema.js';
import type { RuleContext } from '../types.js';
import { finalIndex } from '../util/history.js';

type Ctx = RuleContext<unknown>;
/** A table as facts name it (a QualifiedName, or a schema and name). */
type TableName = { schema?: string; name: string };

/** The table `name` (created, or renamed to, in this file) is still called so at the end of the history. */
export function tableSurvives(ctx: Ctx, schema: string | undefined, name: string): boolean {
  return ctx.final.tables.has(tableKey(schema, name));
}

/** The table a RENAME TABLE … TO `to` renames is still called `to` at the end (or the model never knew it). */
export function renamedTableSurvives(ctx: Ctx, statement: Statement, target: TableName, to: string): boolean {
  return !ctx.modelAt(statement).table(target.schema, target.name) || tableSurvives(ctx, target.schema, to);
}

/**
 * The column this definition creates (in a CREATE TABLE when `created`, else by ADD COLUMN) is still
 * in the final schema under its name.
 */
export function columnSurvives(ctx: Ctx, statement: Statement, table: TableName, def: ColumnDef, created: boolean): boolean {
  if (ctx.final.table(table.schema, table.name)?.columns.has(def.name.name)) return true;
  // The table was renamed later: the column keeps the origin this definition gave it.
  const hit = finalIndex(ctx.final).column(ctx.file.path, def.name.range.start);
  if (hit) return hit.column.name === def.name.name;
  return !created && unknownTable(ctx, statement, table);
}

/** The column called `from` just before `statement` (renamed by it to `to`, or kept) is called `to` at the end of the history (or the model never knew it). */
export function columnKeepsName(ctx: Ctx, statement: Statement, table: TableName, from: string, to: string): boolean {
  if (ctx.final.table(table.schema, table.name)?.columns.has(to)) return true;
  const col = ctx.modelAt(statement).table(table.schema, table.name)?.columns.get(from);
  if (!col) return !ctx.final.table(table.schema, table.name);
  return finalIndex(ctx.final).column(col.origin.file, col.origin.range.start)?.column.name === to;
}

/** The index `name` (created, or renamed to, in this file) is still in the final schema. */
export function indexSurvives(ctx: Ctx, schema: string | undefined, name: string): boolean {
  return ctx.final.indexes.has(tableKey(schema, name));
}

/** The constraint this definition adds (in a CREATE TABLE when `created`, else by ALTER TABLE) is still in the final schema under its name. */
export function constraintSurvives(ctx: Ctx, statement: Statement, table: TableName, c: ConstraintDef, created: boolean): boolean {
  if (c.name && ctx.final.table(table.schema, table.name)?.constraints.some((k) => k.name === c.name!.name)) return true;
  const hit = finalIndex(ctx.final).constraint(ctx.file.path, (c.name?.range ?? c.range).start);
  if (hit) return !c.name || hit.constraint.name === c.name.name;
  return !created && unknownTable(ctx, statement, table);
}

/** The model never replayed this ALTER TABLE: neither the history before it nor the final schema knows the table. */
function unknownTable(ctx: Ctx, statement: Statement, table: TableName): boolean {
  return !ctx.modelAt(statement).table(table.schema, table.name) && !ctx.final.table(table.schema, table.name);
}

/** The constraint a RENAME CONSTRAINT … TO `to` renames is still called `to` at the end. */
export function renamedConstraintSurvives(ctx: Ctx, statement: Statement, table: TableName, from: string, to: string): boolean {
  if (ctx.final.table(table.schema, table.name)?.constraints.some((k) => k.name === to)) return true;
  const c = ctx.modelAt(statement).table(table.schema, table.name)?.constraints.find((k) => k.name === from);
  if (!c) return !ctx.final.table(table.schema, table.name);
  return finalIndex(ctx.final).constraint(c.origin.file, c.origin.range.start)?.constraint.name === to;
}
