import { versionOf } from '../model/order.js';
import { lex } from '../parse/lexer.js';
import { maskNonSql } from '../parse/mask.js';
import { isComment, type Token } from '../parse/tokens.js';
import { defineRule } from './types.js';

/** What a token means to PostgreSQL: keywords and unquoted names fold to lower case, everything else is exact. */
function meaning(t: Token): string {
  if (t.keyword) return t.name;
  if (t.name === 'IDENT' && !t.text.startsWith('"')) return t.text.toLowerCase();
  return t.text;
}

export const editedAppliedMigration = defineRule<Record<string, never>>({
  id: 'edited-applied-migration',
  meta: {
    description: 'Disallow changing the SQL of a migration that already exists at the base branch.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      edited:
        'This migration already exists at the base and its SQL changed here (statement {{statement}}): databases that already ran it will never run the edit, so they and new databases will differ. Restore the migration as it was and make the change in a new migration.',
      removed:
        'This migration already exists at the base and statements were removed from its end: databases that already ran them keep their effect. Restore the migration as it was and undo what they did in a new migration.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    const base = ctx.file.baseText;
    // No base text: no git, a new file, or an unchanged one.
    if (base === undefined || base === ctx.file.parsed.text) return;
    // Down migrations are rewritten until they are needed, and unversioned files (schema dumps,
    // Flyway's repeatable R__ migrations, declarative schema files) are edited in place by design.
    if (ctx.file.isDown || !versionOf(ctx.file.relPath)) return;
    const now = ctx.file.parsed.tokens;
    const then = lex(maskNonSql(base)).filter((t) => !isComment(t));
    let i = 0;
    while (i < now.length && i < then.length && meaning(now.at(i)!) === meaning(then[i]!)) i++;
    if (i === now.length && i === then.length) return; // only comments, whitespace or letter case changed
    const text = ctx.file.parsed.text;
    const suggestions = [{ title: 'Restore the migration as it is at the base', edits: [{ range: { start: 0, end: text.length }, newText: base }] }];
    const statements = ctx.file.parsed.statements;
    if (i === now.length) {
      const last = statements[statements.length - 1];
      const range = last ? last.range : { start: 0, end: 0 };
      ctx.report({ messageId: 'removed', range, suggestions });
      return;
    }
    const changed = now.at(i)!;
    let statement = 0;
    while (statement + 1 < statements.length && statements[statement + 1]!.range.start <= changed.start) statement++;
    ctx.report({ messageId: 'edited', data: { statement: statement + 1 }, range: { start: changed.start, end: changed.end }, suggestions });
  },
});
