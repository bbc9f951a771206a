import type { Statement } from '../parse/document.js';
import type { Ident, TypeRef } from '../parse/facts.js';
import { affix, columnName, presetOf, PRESET_OPTION, type PresetSetting } from './naming/convention.js';
import { columnKeepsName, columnSurvives } from './naming/final-names.js';
import { compileIgnore, introducedEarlier, isSnakeCase, list, sqlIdent, toSnakeCase, truncateIdentifier } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  suffixes: string[];
  checkDate: boolean;
  dateSuffixes: string[];
  ignore: string[];
  preset: PresetSetting;
}

/** Endings that say "time" in other words; a suggestion replaces them with the wanted suffix (start_time -> start_at). */
const TIME_ENDINGS = /_(time|timestamp|timestamptz|ts|tstz|datetime|date|dt|on|at)$/;
const DATE_ENDINGS = /_(date|day|dt|on|at)$/;

export const namingTimestamp = defineRule<Options>({
  id: 'naming-timestamp',
  meta: {
    description: 'Require timestamp columns to end in _at (and, optionally, date columns in _on or _date).',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      timestamp:
        'Timestamp column "{{column}}" of {{table}} ({{type}}) does not end in {{suffixes}}: a name like {{suggestion}} says it is a point in time, while "{{column}}" reads like a flag, a count or a duration, and gets compared or formatted as one. Rename it to {{suggestion}}.',
      timestampGeneric:
        'Timestamp column "{{column}}" of {{table}} ({{type}}) does not end in {{suffixes}}: a name like created_at says what happened at that time; "{{column}}" says only that it is a time, so every reader has to guess which event it records. Rename it after the event, ending in {{suffixes}}.',
      date:
        'Date column "{{column}}" of {{table}} does not end in {{suffixes}}: a name like {{suggestion}} says it is a calendar date, while "{{column}}" reads like a flag or a timestamp and gets compared with one (and time zones creep in). Rename it to {{suggestion}}.',
      dateGeneric:
        'Date column "{{column}}" of {{table}} does not end in {{suffixes}}: "{{column}}" says only that it is a date, so every reader has to guess which event it records. Rename it after the event, ending in {{suffixes}}.',
    },
    defaultOptions: { suffixes: ['_at'], checkDate: false, dateSuffixes: ['_on', '_date'], ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        suffixes: { type: 'array', items: { type: 'string' }, description: 'Accepted endings of timestamp and timestamptz columns; the first one is used in suggestions.' },
        checkDate: { type: 'boolean', description: 'Also check date columns (off by default: the seed only names timestamps).' },
        dateSuffixes: { type: 'array', items: { type: 'string' }, description: 'Accepted endings of date columns when checkDate is on (default _on and _date: published_on, birth_date).' },
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
    const preset = presetOf(ctx);
    const kindOf = (t: Omit<TypeRef, 'range'>): 'timestamp' | 'date' | undefined => {
      if (t.schema || t.isArray) return undefined;
      if (t.name === 'timestamp' || t.name === 'timestamptz') return 'timestamp';
      if (t.name === 'date' && o.checkDate) return 'date';
      return undefined;
    };

    const check = (table: string, column: Ident, type: Omit<TypeRef, 'range'>, existing: ReadonlySet<string>, definition: boolean): void => {
      const kind = kindOf(type);
      if (!kind || ignored(column.name)) return;
      const name = column.name;
      // The column's case is naming-column's business: "createdAt" is judged as created_at here.
      const snake = toSnakeCase(name);
      const suffixes = kind === 'timestamp' ? o.suffixes : o.dateSuffixes;
      if (!isSnakeCase(snake) || !suffixes.length || suffixes.some((s) => snake.endsWith(s))) return;
      const base = snake.replace(/_+$/, '').replace(kind === 'timestamp' ? TIME_ENDINGS : DATE_ENDINGS, '');
      const generic = !base || /^(time|timestamp|timestamptz|ts|datetime|date|day|dt|when)$/.test(base);
      // Prisma's fields are camelCase (createdAt): judged as created_at, suggested as camelCase.
      const to = generic ? undefined : truncateIdentifier(columnName(base + suffixes[0], preset, name));
      const data = { column: name, table, type: type.text || type.name, suffixes: list(suffixes.map((x) => affix(x, preset, name))), suggestion: to ? sqlIdent(to) : '' };
      ctx.report({
        messageId: to ? kind : `${kind}Generic`,
        data,
        range: column.range,
        suggestions:
          to && definition && !existing.has(to)
            ? [{ title: `Rename column "${name}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range: column.range, newText: sqlIdent(to) }] }]
            : [],
      });
    };
    const columnsOf = (schema: string | undefined, table: string, statement: Statement): Set<string> =>
      new Set([...(ctx.modelAt(statement).table(schema, table)?.columns.keys() ?? []), ...(ctx.final.table(schema, table)?.columns.keys() ?? [])]);

    for (const { fact, statement } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      const names = new Set(fact.columns.map((c) => c.name.name));
      for (const c of fact.columns)
        if (kindOf(c.type) && !introducedEarlier(ctx, 'columns', `${fact.table.name}.${c.name.name}`) && columnSurvives(ctx, statement, fact.table, c, true)) check(fact.table.name, c.name, c.type, names, true);
    }
    for (const { fact, statement } of ctx.facts('alterTable'))
      for (const a of fact.actions) {
        if (a.type === 'addColumn' && kindOf(a.column.type) && !introducedEarlier(ctx, 'columns', `${fact.table.name}.${a.column.name.name}`) && columnSurvives(ctx, statement, fact.table, a.column, false))
          check(fact.table.name, a.column.name, a.column.type, columnsOf(fact.table.schema, fact.table.name, statement), true);
        // An existing column that becomes a timestamp (or date): its name now has to say so.
        if (a.type === 'alterColumnType' && kindOf(a.newType)) {
          const before = ctx.modelAt(statement).table(fact.table.schema, fact.table.name)?.columns.get(a.column.name);
          if (before && kindOf(before.type) !== kindOf(a.newType) && columnKeepsName(ctx, statement, fact.table, a.column.name, a.column.name)) check(fact.table.name, a.column, a.newType, new Set(), false);
        }
      }
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'column' || !fact.from) continue;
      const col = ctx.modelAt(statement).table(fact.target.schema, fact.target.name)?.columns.get(fact.from.name);
      if (col && kindOf(col.type) && !introducedEarlier(ctx, 'columns', `${fact.target.name}.${fact.to.name}`) && columnKeepsName(ctx, statement, fact.target, fact.from.name, fact.to.name))
        check(fact.target.name, fact.to, col.type, columnsOf(fact.target.schema, fact.target.name, statement), true);
    }
  },
});
