import type { Ident } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import type { Statement } from '../parse/document.js';
import { isPascalCase, isPrismaRelationTable, presetOf, PRESET_OPTION, toCamelCase, toPascalCase, type PresetSetting } from './naming/convention.js';
import { renamedTableSurvives, tableSurvives } from './naming/final-names.js';
import { checkNumber, compileIgnore, introducedEarlier, isAttachedPartition, isSnakeCase, qualified, singularTableName, sqlIdent, toSnakeCase, type PluralStyle } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  style: PluralStyle;
  uncountable: string[];
  ignore: string[];
  preset: PresetSetting;
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
      prismaCase:
        'Table name "{{name}}" follows neither Prisma\'s model naming (PascalCase, like {{suggestion}}) nor snake_case (a model mapped with @@map): raw SQL must quote it with this exact case, and readers cannot tell which of the schema\'s conventions to expect. Rename the model to {{suggestion}}, or map it to a snake_case name.',
      prismaSingular:
        'Table name "{{name}}" is a plural model name ("{{word}}"): Prisma names a model, and so its table, after one record (User, OrderItem), and its client already reads the plural as prisma.{{client}}.findMany(). With a mix, every raw query is a guess. Rename the model to {{suggestion}} while nothing depends on it yet.',
    },
    defaultOptions: { style: 'plural', uncountable: DEFAULT_UNCOUNTABLE, ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        style: { type: 'string', enum: ['plural', 'singular', 'any'], description: 'Grammatical number of the last word of a table name: plural (users, order_items), singular (user, order_item) or any (only snake_case is checked).' },
        uncountable: {
          type: 'array',
          items: { type: 'string' },
          description: 'Words accepted as both singular and plural, in addition to the English uncountables the inflection library knows (data, media, news, series, equipment, …). Replaces the default list.',
        },
        ignore: { type: 'array', items: { type: 'string', format: 'regex' }, description: 'Regular expressions: table names matching one are not checked (e.g. "^_prisma_migrations$").' },
        preset: PRESET_OPTION,
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
    const prisma = presetOf(ctx) === 'prisma';

    const seen = new Set<string>();
    const checkName = (statement: Statement, schema: string | undefined, name: string, range: Range, partition: boolean, columns: Iterable<string>): void => {
      if (ignored(name) || seen.has(qualified(schema, name))) return;
      seen.add(qualified(schema, name));
      const taken = (n: string): boolean => !!ctx.modelAt(statement).table(schema, n) || !!ctx.final.table(schema, n);
      const suggest = (to: string) => (taken(to) ? [] : [{ title: `Rename table "${name}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range, newText: sqlIdent(to) }] }]);
      if (prisma && !isSnakeCase(name)) {
        // Prisma's model tables (PascalCase, singular), and the tables of implicit m-n relations.
        if (isPrismaRelationTable(name, columns)) return;
        if (isPascalCase(name)) {
          if (partition || o.style === 'any') return;
          const wrong = checkNumber(toSnakeCase(name), 'singular', uncountable);
          if (wrong) {
            const to = toPascalCase(wrong.suggestion);
            ctx.report({ messageId: 'prismaSingular', data: { name, word: wrong.word, suggestion: sqlIdent(to), client: toCamelCase(to) }, range, suggestions: suggest(to) });
          }
          return;
        }
        const to = toPascalCase(partition ? toSnakeCase(name) : singularTableName(name));
        const ok = isPascalCase(to);
        ctx.report({ messageId: 'prismaCase', data: { name, suggestion: ok ? sqlIdent(to) : 'a PascalCase name' }, range, suggestions: ok ? suggest(to) : [] });
        return;
      }
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
      // A table a later migration drops or renames: its name cannot be changed any more.
      if (!tableSurvives(ctx, fact.table.schema, fact.table.name)) continue;
      // pg_dump creates a partition as a plain table and attaches it afterwards.
      const partition = !!fact.partitionOf || isAttachedPartition(ctx.history, qualified(fact.table.schema, fact.table.name));
      checkName(statement, fact.table.schema, fact.table.name, fact.table.nameRange, partition, fact.columns.map((c) => c.name.name));
    }
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'table') continue;
      const to: Ident = fact.to;
      if (introducedEarlier(ctx, 'tables', qualified(fact.target.schema, to.name))) continue;
      if (!renamedTableSurvives(ctx, statement, fact.target, to.name)) continue;
      const before = ctx.modelAt(statement).table(fact.target.schema, fact.target.name);
      checkName(statement, fact.target.schema, to.name, to.range, !!before?.partitionOf, before ? [...before.columns.keys()] : []);
    }
  },
});
