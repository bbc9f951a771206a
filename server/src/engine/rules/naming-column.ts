import type { Statement } from '../parse/document.js';
import type { Ident, QualifiedName } from '../parse/facts.js';
import { dominantColumnStyle, isCamelCase, isPrismaRelationTable, presetOf, PRESET_OPTION, toCamelCase, type ColumnStyle, type PresetSetting } from './naming/convention.js';
import { columnSurvives, columnKeepsName } from './naming/final-names.js';
import { compileIgnore, introducedEarlier, isSnakeCase, sqlIdent, toSnakeCase } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  /** Unset: snake_case, or Prisma's conventions in files the Prisma preset covers. */
  style?: ColumnStyle | 'consistent';
  ignore: string[];
  preset: PresetSetting;
}

export const namingColumn = defineRule<Options>({
  id: 'naming-column',
  meta: {
    description: 'Require snake_case column names (first_name, not "firstName"), or the style the project chose.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      snakeCase:
        'Column "{{name}}" of {{table}} is not snake_case: every query must double-quote it with this exact case, and an unquoted reference folds to {{folded}} and fails with "column does not exist". Reports, ORMs and hand-written SQL keep tripping over it. Rename it to {{suggestion}}.',
      camelCase:
        'Column "{{name}}" of {{table}} is not camelCase, the column style this project chose: with two styles, every query is a guess at how a column is spelled and quoted, and the wrong guess fails with "column does not exist" at run time. Rename it to {{suggestion}}.',
      inconsistent:
        'Column "{{name}}" of {{table}} is not {{dominant}}, the style of {{count}} of the {{total}} columns in this schema that show one: with two styles, every query is a guess at how a column is spelled and quoted, and the wrong guess fails with "column does not exist" at run time. Rename it to {{suggestion}}.',
      prismaCase:
        'Column "{{name}}" of {{table}} follows neither Prisma\'s field naming (camelCase, like {{suggestion}}) nor snake_case (a field mapped with @map): raw SQL must quote it with this exact case, and readers cannot tell which of the schema\'s conventions to expect. Rename the field to {{suggestion}}, or map it to a snake_case name.',
    },
    defaultOptions: { ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        style: {
          type: 'string',
          enum: ['snake_case', 'camelCase', 'consistent'],
          description:
            'The case of column names: snake_case (the default), camelCase, or consistent (the style most of the final schema\'s columns show; columns in the other style are reported). Unset in files the Prisma preset covers, Prisma\'s field names (camelCase) and mapped snake_case names are both accepted.',
        },
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
    const ignored = compileIgnore(ctx.options.ignore);
    const prisma = presetOf(ctx) === 'prisma';
    const style = ctx.options.style ?? (prisma ? undefined : 'snake_case');
    const dominant = style === 'consistent' ? dominantColumnStyle(ctx.final) : undefined;
    const want: ColumnStyle | undefined = dominant?.style ?? (style === 'consistent' ? undefined : style);

    // `existing`: the table's column names, asked only for a report (its suggestion must not take one).
    const check = (table: string, column: Ident, existing: () => ReadonlySet<string>): void => {
      const name = column.name;
      if (ignored(name) || introducedEarlier(ctx, 'columns', `${table}.${name}`)) return;
      // Unset style in a Prisma schema: its camelCase fields and the snake_case names @map gives them.
      if (!want && (isCamelCase(name) || isSnakeCase(name))) return;
      if (want === 'snake_case' && isSnakeCase(name)) return;
      if (want === 'camelCase' && isCamelCase(name)) return;
      const to = want === 'snake_case' ? toSnakeCase(name) : toCamelCase(name);
      const ok = want === 'snake_case' ? isSnakeCase(to) : isCamelCase(to);
      const suggestion = ok ? sqlIdent(to) : `a ${want ?? 'camelCase'} name`;
      const messageId = dominant ? 'inconsistent' : !want ? 'prismaCase' : want === 'snake_case' ? 'snakeCase' : 'camelCase';
      ctx.report({
        messageId,
        data: { name, table, folded: name.toLowerCase(), suggestion, ...(dominant ? { dominant: dominant.style, count: dominant.count, total: dominant.total } : {}) },
        range: column.range,
        suggestions:
          ok && !existing().has(to) ? [{ title: `Rename column "${name}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range: column.range, newText: sqlIdent(to) }] }] : [],
      });
    };
    // Once per statement, when a report needs them: built per action, an ALTER TABLE of thousands of ADD COLUMNs was quadratic.
    const columnsOf = (table: QualifiedName, statement: Statement): (() => Set<string>) => {
      let names: Set<string> | undefined;
      return () =>
        (names ??= new Set([...(ctx.modelAt(statement).table(table.schema, table.name)?.columns.keys() ?? []), ...(ctx.final.table(table.schema, table.name)?.columns.keys() ?? [])]));
    };

    for (const { fact, statement } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      const names = new Set(fact.columns.map((c) => c.name.name));
      // Prisma names the two columns of an implicit m-n relation's table "A" and "B".
      if (prisma && isPrismaRelationTable(fact.table.name, names)) continue;
      for (const c of fact.columns) if (columnSurvives(ctx, statement, fact.table, c, true)) check(fact.table.name, c.name, () => names);
    }
    for (const { fact, statement } of ctx.facts('alterTable')) {
      const existing = columnsOf(fact.table, statement);
      for (const a of fact.actions) if (a.type === 'addColumn' && columnSurvives(ctx, statement, fact.table, a.column, false)) check(fact.table.name, a.column.name, existing);
    }
    for (const { fact, statement } of ctx.facts('rename'))
      if (fact.objectKind === 'column' && fact.from && columnKeepsName(ctx, statement, fact.target, fact.from.name, fact.to.name))
        check(fact.target.name, fact.to, columnsOf(fact.target, statement));
  },
});
