import type { TypeRef } from '../parse/facts.js';
import { defineRule } from './types.js';
import { arraySuffix, type Type } from './util/history.js';
import { checkColumnTypes } from './util/type-rule.js';

function isJson(t: Type): boolean {
  return t.name === 'json' && !t.schema;
}

function replacement(t: TypeRef): string {
  return `jsonb${arraySuffix(t)}`;
}

export const preferJsonb = defineRule<Record<string, never>>({
  id: 'prefer-jsonb',
  meta: {
    description: 'Prefer jsonb over json.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      column:
        'Column "{{column}}" of "{{table}}" is {{type}}: json keeps the raw text, so every read re-parses it, it has no equality operator (no DISTINCT, GROUP BY or unique index on it) and no GIN index supports @> or ? lookups. Use {{replacement}}, PostgreSQL\'s binary JSON type.',
      alter:
        'This changes column "{{column}}" of "{{table}}" to {{type}}: json keeps the raw text, so every read re-parses it, it has no equality operator and cannot be GIN-indexed. Use {{replacement}}.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    checkColumnTypes(ctx, { isBad: isJson, replacement, columnMessage: 'column', alterMessage: 'alter' });
  },
});
