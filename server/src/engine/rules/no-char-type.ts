import type { TypeRef } from '../parse/facts.js';
import { defineRule } from './types.js';
import { arraySuffix, type Type } from './util/history.js';
import { checkColumnTypes } from './util/type-rule.js';

/** char(n), character(n), bpchar; not "char", PostgreSQL's internal one-byte type (canonical name `char`). */
function isBlankPadded(t: Type): boolean {
  return t.name === 'bpchar' && !t.schema;
}

/** varchar(n) for char(n) (`char` alone is char(1)); text for bpchar without a length, which has no limit. */
function replacement(t: TypeRef): string {
  return `${t.mods.length ? `varchar(${t.mods[0]})` : 'text'}${arraySuffix(t)}`;
}

export const noCharType = defineRule<Record<string, never>>({
  id: 'no-char-type',
  meta: {
    description: 'Disallow the blank-padded char(n) type.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      column:
        'Column "{{column}}" of "{{table}}" is {{type}}, a blank-padded type: shorter values are padded with spaces on disk, the padding is ignored by = but not by LIKE, regular expressions or a cast to text, and it is no faster than varchar. Use {{replacement}} (with a CHECK on length if values must have exactly n characters).',
      alter:
        'This changes column "{{column}}" of "{{table}}" to {{type}}, a blank-padded type: values are padded with spaces, the padding is ignored by = but not by LIKE or a cast to text, and it is no faster than varchar. Use {{replacement}}.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    checkColumnTypes(ctx, { isBad: isBlankPadded, replacement, columnMessage: 'column', alterMessage: 'alter' });
  },
});
