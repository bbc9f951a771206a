import { defineRule } from './types.js';

/**
 * A statement nested deeper than a parsing stage can follow (thousands of `+` terms, UNION arms or
 * nested calls) is reported once, as unchecked: never as a syntax error (PostgreSQL did not reject it)
 * and never at the cost of the file's other statements.
 */
export const statementTooComplex = defineRule({
  id: 'statement-too-complex',
  meta: {
    description: 'Disallow statements nested too deeply to be checked.',
    category: 'syntax',
    defaultSeverity: 'warning',
    messages: {
      parser:
        "PostgreSQL's parser ran out of stack on this statement: it nests deeper than the linter's copy of the parser (libpg-query) can follow, so nothing in it was checked. PostgreSQL itself usually stops near this depth too (\"stack depth limit exceeded\" at the default max_stack_depth of 2 MB), so the migration may fail: write a long chain of terms as an array, a VALUES list or several statements.",
      analysis:
        'This statement nests too deeply for the linter to analyse all of it: PostgreSQL parses it, but findings inside it may be missing. Split it (an array or a VALUES list instead of thousands of terms) if you want it checked.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const { text, lines } = ctx.file.parsed;
    for (const s of ctx.file.parsed.statements) {
      if (!s.tooDeep) continue;
      // The statement's first line: the whole of a statement this size would cover the screen.
      const line = lines.positionAt(s.range.start).line;
      const eol = lines.lineStart(line) + lines.lineText(line).length;
      const end = Math.max(s.range.start + 1, Math.min(eol, s.range.end));
      ctx.report({ messageId: s.tooDeep, range: { start: s.range.start, end: Math.min(end, text.length) } });
    }
  },
});
