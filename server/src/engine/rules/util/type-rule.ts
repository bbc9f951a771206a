// The shape shared by the column-type rules (prefer-timestamptz, prefer-jsonb, no-char-type): report a
// type where a column is defined in the file (fix: the better type) and where ALTER COLUMN … TYPE
// changes a column to it (fix, or a suggestion when a USING expression was written for the old
// target), as long as the final schema still has the column with that type.
// A fix changes a type for everything after it, so it stays a fix only when nothing later depends on
// the current type (type-dependents.ts) and, in a partition or inheritance tree, when it changes the
// column in every table of the tree at once (partition-trees.ts); otherwise it is a suggestion.
import type { TypeRef } from '../../parse/facts.js';
import { tableKey } from '../../model/schema.js';
import type { FixSpec, Report, RuleContext, TextEdit } from '../types.js';
import { columnSites, finalColumnAt, finalColumnOf, finalIndex, typeChangeSites, type Type } from './history.js';
import { columnDefinitions, treeOf } from './partition-trees.js';
import { typeChangeFix, type ChangedColumn } from './type-dependents.js';

export interface TypeRuleSpec {
  isBad(t: Type): boolean;
  /** The type to write instead, or undefined when there is no single right answer. */
  replacement(t: TypeRef): string | undefined;
  columnMessage: string;
  alterMessage: string;
}

type Ctx = RuleContext<unknown>;
type Edit = Pick<Report, 'fix' | 'suggestions' | 'related'>;

export function checkColumnTypes(ctx: Ctx, spec: TypeRuleSpec): void {
  // One edit per tree and column, shared by the findings of its tables (applied once, counted for each).
  const treeEdits = new Map<string, Edit>();
  for (const site of columnSites(ctx)) {
    const t = site.column.type;
    if (!spec.isBad(t)) continue;
    const final = finalColumnOf(ctx, site.column);
    if (!final || !spec.isBad(final.column.type)) continue;
    const newText = spec.replacement(t);
    const name = site.column.name.name;
    const key = tableKey(site.table.schema, site.table.name);
    const tree = treeOf(ctx.history, key);
    let edit: Edit = {};
    if (tree && tree.length > 1) {
      const shared = `${[...tree].sort()[0]}\u0000${name}`;
      if (!treeEdits.has(shared)) treeEdits.set(shared, treeEdit(ctx, spec, tree, name));
      edit = treeEdits.get(shared)!;
    } else if (newText) {
      const fix: FixSpec = { title: `Change the type of "${name}" to ${newText}`, edits: [{ range: t.range, newText }] };
      edit = typeChangeFix(ctx, [{ file: ctx.file, statement: site.statement, table: key, column: name, final }], fix);
    }
    ctx.report({
      messageId: spec.columnMessage,
      data: { column: name, table: site.table.name, type: t.text, replacement: newText ?? '' },
      range: t.range,
      ...edit,
    });
  }
  for (const site of typeChangeSites(ctx)) {
    const t = site.newType;
    if (!spec.isBad(t)) continue;
    const final = finalColumnAt(ctx, site.statement, site.table, site.column);
    if (final === null || (final && !spec.isBad(final.type))) continue;
    const newText = spec.replacement(t);
    const key = tableKey(site.table.schema, site.table.name);
    let edit: Edit = {};
    if (newText) {
      const fix: FixSpec = { title: `Change the new type of "${site.column}" to ${newText}`, edits: [{ range: t.range, newText }] };
      const located = final ? finalIndex(ctx.final).column(final.origin.file, final.origin.range.start) : undefined;
      const changed: ChangedColumn = { file: ctx.file, statement: site.statement, table: key, column: site.column, ...(located ? { final: located } : {}) };
      edit = typeChangeFix(ctx, [changed], fix);
      // A USING expression was written for the type it converts to: changing the target changes what
      // it computes. In a partition tree, tables attached later must match the type it leaves.
      if (edit.fix && (site.using || (treeOf(ctx.history, key)?.length ?? 0) > 1)) edit = { suggestions: [edit.fix] };
    }
    ctx.report({
      messageId: spec.alterMessage,
      data: { column: site.column, table: site.table.name, type: t.text, replacement: newText ?? '' },
      range: t.range,
      ...edit,
    });
  }
}

/**
 * The edit of a column in a partition or inheritance tree: every definition of it in the tree's
 * tables, changed together. A fix when they are all in this file (and nothing depends on the type),
 * a suggestion when some are in other files; nothing when one of them cannot be changed.
 */
function treeEdit(ctx: Ctx, spec: TypeRuleSpec, tree: readonly string[], column: string): Edit {
  const defs = columnDefinitions(ctx.history, tree, column);
  const edits: TextEdit[] = [];
  const changed: ChangedColumn[] = [];
  for (const d of defs) {
    const newText = spec.isBad(d.def.type) ? spec.replacement(d.def.type) : undefined;
    if (!newText) return {};
    edits.push({ range: d.def.type.range, newText, ...(d.file === ctx.file ? {} : { file: d.file.path }) });
    const hit = finalIndex(ctx.final).column(d.file.path, d.def.name.range.start);
    changed.push({ file: d.file, statement: d.statement, table: d.table, column, ...(hit && hit.column.name === column ? { final: hit } : {}) });
  }
  const tables = [...new Set(changed.map((c) => c.table.slice(c.table.indexOf('.') + 1)))];
  const title = tables.length > 1 ? `Change the type of "${column}" to ${edits[0]!.newText} in ${tables.map((t) => `"${t}"`).join(', ')} (one partition tree)` : `Change the type of "${column}" to ${edits[0]!.newText}`;
  const fix: FixSpec = { title, edits };
  const edit = typeChangeFix(ctx, changed, fix);
  if (edit.fix && defs.some((d) => d.file !== ctx.file)) return { suggestions: [edit.fix] };
  return edit;
}
