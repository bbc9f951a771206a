import type { Statement } from '../parse/document.js';
import type { ColumnDef, ConstraintDef, QualifiedName, TypeRef } from '../parse/facts.js';
import { tableKey, type ColumnModel, type TableModel } from '../model/schema.js';
import { defineRule, type RuleContext, type TextEdit } from './types.js';
import { columnSites, finalColumnOf, finalIndex, foreignKeySites, resolveForeignKey, type ColumnSite, type Type } from './util/history.js';
import { typeChangeFix, type ChangedColumn } from './util/type-dependents.js';

const SMALL_INTEGERS = new Set(['int2', 'int4']);

function isSmallInteger(t: Type): boolean {
  return SMALL_INTEGERS.has(t.name) && !t.schema && !t.isArray;
}

/** serial -> bigserial, int/integer/smallint (identity or not) -> bigint. */
function bigType(t: TypeRef): string {
  return t.serial ? 'bigserial' : 'bigint';
}

function isForeignKeyColumn(table: TableModel, column: string): boolean {
  return table.constraints.some((c) => c.kind === 'foreignKey' && c.columns.includes(column));
}

interface KeySite {
  statement: Statement;
  table: QualifiedName;
  constraint: ConstraintDef;
  /** The key column's definition in this file. */
  def?: ColumnDef;
}

/** Single-column primary keys written in this file, with the column's definition when it is in this file too. */
function primaryKeys(statements: readonly Statement[]): KeySite[] {
  const defs = new Map<string, ColumnDef>();
  const out: KeySite[] = [];
  for (const s of statements)
    for (const f of s.facts) {
      if (f.kind === 'createTable') {
        const key = tableKey(f.table.schema, f.table.name);
        for (const c of f.columns) defs.set(`${key}\u0000${c.name.name}`, c);
        for (const c of f.constraints) if (c.kind === 'primaryKey') out.push({ statement: s, table: f.table, constraint: c });
      } else if (f.kind === 'alterTable') {
        const key = tableKey(f.table.schema, f.table.name);
        for (const a of f.actions) {
          if (a.type === 'addColumn') defs.set(`${key}\u0000${a.column.name.name}`, a.column);
          const cs = a.type === 'addColumn' ? a.constraints : a.type === 'addConstraint' ? [a.constraint] : [];
          for (const c of cs) if (c.kind === 'primaryKey') out.push({ statement: s, table: f.table, constraint: c });
        }
      }
    }
  for (const k of out) if (k.constraint.columns.length === 1) k.def = defs.get(`${tableKey(k.table.schema, k.table.name)}\u0000${k.constraint.columns[0]}`);
  return out.filter((k) => k.constraint.columns.length === 1);
}

