import { defineRule } from './types.js';
import { finalIndex } from './util/history.js';

export const preferCheckOverEnum = defineRule<Record<string, never>>({
  id: 'prefer-check-over-enum',
  meta: {
    description: 'Prefer a varchar column with a CHECK constraint over an enum type.',
    category: 'schema design',
    defaultSeverity: 'info',
    messages: {
      enum:
        'Enum type "{{name}}" ({{count}} values) is hard to change: a value can never be removed or renamed without recreating the type and rewriting every column that uses it, and before PostgreSQL 12 ALTER TYPE … ADD VALUE cannot run inside a transaction block. Consider a varchar column with a CHECK (col IN (…)) constraint, which a migration can replace, or a lookup table.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const final = finalIndex(ctx.final);
    for (const { fact } of ctx.facts('createEnum')) {
      // Reported where the type is created, while the final schema still has it.
      if (!final.hasEnum(ctx.file.path, fact.name.nameRange.start)) continue;
      ctx.report({ messageId: 'enum', data: { name: fact.name.name, count: fact.values.length }, range: fact.name.nameRange });
    }
  },
});
