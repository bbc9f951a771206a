import type { TypeRef } from '../parse/facts.js';
import { defineRule } from './types.js';
import { arraySuffix, type Type } from './util/history.js';
import { checkColumnTypes } from './util/type-rule.js';

function isTimestamp(t: Type): boolean {
  return t.name === 'timestamp' && !t.schema;
}

/** `timestamptz`, keeping the precision and the array suffix. */
function replacement(t: TypeRef): string {
  return `timestamptz${t.mods.length ? `(${t.mods[0]})` : ''}${arraySuffix(t)}`;
}

export const preferTimestamptz = defineRule<Record<string, never>>({
  id: 'prefer-timestamptz',
  meta: {
    description: 'Prefer timestamptz over timestamp without time zone.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      column:
        'Column "{{column}}" of "{{table}}" is {{type}}, a timestamp without time zone: it stores a wall-clock reading with no zone, so values written by sessions or servers in different time zones cannot be compared and the hour repeated when daylight saving time ends is ambiguous. Use {{replacement}}, which stores an absolute instant in the same 8 bytes.',
      alter:
        'This changes column "{{column}}" of "{{table}}" to {{type}}, a timestamp without time zone: values lose their zone, so readings from sessions in different time zones cannot be compared and daylight-saving hours are ambiguous. Use {{replacement}}.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    checkColumnTypes(ctx, { isBad: isTimestamp, replacement, columnMessage: 'column', alterMessage: 'alter' });
  },
});
