import { tableKey, type ConstraintModel, type SchemaModel, type TableModel } from '../model/schema.js';
import { defineRule, type FixSpec } from './types.js';
import { finalColumnAt, finalColumnOf, finalIndex, foreignKeySites, resolveForeignKey, typeChangeSites, typeSql, type Type } from './util/history.js';
import { typeChangeFix } from './util/type-dependents.js';

/** Built-in types compared by name; other names (domains, user types) are left alone: a domain over the key's type is fine. */
const BUILTIN = new Set([
  'int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'text', 'varchar', 'bpchar', 'char', 'name', 'uuid', 'bool',
  'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'bytea', 'inet', 'cidr', 'macaddr', 'macaddr8', 'oid', 'bit', 'varbit',
]);
const INTEGER_WIDTH: Record<string, number> = { int2: 2, int4: 4, int8: 8 };

/** varchar and text compare, index and join as the same type (varchar is binary-coercible to text). */
function family(name: string): string {
  return name === 'varchar' ? 'text' : name;
}

/**
 * The foreign key column `a` differs from the referenced column `b` in a way that matters: different
 * built-in base types, except an integer column wider than the integer key (every key value fits,
 * and integer comparisons across widths use the index; the fix is widening the key, which
 * prefer-bigint-key reports).
 */
function mismatch(a: Type, b: Type): boolean {
  if (a.isArray !== b.isArray) return false;
  if (a.schema || b.schema || !BUILTIN.has(a.name) || !BUILTIN.has(b.name)) return false;
  if (INTEGER_WIDTH[a.name] && INTEGER_WIDTH[b.name]) return INTEGER_WIDTH[a.name]! < INTEGER_WIDTH[b.name]!;
  return family(a.name) !== family(b.name);
}

function columnType(model: SchemaModel, table: string, column: string): Type | undefined {
  return model.tables.get(table)?.columns.get(column)?.type;
}

/** Still a mismatch in the final schema (a later migration may have aligned the types). */
function finalMismatch(final: SchemaModel, table: TableModel, c: ConstraintModel): boolean {
  const ref = c.references;
  if (!ref) return false;
  const refTable = final.tables.get(ref.table);
  const names = ref.columns ?? refTable?.constraints.find((k) => k.kind === 'primaryKey')?.columns;
  if (!refTable || !names || names.length !== c.columns.length) return false;
  return c.columns.some((col, i) => {
    const a = table.columns.get(col)?.type;
    const b = refTable.columns.get(names[i]!)?.type;
    return !!a && !!b && mismatch(a, b);
  });
}

