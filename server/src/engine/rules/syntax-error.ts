import { defineRule } from './types.js';

/**
 * PostgreSQL's own parser (libpg-query) is the only judge of syntax: its message, at its position.
 * Statements after an error are still parsed and linted, because each statement is parsed alone.
 */
export const syntaxError = defineRule({
  id: 'syntax-error',
  meta: {
    description: 'Disallow SQL that PostgreSQL itself cannot parse.',
    category: 'syntax',
    defaultSeverity: 'error',
    messages: {
      syntax: 'PostgreSQL cannot parse this statement: {{message}}. The migration would fail at this point; fix the SQL (the rest of the file is still checked).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const text = ctx.file.parsed.text;
    for (const s of ctx.file.parsed.statements) {
      if (!s.error) continue;
      const at = Math.min(Math.max(s.error.offset, s.range.start), s.range.end);
      // Underline the token PostgreSQL points at (up to the next whitespace), at least one character.
      let end = at;
      while (end < s.range.end && !/\s|[(),;]/.test(text[end]!)) end++;
      if (end === at) end = Math.min(at + 1, Math.max(s.range.end, at + 1));
      ctx.report({ messageId: 'syntax', data: { message: s.error.message }, range: { start: at, end } });
    }
  },
});
