import { defineRule } from './types.js';
import { ruleIds } from './ids.js';

/** A directive naming a rule that does not exist silences nothing: usually a typo or a renamed rule. */
export const invalidDirective = defineRule({
  id: 'invalid-directive',
  meta: {
    description: 'Disallow suppression directives that name unknown rules.',
    category: 'syntax',
    defaultSeverity: 'warning',
    messages: {
      unknownRule:
        'Unknown rule "{{rule}}" in a sql-schema-lint directive: it suppresses nothing, so the finding it was meant for still shows (or never existed). Use one of the rule ids listed in the docs, e.g. "{{suggestion}}".',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const known = ruleIds();
    for (const d of ctx.file.parsed.directives)
      for (const r of d.rules)
        if (!known.includes(r.id)) ctx.report({ messageId: 'unknownRule', data: { rule: r.id, suggestion: closest(r.id, known) }, range: r.range });
  },
});

function closest(id: string, known: string[]): string {
  let best = known[0] ?? '';
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