export const preferBigintKey = defineRule<Record<string, never>>({
  id: 'prefer-bigint-key',
  meta: {
    description: 'Prefer bigint (or bigserial) for primary keys and the foreign keys that reference them.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      primaryKey:
        'Primary key "{{column}}" of "{{table}}" is {{type}}: its values run out at {{limit}}, and a busy table (or a sequence burned by failed inserts and ON CONFLICT) reaches that in production, when every insert starts failing and widening the key means rewriting the table and every table that references it. Use {{replacement}}: 4 more bytes per row.',
      existingKey:
        'The primary key of "{{table}}" is column "{{column}}", an existing {{type}} column: its values run out at {{limit}}, and widening a key later rewrites the table and every table that references it. Consider changing the column to bigint while the table is small.',
      foreignKey:
        'Column "{{column}}" of "{{table}}" references the {{type}} key "{{referenced}}", which should be bigint: change both together, so the foreign key keeps the key\'s type. Use {{replacement}}.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    const limit = (t: Type): string => (t.name === 'int2' ? '32,767' : '2,147,483,647');
    const final = finalIndex(ctx.final);
    /** Key columns this rule widens in this file, by table and column: foreign keys to them are widened with them. */
    const widened = new Map<string, Widening>();
    for (const k of primaryKeys(ctx.file.parsed.statements)) {
      const column = k.constraint.columns[0]!;
      if (k.def) {
        const t = k.def.type;
        if (!isSmallInteger(t)) continue;
        const fin = finalColumnOf(ctx, k.def);
        // Still the table's one-column primary key, still small, in the final schema.
        if (!fin || !isSmallInteger(fin.column.type) || !fin.table.constraints.some((c) => c.kind === 'primaryKey' && c.columns.length === 1 && c.columns[0] === column)) continue;
        // A key that is also a foreign key (a 1:1 extension table) must keep the referenced key's type: see the foreign keys below.
        if (isForeignKeyColumn(fin.table, column)) continue;
        const key = tableKey(k.table.schema, k.table.name);
        widened.set(`${key}\u0000${column}`, { key: k, def: k.def, table: key, final: fin, foreignKeys: [] });
      } else {
        const col = ctx.modelAt(k.statement).table(k.table.schema, k.table.name)?.columns.get(column);
        if (!col || !isSmallInteger(col.type)) continue;
        const fin = final.column(col.origin.file, col.origin.range.start);
        if (!fin || !isSmallInteger(fin.column.type) || isForeignKeyColumn(fin.table, column)) continue;
        if (!final.constraint(ctx.file.path, (k.constraint.name?.range ?? k.constraint.range).start)) continue;
        ctx.report({ messageId: 'existingKey', data: { column, table: k.table.name, type: col.type.text, limit: limit(col.type) }, range: k.constraint.range });
      }
    }
    if (!widened.size) return;
    collectForeignKeys(ctx, widened);
    for (const w of widened.values()) {
      const t = w.def.type;
      const column = w.def.name.name;
      const replacement = bigType(t);
      const edits: TextEdit[] = [{ range: t.range, newText: replacement }, ...w.foreignKeys.map((f) => ({ range: f.site.column.type.range, newText: 'bigint' }))];
      const others = w.foreignKeys.map((f) => `"${f.site.table.name}"."${f.site.column.name.name}"`);
      const title = others.length
        ? `Change the type of "${column}" to ${replacement}, and of ${others.join(', ')} that reference${others.length === 1 ? 's' : ''} it to bigint`
        : `Change the type of "${column}" to ${replacement}`;
      const changed: ChangedColumn[] = [
        { file: ctx.file, statement: w.key.statement, table: w.table, column, final: w.final },
        ...w.foreignKeys.map((f) => ({ file: ctx.file, statement: f.site.statement, table: tableKey(f.site.table.schema, f.site.table.name), column: f.site.column.name.name, final: f.final })),
      ];
      // One edit for the key and its foreign keys, carried by each of their findings: they change together or not at all.
      const edit = typeChangeFix(ctx, changed, { title, edits });
      ctx.report({ messageId: 'primaryKey', data: { column, table: w.key.table.name, type: t.text, limit: limit(t), replacement }, range: t.range, ...edit });
      for (const f of w.foreignKeys)
        ctx.report({
          messageId: 'foreignKey',
          data: { column: f.site.column.name.name, table: f.site.table.name, type: t.text, referenced: `${f.referencedTable}.${column}`, replacement: 'bigint' },
          range: f.site.column.type.range,
          ...edit,
        });
    }
  },
});

interface Widening {
  key: KeySite;
  def: ColumnDef;
  table: string;
  final: { table: TableModel; column: ColumnModel };
  /** This file's foreign-key columns that reference the key, widened with it. */
  foreignKeys: { site: ColumnSite; final: { table: TableModel; column: ColumnModel }; referencedTable: string }[];
}

/**
 * Foreign keys of this file to a widened key, however written (inline REFERENCES, a FOREIGN KEY table
 * constraint, ALTER TABLE … ADD CONSTRAINT on a column defined earlier in the file): their columns
 * are widened with the key. An earlier key that stays int must be referenced by int columns, so
 * foreign keys to keys of other files are left alone.
 */
function collectForeignKeys(ctx: RuleContext<Record<string, never>>, widened: Map<string, Widening>): void {
  const sites = columnSites(ctx);
  const siteOf = new Map<ColumnDef, ColumnSite>(sites.map((s) => [s.column, s]));
  const byOrigin = new Map(sites.map((s) => [s.column.name.range.start, s]));
  const taken = new Set<ColumnDef>();
  for (const site of foreignKeySites(ctx)) {
    const resolved = resolveForeignKey(ctx, site);
    if (!resolved) continue;
    resolved.columns.forEach((c, i) => {
      const w = widened.get(`${resolved.referencedTable}\u0000${resolved.referenced[i]!.name}`);
      if (!w) return;
      let column = c.def ? siteOf.get(c.def) : undefined;
      if (!c.def) {
        // Defined by an earlier statement of this file (the key added by ALTER TABLE … ADD CONSTRAINT).
        const col = ctx.modelAt(site.statement).table(site.table.schema, site.table.name)?.columns.get(c.name);
        if (col && col.origin.file === ctx.file.path) column = byOrigin.get(col.origin.range.start);
      }
      if (!column || taken.has(column.column) || column.column === w.def) return;
      const t = column.column.type;
      if (!isSmallInteger(t) || t.serial) return;
      const fin = finalColumnOf(ctx, column.column);
      if (!fin || !isSmallInteger(fin.column.type)) return;
      taken.add(column.column);
      w.foreignKeys.push({ site: column, final: fin, referencedTable: site.constraint.references!.table.name });
    });
  }
}
