import type { OrEqualities } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { defineRule } from './types.js';

/** The OR rewritten: the column's arms become one `col IN (…)` where the first of them was, the other arms stay as written. */
function rewrite(o: OrEqualities): string {
  const parts: string[] = [];
  const values = o.arms.filter((a) => a.value !== undefined).map((a) => a.value!.trim());
  let placed = false;
  for (const a of o.arms) {
    if (a.value === undefined) parts.push(a.text.trim());
    else if (!placed) {
      parts.push(`${o.column} IN (${values.join(', ')})`);
      placed = true;
    }
  }
  return parts.join(' OR ');
}

function abbreviate(values: string[]): string {
  const shown = values.slice(0, 4).map((v) => (v.length > 30 ? v.slice(0, 27) + '…' : v));
  return shown.join(', ') + (values.length > 4 ? ', …' : '');
}

export const preferInOverOr = defineRule({
  id: 'prefer-in-over-or',
  meta: {
    description: 'Prefer `col IN (a, b)` to `col = a OR col = b`.',
    category: 'query quality',
    defaultSeverity: 'warning',
    messages: {
      preferIn:
        '{{count}} equality tests of "{{column}}" joined by OR: before PostgreSQL 18 the planner treats each arm as a separate condition (at best a BitmapOr of one index scan per arm, often a sequential scan), while `{{column}} IN ({{values}})` is one condition a single index scan takes as a whole. Write it with IN.',
      preferInReadability:
        '{{count}} equality tests of "{{column}}" joined by OR: PostgreSQL 18 turns such ORs of constants into one index condition, but not ORs of other expressions, and the OR form hides that it is one test. Write `{{column}} IN ({{values}})`.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: false,
  },
  check(ctx) {
    const comments = ctx.file.parsed.comments;
    const hasComment = (r: Range): boolean => comments.some((c) => c.range.start < r.end && r.start < c.range.end);
    for (const { fact } of ctx.facts('query')) {
      for (const o of fact.orEqualities) {
        const values = o.arms.filter((a) => a.value !== undefined).map((a) => a.value!.trim());
        // Edits need exact texts; inside a '…' body an edit would also need its quotes doubled; a comment inside would be lost.
        const fixable = o.exact && fact.stringBody !== 'quoted' && !hasComment(o.range);
        ctx.report({
          messageId: ctx.postgresVersion >= 18 ? 'preferInReadability' : 'preferIn',
          data: { count: values.length, column: o.column, values: abbreviate(values) },
          range: o.range,
          ...(fixable ? { fix: { title: `Rewrite as ${o.column} IN (${abbreviate(values)})`, edits: [{ range: o.range, newText: rewrite(o) }] } } : {}),
        });
      }
    }
  },
});
