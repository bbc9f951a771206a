import { defineRule, type FixSpec } from './types.js';
import { laterTextsMentioning } from './util/words.js';
import { findKeyword, tokenRange } from './util/migration.js';

export const securityDefinerSearchPath = defineRule<Record<string, never>>({
  id: 'security-definer-search-path',
  meta: {
    description: 'Require SET search_path on SECURITY DEFINER functions.',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      missing:
        '{{kind}} "{{name}}" runs with its owner\'s privileges (SECURITY DEFINER) but with the caller\'s search_path: a caller who can create objects in a schema on that path (or in pg_temp) can shadow a table, function or operator the body uses and run their own code as the owner. Add SET search_path = pg_catalog, pg_temp (or the trusted schemas the body needs, then pg_temp) and schema-qualify the names the body uses.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    const tokens = ctx.file.parsed.tokens;
    for (const { fact, statement } of ctx.facts('createFunction')) {
      if (!fact.securityDefiner || fact.setsSearchPath) continue;
      // ALTER FUNCTION name(…) SET search_path = … later in the file or history fixes it too.
      const name = fact.name.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const altered = new RegExp(`\\balter\\s+(function|procedure|routine)\\s+("?[\\w$]+"?\\s*\\.\\s*)?"?${name}"?(?![\\w$])\\s*(\\([^;]*?\\))?[^;]*?\\bset\\s+search_path\\b`, 'i');
      if (laterTextsMentioning(ctx.history, ctx.file, statement.end, fact.name.name).some((t) => altered.test(t))) continue;
      let definer = findKeyword(ctx, statement, ['DEFINER']);
      while (definer >= 0 && tokens.at(definer - 1)?.text.toUpperCase() !== 'SECURITY') definer = findKeyword(ctx, statement, ['DEFINER'], tokens.at(definer)!.end);
      const range = definer >= 0 ? { start: tokenRange(ctx, definer - 1).start, end: tokenRange(ctx, definer).end } : fact.name.nameRange;
      // Not a safe fix: a body that names tables of the caller's search_path unqualified stops finding them.
      const suggestions: FixSpec[] =
        definer >= 0
          ? [{ title: 'Add SET search_path = pg_catalog, pg_temp (then schema-qualify the names in the body)', edits: [{ range: { start: range.end, end: range.end }, newText: ' SET search_path = pg_catalog, pg_temp' }] }]
          : [];
      ctx.report({ messageId: 'missing', data: { kind: fact.procedure ? 'Procedure' : 'Function', name: fact.name.name }, range, suggestions });
    }
  },
});
