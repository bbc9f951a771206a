import type { Ident } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import type { Statement } from '../parse/document.js';
import { checkNumber, compileIgnore, introducedEarlier, introductions, isSnakeCase, qualified, sqlIdent, toSnakeCase, type PluralStyle } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  style: PluralStyle;
  uncountable: string[];
  ignore: string[];
}

/** Collective nouns that name a table of records as well as their plural would (order_history, audit_log, user_info). */
const DEFAULT_UNCOUNTABLE = ['info', 'history', 'log', 'feedback', 'staff', 'software', 'hardware'];

export const namingTable = defineRule<Options>({
  id: 'naming-table',
  meta: {
    description: 'Require snake_case table names, plural by default (users, order_items).',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      snakeCase:
        'Table name "{{name}}" is not snake_case: every query must double-quote it with this exact case, and an unquoted reference folds to {{folded}} and fails with "relation does not exist". ORMs, BI tools and hand-written SQL keep tripping over it. Rename it to {{suggestion}}.',
      plural:
        'Table name "{{name}}" is singular ("{{word}}") but table names here are plural: with a mix, every query is a guess (user or users?) and the wrong guess fails at run time. Rename it to {{suggestion}} while nothing depends on it yet, or set the rule\'s `style` option if the project uses singular names.',
      singular:
        'Table name "{{name}}" is plural ("{{word}}") but table names here are singular: with a mix, every query is a guess (user or users?) and the wrong guess fails at run time. Rename it to {{suggestion}} while nothing depends on it yet, or set the rule\'s `style` option.',
    },
    defaultOptions: { style: 'plural', uncountable: DEFAULT_UNCOUNTABLE, ignore: [] },
    schema: {
      type: 'object',
      properties: {
        style: { type: 'string', enum: ['plural', 'singular', 'any'], description: 'Grammatical number of the last word of a table name: plural (users, order_items), singular (user, order_item) or any (only snake_case is checked).' },
        uncountable: {
          type: 'array',
          items: { type: 'string' },
          description: 'Words accepted as both singular and plural, in addition to the English uncountables the inflection library knows (data, media, news, series, equipment, …). Replaces the default list.',
        },
        ignore: { type: 'array', items: { type: 'string' }, description: 'Regular expressions: table names matching one are not checked (e.g. "^_prisma_migrations$").' },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const o = ctx.options;
    const ignored = compileIgnore(o.ignore);
    const uncountable = new Set(o.uncountable.map((w) => w.toLowerCase()));

    const seen = new Set<string>();
    const checkName = (statement: Statement, schema: string | undefined, name: string, range: Range, partition: boolean): void => {
      if (ignored(name) || seen.has(qualified(schema, name))) return;
      seen.add(qualified(schema, name));
      const taken = (n: string): boolean => !!ctx.modelAt(statement).table(schema, n) || !!ctx.final.table(schema, n);
      const suggest = (to: string) => (taken(to) ? [] : [{ title: `Rename table "${name}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range, newText: sqlIdent(to) }] }]);
      if (!isSnakeCase(name)) {
        const snake = toSnakeCase(name);
        const target = isSnakeCase(snake) ? (partition ? undefined : checkNumber(snake, o.style, uncountable)?.suggestion) ?? snake : undefined;
        ctx.report({
          messageId: 'snakeCase',
          data: { name, folded: name.toLowerCase(), suggestion: target ? sqlIdent(target) : 'a snake_case name' },
          range,
          suggestions: target ? suggest(target) : [],
        });
        return;
      }
      // A partition's name is its parent's plus a key (metrics_2026_01): no grammatical number to check.
      if (partition) return;
      const wrong = checkNumber(name, o.style, uncountable);
      if (wrong)
        ctx.report({
          messageId: o.style === 'singular' ? 'singular' : 'plural',
          data: { name, word: wrong.word, suggestion: sqlIdent(wrong.suggestion) },
          range,
          suggestions: suggest(wrong.suggestion),
        });
    };

    for (const { fact, statement } of ctx.facts('createTable')) {
      // Temporary tables live for a session; their names never reach other code.
      if (fact.temporary || !fact.table.name) continue;
      if (introducedEarlier(ctx, 'tables', qualified(fact.table.schema, fact.table.name))) continue;
      // pg_dump creates a partition as a plain table and attaches it afterwards.
      const partition = !!fact.partitionOf || introductions(ctx.history).partitions.has(qualified(fact.table.schema, fact.table.name));
      checkName(statement, fact.table.schema, fact.table.name, fact.table.nameRange, partition);
    }
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'table') continue;
      const to: Ident = fact.to;
      if (introducedEarlier(ctx, 'tables', qualified(fact.target.schema, to.name))) continue;
      const partition = !!ctx.modelAt(statement).table(fact.target.schema, fact.target.name)?.partitionOf;
      checkName(statement, fact.target.schema, to.name, to.range, partition);
    }
  },
});