export const foreignKeyTypeMismatch = defineRule<Record<string, never>>({
  id: 'foreign-key-type-mismatch',
  meta: {
    description: 'Require foreign key columns to have the type of the columns they reference.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      mismatch:
        'Foreign key column "{{column}}" of "{{table}}" is {{type}} but references "{{referenced}}", which is {{referencedType}}: every referential check and join converts one side, {{consequence}} Make the column {{referencedType}}.',
      alterColumn:
        'This changes foreign key column "{{column}}" of "{{table}}" to {{type}}, but it references "{{referenced}}", which is {{referencedType}}: every referential check and join converts one side, {{consequence}} Keep the types equal.',
      alterKey:
        'This changes "{{column}}" of "{{table}}" to {{type}}, but foreign key column(s) {{columns}} that reference it stay {{referencingType}}: every referential check and join converts one side, {{consequence}} Change them in the same migration.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const final = finalIndex(ctx.final);
    const consequence = (a: Type, b: Type): string =>
      INTEGER_WIDTH[a.name] && INTEGER_WIDTH[b.name]
        ? 'and once the key outgrows the narrower integer type, inserts fail with "out of range".'
        : 'which can keep the index from being used, and the values the two types accept differ.';
    for (const site of foreignKeySites(ctx)) {
      const resolved = resolveForeignKey(ctx, site);
      if (!resolved) continue;
      const kept = final.constraint(ctx.file.path, (site.constraint.name?.range ?? site.constraint.range).start);
      if (!kept || !finalMismatch(ctx.final, kept.table, kept.constraint)) continue;
      resolved.columns.forEach((c, i) => {
        const ref = resolved.referenced[i]!;
        if (!mismatch(c.type, ref.type)) return;
        const wanted = typeSql(ref.type);
        const data = {
          column: c.name,
          table: site.table.name,
          type: c.type.text,
          referenced: `${site.constraint.references!.table.name}.${ref.name}`,
          referencedType: wanted,
          consequence: consequence(c.type, ref.type),
        };
        const def = c.def;
        if (!def || def.type.serial) {
          ctx.report({ messageId: 'mismatch', data, range: def?.type.range ?? site.constraint.range });
          return;
        }
        const fix: FixSpec = { title: `Change the type of "${c.name}" to ${wanted}`, edits: [{ range: def.type.range, newText: wanted }] };
        const fin = finalColumnOf(ctx, def);
        const changed = { file: ctx.file, statement: site.statement, table: tableKey(site.table.schema, site.table.name), column: c.name, ...(fin ? { final: fin } : {}) };
        ctx.report({ messageId: 'mismatch', data, range: def.type.range, ...typeChangeFix(ctx, [changed], fix) });
      });
    }
    // ALTER COLUMN … TYPE on either side of an existing foreign key.
    for (const site of typeChangeSites(ctx)) {
      const model = ctx.modelAt(site.statement);
      const table = model.table(site.table.schema, site.table.name);
      if (!table) continue;
      const fin = finalColumnAt(ctx, site.statement, site.table, site.column);
      // Only where this change decides the column's final type.
      if (!fin || fin.type.name !== site.newType.name || fin.type.schema !== site.newType.schema) continue;
      // The column is a foreign key column.
      for (const c of table.constraints) {
        const i = c.kind === 'foreignKey' ? c.columns.indexOf(site.column) : -1;
        if (i < 0 || !c.references) continue;
        const refTable = model.tables.get(c.references.table);
        const refName = c.references.columns?.[i] ?? refTable?.constraints.find((k) => k.kind === 'primaryKey')?.columns[i];
        const refType = refName ? columnType(model, c.references.table, refName) : undefined;
        if (!refType || !mismatch(site.newType, refType)) continue;
        const kept = final.constraint(c.origin.file, c.origin.range.start);
        if (!kept || !finalMismatch(ctx.final, kept.table, kept.constraint)) continue;
        ctx.report({
          messageId: 'alterColumn',
          data: { column: site.column, table: site.table.name, type: site.newType.text, referenced: `${c.references.table.split('.').slice(1).join('.')}.${refName}`, referencedType: typeSql(refType), consequence: consequence(site.newType, refType) },
          range: site.newType.range,
        });
      }
      // The column is referenced by foreign keys of other tables (or its own).
      const referencing: string[] = [];
      let referencingType: Type | undefined;
      for (const other of model.tablesReferencing(table.key).map((k) => model.tables.get(k)!))
        for (const c of other.constraints) {
          if (c.kind !== 'foreignKey' || c.references?.table !== table.key) continue;
          const names = c.references.columns ?? table.constraints.find((k) => k.kind === 'primaryKey')?.columns;
          const i = names?.indexOf(site.column) ?? -1;
          const col = i >= 0 ? other.columns.get(c.columns[i]!) : undefined;
          if (!col || !mismatch(col.type, site.newType)) continue;
          const kept = final.constraint(c.origin.file, c.origin.range.start);
          if (!kept || !finalMismatch(ctx.final, kept.table, kept.constraint)) continue;
          referencing.push(`${other.name}.${col.name}`);
          referencingType ??= col.type;
        }
      if (referencing.length && referencingType)
        ctx.report({
          messageId: 'alterKey',
          data: { column: site.column, table: site.table.name, type: site.newType.text, columns: referencing.join(', '), referencingType: typeSql(referencingType), consequence: consequence(referencingType, site.newType) },
          range: site.newType.range,
        });
    }
  },
});
