import type { ColumnDef, ConstraintDef, CreateTableFact, QualifiedName } from '../parse/facts.js';
import type { Statement } from '../parse/document.js';
import type { Range } from '../parse/positions.js';
import { affix, columnName, isPrismaRelationColumn, isPrismaRelationTable, presetOf, PRESET_OPTION, type PresetSetting } from './naming/convention.js';
import { columnSurvives, constraintSurvives } from './naming/final-names.js';
import { compileIgnore, introducedEarlier, isSnakeCase, list, singularTableName, sqlIdent, toSnakeCase, truncateIdentifier } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  suffixes: string[];
  strict: boolean;
  ignore: string[];
  preset: PresetSetting;
}

/** Endings that mark a key without saying "id": user_ref -> user_id. */
const KEY_ENDINGS = /_(ref|fk|key)$/;

export const namingForeignKeyColumn = defineRule<Options>({
  id: 'naming-foreign-key-column',
  meta: {
    description: 'Require single-column foreign keys to be named after what they reference ({referenced_table_singular}_id).',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      suffix:
        'Foreign-key column "{{column}}" references {{table}}({{refColumn}}) but its name does not end in {{suffixes}}: readers cannot tell it holds a reference, so joins get written against the wrong column and the value gets treated as data. Rename it to {{suggestion}}.',
      strict:
        'Foreign-key column "{{column}}" references {{table}}({{refColumn}}) but is not named {{expected}} or <role>_{{expected}}: the name should say which table it points to, so joins can be written without looking the constraint up. Rename it to {{suggestion}}.',
    },
    defaultOptions: { suffixes: ['_id', '_by'], strict: false, ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        suffixes: {
          type: 'array',
          items: { type: 'string' },
          description: 'Accepted endings of a foreign-key column (default: _id, and _by for audit columns like created_by). A column named like the referenced column, or ending in _<referenced column>, is always accepted.',
        },
        strict: {
          type: 'boolean',
          description: 'Require exactly <singular referenced table>_id or <role>_<singular referenced table>_id (parent_category_id); for a referenced column other than id, its name or <role>_<that name>.',
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
    const o = ctx.options;
    const ignored = compileIgnore(o.ignore);
    const preset = presetOf(ctx);

    /** The single primary-key column of the referenced table, when the FK does not name its columns. */
    const primaryKeyOf = (target: QualifiedName, statement: Statement, creating?: CreateTableFact): string | undefined => {
      if (creating && creating.table.name === target.name && (creating.table.schema ?? 'public') === (target.schema ?? 'public')) {
        const pk = creating.constraints.find((c) => c.kind === 'primaryKey');
        return pk && pk.columns.length === 1 ? pk.columns[0] : undefined;
      }
      const t = ctx.modelAt(statement).table(target.schema, target.name) ?? ctx.final.table(target.schema, target.name);
      const pk = t?.constraints.find((c) => c.kind === 'primaryKey');
      return pk && pk.columns.length === 1 ? pk.columns[0] : undefined;
    };

    const check = (
      table: { schema?: string; name: string },
      c: ConstraintDef,
      statement: Statement,
      defined: ColumnDef | undefined,
      existing: ReadonlySet<string>,
      creating?: CreateTableFact,
    ): void => {
      const ref = c.references;
      if (c.kind !== 'foreignKey' || !ref || c.columns.length !== 1 || (ref.columns && ref.columns.length !== 1)) return;
      const column = c.columns[0]!;
      if (ignored(column)) return;
      if (defined && introducedEarlier(ctx, 'columns', `${table.name}.${column}`)) return;
      // Prisma's implicit m-n relation tables name their two keys "A" and "B".
      if (preset === 'prisma' && (creating ? isPrismaRelationTable(creating.table.name, creating.columns.map((col) => col.name.name)) && (column === 'A' || column === 'B') : isPrismaRelationColumn(table.name, column, ctx.modelAt(statement), table.schema)))
        return;
      if (!defined) {
        // A foreign key added to an older column: report it once, not each time the key is re-created.
        const had = ctx.before.table(table.schema, table.name)?.constraints.some((k) => k.kind === 'foreignKey' && k.columns.length === 1 && k.columns[0] === column);
        if (had) return;
      }
      // A column or key a later migration drops or renames: the advice cannot be followed any more.
      if (defined ? !columnSurvives(ctx, statement, table, defined, !!creating) : !constraintSurvives(ctx, statement, table, c, false)) return;
      const refColumn = ref.columns?.[0] ?? primaryKeyOf(ref.table, statement, creating) ?? 'id';
      // The column's case is naming-column's business: "userId" is judged as user_id here.
      const name = toSnakeCase(column);
      const refName = toSnakeCase(refColumn);
      if (!isSnakeCase(name)) return;
      // The referenced column's own name (user_uuid -> users(user_uuid), a shared primary key id -> users(id)).
      if (name === refName || (refName !== 'id' && name.endsWith('_' + refName))) return;
      const singular = singularTableName(ref.table.name);
      let suggestion: string;
      if (o.strict) {
        const expected = refName === 'id' ? `${singular}_id` : refName;
        if (name === expected || name.endsWith('_' + expected)) return;
        const role = name.replace(KEY_ENDINGS, '').replace(/_id$/, '');
        suggestion = role === singular || role.endsWith('_' + singular) ? `${role}_${refName}` : `${role}_${expected}`;
        report('strict', { expected: sqlIdent(columnName(expected, preset, column)) });
      } else {
        // A numbered key (site_id_1, user_id2) still ends in its suffix.
        const bare = name.replace(/_?\d+$/, '');
        if (o.suffixes.some((s) => name.endsWith(s) || bare.endsWith(s))) return;
        suggestion = `${name.replace(KEY_ENDINGS, '')}_${refName === 'id' || !refName ? 'id' : refName}`;
        report('suffix', { suffixes: list(o.suffixes.map((x) => affix(x, preset, column))) });
      }

      function report(messageId: 'suffix' | 'strict', extra: Record<string, string>): void {
        const to = truncateIdentifier(columnName(suggestion, preset, column));
        const range: Range = defined ? defined.name.range : c.range;
        ctx.report({
          messageId,
          data: { column, table: ref!.table.name, refColumn, suggestion: sqlIdent(to), ...extra },
          range,
          suggestions:
            defined && !existing.has(to)
              ? [{ title: `Rename column "${column}" to ${sqlIdent(to)} (update code that uses it)`, edits: [{ range: defined.name.range, newText: sqlIdent(to) }] }]
              : [],
        });
      }
    };

    for (const { fact, statement } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      const names = new Set(fact.columns.map((c) => c.name.name));
      for (const c of fact.constraints) check(fact.table, c, statement, fact.columns.find((col) => col.name.name === c.columns[0]), names, fact);
    }
    for (const { fact, statement } of ctx.facts('alterTable')) {
      const model = ctx.modelAt(statement).table(fact.table.schema, fact.table.name);
      const names = new Set(model?.columns.keys() ?? []);
      const added = new Map<string, ColumnDef>();
      for (const a of fact.actions) if (a.type === 'addColumn') added.set(a.column.name.name, a.column);
      for (const a of fact.actions) {
        if (a.type === 'addColumn') for (const c of a.constraints) check(fact.table, c, statement, a.column, names);
        else if (a.type === 'addConstraint') check(fact.table, a.constraint, statement, added.get(a.constraint.columns[0] ?? ''), names);
      }
    }
  },
});
