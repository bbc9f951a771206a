// The shape shared by the column-type rules (prefer-timestamptz, prefer-jsonb, no-char-type): report a
// type where a column is defined in the file (fix: the better type) and where ALTER COLUMN … TYPE
// changes a column to it (fix, or a suggestion when a USING expression was written for the old
// target), as long as the final schema still has the column with that type.
import type { TypeRef } from '../../parse/facts.js';
import type { FixSpec, RuleContext } from '../types.js';
import { columnSites, finalColumnAt, finalColumnOf, typeChangeSites, type Type } from './history.js';

export interface TypeRuleSpec {
  isBad(t: Type): boolean;
  /** The type to write instead, or undefined when there is no single right answer. */
  replacement(t: TypeRef): string | undefined;
  columnMessage: string;
  alterMessage: string;
}

export function checkColumnTypes(ctx: RuleContext<unknown>, spec: TypeRuleSpec): void {
  for (const site of columnSites(ctx)) {
    const t = site.column.type;
    if (!spec.isBad(t)) continue;
    const final = finalColumnOf(ctx, site.column);
    if (!final || !spec.isBad(final.column.type)) continue;
    const newText = spec.replacement(t);
    ctx.report({
      messageId: spec.columnMessage,
      data: { column: site.column.name.name, table: site.table.name, type: t.text, replacement: newText ?? '' },
      range: t.range,
      ...(newText ? { fix: { title: `Change the type of "${site.column.name.name}" to ${newText}`, edits: [{ range: t.range, newText }] } } : {}),
    });
  }
  for (const site of typeChangeSites(ctx)) {
    const t = site.newType;
    if (!spec.isBad(t)) continue;
    const final = finalColumnAt(ctx, site.statement, site.table, site.column);
    if (final === null || (final && !spec.isBad(final.type))) continue;
    const newText = spec.replacement(t);
    const edit: FixSpec | undefined = newText ? { title: `Change the new type of "${site.column}" to ${newText}`, edits: [{ range: t.range, newText }] } : undefined;
    ctx.report({
      messageId: spec.alterMessage,
      data: { column: site.column, table: site.table.name, type: t.text, replacement: newText ?? '' },
      range: t.range,
      // A USING expression was written for the type it converts to: changing the target changes what it computes.
      ...(edit ? (site.using ? { suggestions: [edit] } : { fix: edit }) : {}),
    });
  }
}
