import { defineRule } from './types.js';

interface Options {
  threshold: number;
}

export const noOffsetPagination = defineRule<Options>({
  id: 'no-offset-pagination',
  meta: {
    description: 'Disallow large literal OFFSETs: paginate by key instead.',
    category: 'query quality',
    defaultSeverity: 'warning',
    messages: {
      offset:
        'OFFSET {{offset}} makes PostgreSQL produce and throw away {{offset}} rows before returning any, so each later page is slower than the one before and rows shift between pages when data changes. Paginate by key instead: remember the last key of the previous page and ask for `WHERE id > :last_seen_id ORDER BY id LIMIT n`.',
    },
    defaultOptions: { threshold: 1000 },
    schema: {
      type: 'object',
      properties: {
        threshold: { type: 'integer', minimum: 1, description: 'Smallest literal OFFSET reported.' },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    for (const { fact } of ctx.facts('query')) {
      const o = fact.offset;
      // Keyset pagination needs the caller's last key: there is no edit to offer, only the advice.
      if (o && o.value >= ctx.options.threshold) ctx.report({ messageId: 'offset', data: { offset: o.value }, range: o.range });
    }
  },
});
