import type { Statement } from '../parse/document.js';
import type { ColumnDef, Ident } from '../parse/facts.js';
import { affix, asksInside, columnName, namesAState, presetOf, PRESET_OPTION, type PresetSetting } from './naming/convention.js';
import { columnSurvives, columnKeepsName } from './naming/final-names.js';
import { compileIgnore, introducedEarlier, isSnakeCase, list, sqlIdent, toSnakeCase, truncateIdentifier } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  prefixes: string[];
  ignore: string[];
  preset: PresetSetting;
}

/** Leading verbs of setting-like names (show_avatars, send_emails, allow_signups). */
const VERBS = new Set([
  'show', 'hide', 'send', 'enable', 'disable', 'allow', 'disallow', 'deny', 'require', 'use', 'skip', 'ignore', 'collapse', 'blur', 'open',
  'accept', 'accepts', 'apply', 'force', 'prepare', 'preprocess', 'recalculate', 'consolidate', 'display', 'exclude', 'include', 'notify',
  'sync', 'track', 'mark', 'auto', 'bill', 'pay', 'grant', 'grants', 'block', 'keep', 'save', 'store', 'resume', 'release', 'run',
  'supports', 'uses', 'needs', 'should', 'must', 'will', 'was', 'did', 'does',
]);

export const namingBoolean = defineRule<Options>({
  id: 'naming-boolean',
  meta: {
    description: 'Require boolean columns to start with is_, has_ or can_.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      prefix:
        'Boolean column "{{column}}" of {{table}} does not start with {{prefixes}}: a name like {{suggestion}} reads as a yes/no question (WHERE {{suggestion}}), while "{{column}}" could be a timestamp, a count or a status, and someone will compare it to the wrong thing. Rename it to {{suggestion}}.',
      verb:
        'Boolean column "{{column}}" of {{table}} does not start with {{prefixes}}: "{{column}}" reads like an action or a setting\'s value rather than a yes/no question, so readers guess at what true means and compare it to the wrong thing. Rename it to a question that starts with {{prefixes}} (e.g. can_…, is_…_enabled).',
      prismaPrefix:
        'Boolean column "{{column}}" of {{table}} neither starts with {{prefixes}} nor names a state (Prisma\'s habit: published, enabled, active): "{{column}}" could be a thing, a count or a status, and someone will compare it to the wrong thing. Rename it to {{suggestion}}.',
      prismaVerb:
        'Boolean column "{{column}}" of {{table}} reads like an action or a setting\'s value rather than a state or a yes/no question, so readers guess at what true means and compare it to the wrong thing. Rename it to a state (…Enabled) or a question that starts with {{prefixes}} (canX, isX).',
    },
    defaultOptions: { prefixes: ['is_', 'has_', 'can_'], ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        prefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted prefixes of a boolean column; the first one is used in suggestions.' },
        ignore: { type: 'array', items: { type: 'string', format: 'regex' }, description: 'Regular expressions: column names matching one are not checked.' },
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
    const isBool = (c: Pick<ColumnDef, 'type'>): boolean => c.type.name === 'bool' && !c.type.schema && !c.type.isArray;
    const preset = presetOf(ctx);
    const prisma = preset === 'prisma';

    /** `definition`: the column's name is written here, so a suggestion can rename it. */
    const check = (table: string, column: Ident, existing: ReadonlySet<string>, definition: boolean): void => {
      const name = column.name;
      if (ignored(name)) return;
      // The column's case is naming-column's business: "isActive" is judged as is_active here.
      const snake = toSnakeCase(name);
      if (!isSnakeCase(snake) || o.prefixes.some((p) => snake.startsWith(p))) return;
      const prefixes = list(o.prefixes.map((p) => affix(p, preset, name)));
      // Prisma's own schemas name a boolean after the state it records (published, emailVerified).
      if (prisma && (namesAState(snake) || asksInside(snake, o.prefixes))) return;
      // "is_" in front of a verb (is_show_nsfw) is no better a name: say what is wanted instead of suggesting one.
      if (VERBS.has(snake.split('_')[0]!)) {
        ctx.report({ messageId: prisma ? 'prismaVerb' : 'verb', data: { column: name, table, prefixes }, range: column.range });
        return;
      }
      const prefixed = (o.prefixes[0] ?? 'is_') + snake;
      const to = truncateIdentifier(columnName(prefixed, preset, name));
      ctx.report({
        messageId: prisma ? 'prismaPrefix' : 'prefix',
        data: { column: name, table, prefixes, suggestion: sqlIdent(to) },
        range: column.range,
        suggestions:
          definition && !existing.has(to)
            ? [{ title: `Rename column "${name}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range: column.range, newText: sqlIdent(to) }] }]
            : [],
      });
    };
    const columnsOf = (schema: string | undefined, table: string, statement: Statement): Set<string> =>
      new Set([...(ctx.modelAt(statement).table(schema, table)?.columns.keys() ?? []), ...(ctx.final.table(schema, table)?.columns.keys() ?? [])]);

    for (const { fact, statement } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      const names = new Set(fact.columns.map((c) => c.name.name));
      // A boolean key column identifies a row (the singleton-table idiom `id boolean PRIMARY KEY CHECK (id)`).
      const keys = new Set(fact.constraints.filter((k) => k.kind === 'primaryKey').flatMap((k) => k.columns));
      for (const c of fact.columns)
        if (isBool(c) && !keys.has(c.name.name) && !introducedEarlier(ctx, 'columns', `${fact.table.name}.${c.name.name}`) && columnSurvives(ctx, statement, fact.table, c, true))
          check(fact.table.name, c.name, names, true);
    }
    for (const { fact, statement } of ctx.facts('alterTable'))
      for (const a of fact.actions) {
        if (a.type === 'addColumn' && isBool(a.column) && !introducedEarlier(ctx, 'columns', `${fact.table.name}.${a.column.name.name}`) && columnSurvives(ctx, statement, fact.table, a.column, false))
          check(fact.table.name, a.column.name, columnsOf(fact.table.schema, fact.table.name, statement), true);
        // An existing column that becomes boolean: its name now has to read as a yes/no question.
        if (a.type === 'alterColumnType' && isBool({ type: a.newType })) {
          const before = ctx.modelAt(statement).table(fact.table.schema, fact.table.name)?.columns.get(a.column.name);
          if (before && !isBool({ type: { ...before.type, range: a.range } }) && columnKeepsName(ctx, statement, fact.table, a.column.name, a.column.name))
            check(fact.table.name, a.column, new Set(), false);
        }
      }
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'column' || !fact.from) continue;
      const col = ctx.modelAt(statement).table(fact.target.schema, fact.target.name)?.columns.get(fact.from.name);
      if (col && isBool({ type: { ...col.type, range: fact.range } }) && !introducedEarlier(ctx, 'columns', `${fact.target.name}.${fact.to.name}`) && columnKeepsName(ctx, statement, fact.target, fact.from.name, fact.to.name))
        check(fact.target.name, fact.to, columnsOf(fact.target.schema, fact.target.name, statement), true);
    }
  },
});
