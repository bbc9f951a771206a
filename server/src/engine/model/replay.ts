// Replays statements' facts into the schema model, in history order.
import type { HistoryFile } from '../rules/types.js';
import type { AlterEnumFact, AlterTableFact, ColumnDef, ConstraintDef, CreateIndexFact, CreateTableFact, Fact, RenameFact } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { resolveDerivedColumns } from './derived-columns.js';
import { constraintSuffix, generatedName } from './names.js';
import { DEFAULT_SCHEMA, SchemaModel, tableKey, type ColumnModel, type ConstraintModel, type IndexModel, type Origin, type TableModel } from './schema.js';

export class Replayer {
  constructor(
    readonly model: SchemaModel,
    private file: string,
    private fileIndex: number,
  ) {}

  setFile(file: string, fileIndex: number): void {
    this.file = file;
    this.fileIndex = fileIndex;
  }

  private origin(range: Range): Origin {
    return { file: this.file, range };
  }

  apply(fact: Fact): void {
    switch (fact.kind) {
      case 'createTable':
        this.createTable(fact);
        break;
      case 'alterTable':
        this.alterTable(fact);
        break;
      case 'createIndex':
        this.createIndex(fact);
        break;
      case 'drop':
        for (const n of fact.names) {
          const key = tableKey(n.schema, n.name);
          if (fact.objectKind === 'table') this.dropTable(key); else if (fact.objectKind === 'index') this.model.indexes.delete(key);
          else if (fact.objectKind === 'view' || fact.objectKind === 'materializedView') this.dropView(key);
          else if (fact.objectKind === 'type') this.model.enums.delete(key);
        }
        break;
      case 'rename':
        this.rename(fact);
        break;
      case 'createView': {
        const key = tableKey(fact.name.schema, fact.name.name);
        this.model.views.set(key, { key, schema: fact.name.schema ?? DEFAULT_SCHEMA, name: fact.name.name, materialized: fact.materialized, origin: this.origin(fact.name.nameRange) });
        break;
      }
      case 'createEnum': {
        const key = tableKey(fact.name.schema, fact.name.name);
        this.model.enums.set(key, { key, values: fact.values, origin: this.origin(fact.name.nameRange) });
        break;
      }
      case 'alterEnum':
        this.alterEnum(fact);
        break;
      case 'doBlock':
        for (const f of fact.facts) this.apply(f);
        break;
      case 'createExtension':
        this.model.extensions.add(fact.name);
        break;
      default:
        break;
    }
  }

  /** Drops a view or materialized view and (a materialized view's) indexes. */
  private dropView(key: string): void {
    this.model.views.delete(key);
    for (const k of this.model.indexKeysOf(key)) this.model.indexes.delete(k);
  }

  /** ALTER TYPE … ADD VALUE [BEFORE | AFTER] / RENAME VALUE. */
  private alterEnum(f: AlterEnumFact): void {
    const key = tableKey(f.name.schema, f.name.name);
    const e = this.model.enums.get(key);
    if (!e) return;
    const values = [...e.values];
    const a = f.action;
    if (a.type === 'renameValue') {
      const i = values.indexOf(a.from);
      if (i >= 0) values[i] = a.to;
    } else {
      if (values.includes(a.value)) return;
      const neighbour = a.before ?? a.after;
      const i = neighbour === undefined ? -1 : values.indexOf(neighbour);
      if (i < 0) values.push(a.value);
      else values.splice(a.before !== undefined ? i : i + 1, 0, a.value);
    }
    this.model.enums.set(key, { ...e, values });
  }

  /** Drops a table, its indexes and (as PostgreSQL does) its partitions. */
  private dropTable(key: string): void {
    const dropped = this.model.tables.get(key);
    this.model.tables.delete(key);
    for (const k of this.model.indexKeysOf(key)) this.model.indexes.delete(k);
    // Only a partitioned table can have partitions, or an unknown one when some partition's parent is
    // unknown: skips a scan of every table for the common DROP TABLE (a pg_dump --clean drops every
    // table before creating it, which made one large dump quadratic).
    if (dropped ? !dropped.partitioned : !this.model.mayHaveOrphanPartitions) return;
    const partitions: string[] = [];
    this.model.tables.forEach((t) => {
      if (t.partitionOf === key) partitions.push(t.key);
    });
    for (const k of partitions) this.dropTable(k);
  }

  private createTable(f: CreateTableFact): void {
    const key = tableKey(f.table.schema, f.table.name);
    if (f.ifNotExists && this.model.tables.has(key)) return;
    const table: TableModel = {
      key,
      schema: f.table.schema ?? DEFAULT_SCHEMA,
      name: f.table.name,
      columns: new Map(),
      constraints: [],
      rowLevelSecurity: false,
      partitioned: f.partitioned,
      columnsIncomplete: f.asQuery,
      origin: this.origin(f.table.nameRange),
      fileIndex: this.fileIndex,
    };
    if (f.partitionOf) {
      const parentKey = tableKey(f.partitionOf.schema, f.partitionOf.name);
      table.partitionOf = parentKey;
      const parent = this.model.tables.get(parentKey);
      if (parent) for (const [n, c] of parent.columns) table.columns.set(n, c);
      else {
        table.columnsIncomplete = true;
        this.model.markOrphanPartitions();
      }
    }
    if (f.inherits.length) table.inherits = f.inherits.map((t) => tableKey(t.schema, t.name));
    for (const like of [...f.like, ...f.inherits.map((t) => ({ table: t, includingAll: false, includingIndexes: false, includingConstraints: true, includingDefaults: false }))]) {
      const src = this.model.tables.get(tableKey(like.table.schema, like.table.name));
      if (!src) {
        table.columnsIncomplete = true;
        continue;
      }
      for (const [n, c] of src.columns) table.columns.set(n, like.includingDefaults ? c : { ...c, default: undefined });
      if (like.includingConstraints) for (const c of src.constraints) if (c.kind === 'check') table.constraints.push(c);
      if (like.includingIndexes) {
        for (const ix of this.model.indexesOf(src.key)) {
          const name = generatedName(table.name, ix.columns.map((c) => c ?? 'expr'), ix.unique ? 'key' : 'idx');
          this.model.indexes.set(tableKey(table.schema, name), { ...ix, key: tableKey(table.schema, name), name, schema: table.schema, table: key, origin: table.origin });
        }
        for (const c of src.constraints) if (c.kind === 'primaryKey' || c.kind === 'unique') table.constraints.push(c);
      }
    }
    this.model.tables.set(key, this.model.adopt(table));
    if (f.query) this.addDerivedColumns(table, f.query);
    for (const c of f.columns) table.columns.set(c.name.name, this.column(c));
    for (const c of withoutDuplicateKeys(f.constraints)) this.addConstraint(table, c);
  }

  /** The columns of CREATE TABLE … AS, as far as the model can tell them (nullable, no defaults). */
  private addDerivedColumns(table: TableModel, query: NonNullable<CreateTableFact['query']>): void {
    const derived = resolveDerivedColumns(query, this.model);
    for (const c of derived.columns) {
      // A column read from a serial column is a plain integer: CREATE TABLE … AS copies no default.
      const { serial: _s, ...type } = c.type;
      table.columns.set(c.name, { name: c.name, type, notNull: false, identity: false, generated: false, origin: table.origin });
    }
    table.columnsIncomplete = !derived.complete;
  }

  private column(c: ColumnDef): ColumnModel {
    const { range: _r, ...type } = c.type;
    const col: ColumnModel = { name: c.name.name, type, notNull: c.notNull, identity: c.identity, generated: c.generated, origin: this.origin(c.name.range) };
    if (c.default) {
      const { range: _d, ...def } = c.default;
      col.default = def;
    }
    return col;
  }

  private addConstraint(table: TableModel, c: ConstraintDef): void {
    // PostgreSQL names an unnamed primary key <table>_pkey, others <table>_<columns>_<suffix>.
    const nameColumns = c.kind === 'primaryKey' ? [] : c.kind === 'check' ? (c.check?.notNullColumn ? [c.check.notNullColumn] : c.columns) : c.columns;
    const name = c.name?.name ?? generatedName(table.name, nameColumns, constraintSuffix(c.kind));
    const m: ConstraintModel = { kind: c.kind, name, named: !!c.name, columns: c.columns, notValid: c.notValid, origin: this.origin(c.name?.range ?? c.range) };
    if (c.references) {
      const r = c.references;
      m.references = { table: tableKey(r.table.schema, r.table.name), onDelete: r.onDelete, onUpdate: r.onUpdate, explicitActions: r.explicitActions };
      if (r.columns) m.references.columns = r.columns;
      this.model.noteReference(table.key, m.references.table);
    }
    if (c.check?.notNullColumn) m.checkNotNullColumn = c.check.notNullColumn;
    // A table has one constraint of a name: a DO block's `IF NOT EXISTS … ADD CONSTRAINT` replays unconditionally.
    const same = table.constraints.findIndex((k) => k.name === name);
    if (same >= 0) table.constraints.splice(same, 1);
    table.constraints.push(m);
    if (c.kind === 'primaryKey') for (const col of c.columns) {
      const cm = table.columns.get(col);
      if (cm) table.columns.set(col, { ...cm, notNull: true });
    }
    if (c.kind === 'primaryKey' || c.kind === 'unique') {
      const indexName = c.usingIndex ?? name;
      const key = tableKey(table.schema, indexName);
      const existing = this.model.indexes.get(key);
      if (existing) this.model.indexes.set(key, { ...existing, constraint: name });
      else
        this.model.indexes.set(key, {
          key,
          name: indexName,
          schema: table.schema,
          table: table.key,
          unique: true,
          columns: c.columns,
          method: 'btree',
          include: c.include,
          constraint: name,
          origin: m.origin,
        });
    }
  }

  private alterTable(f: AlterTableFact): void {
    const key = tableKey(f.table.schema, f.table.name);
    const table = this.model.mutableTable(key);
    if (!table) return;
    for (const a of f.actions) {
      switch (a.type) {
        case 'addColumn':
          if (a.ifNotExists && table.columns.has(a.column.name.name)) break;
          table.columns.set(a.column.name.name, this.column(a.column));
          for (const c of a.constraints) this.addConstraint(table, c);
          break;
        case 'dropColumn':
          table.columns.delete(a.column.name);
          table.constraints = table.constraints.filter((c) => !c.columns.includes(a.column.name));
          for (const k of this.model.indexKeysOf(key)) if (indexReads(this.model.indexes.get(k)!, a.column.name)) this.model.indexes.delete(k);
          break;
        case 'alterColumnType': {
          const c = table.columns.get(a.column.name);
          const { range: _r, ...type } = a.newType;
          if (c) table.columns.set(c.name, { ...c, type });
          break;
        }
        case 'setNotNull':
        case 'dropNotNull': {
          const c = table.columns.get(a.column.name);
          if (c) table.columns.set(c.name, { ...c, notNull: a.type === 'setNotNull' });
          break;
        }
        case 'setDefault': {
          const c = table.columns.get(a.column.name);
          const { range: _r, ...def } = a.default;
          if (c) table.columns.set(c.name, { ...c, default: def });
          break;
        }
        case 'dropDefault': {
          const c = table.columns.get(a.column.name);
          if (c) table.columns.set(c.name, { ...c, default: undefined });
          break;
        }
        case 'addConstraint':
          this.addConstraint(table, a.constraint);
          break;
        case 'dropConstraint':
          table.constraints = table.constraints.filter((c) => c.name !== a.name.name);
          for (const k of this.model.indexKeysOf(key)) if (this.model.indexes.get(k)!.constraint === a.name.name) this.model.indexes.delete(k);
          break;
        case 'validateConstraint':
          table.constraints = table.constraints.map((c) => (c.name === a.name.name ? { ...c, notValid: false } : c));
          break;
        case 'enableRowLevelSecurity':
        case 'forceRowLevelSecurity':
          table.rowLevelSecurity = true;
          break;
        case 'disableRowLevelSecurity':
          table.rowLevelSecurity = false;
          break;
        case 'attachPartition':
        case 'detachPartition': {
          const part = this.model.mutableTable(tableKey(a.partition.schema, a.partition.name));
          if (!part) break;
          if (a.type === 'attachPartition') part.partitionOf = key;
          else delete part.partitionOf;
          break;
        }
        case 'setSchema': {
          // Its partitions still name the old key.
          if (table.partitioned) this.model.markOrphanPartitions();
          this.model.tables.delete(key);
          const moved = this.model.adopt({ ...table, columns: new Map(table.columns), constraints: [...table.constraints], schema: a.schema, key: tableKey(a.schema, table.name) });
          this.model.tables.set(moved.key, moved);
          this.model.noteReferencesOf(moved);
          for (const k of this.model.indexKeysOf(key)) this.model.indexes.set(k, { ...this.model.indexes.get(k)!, table: moved.key });
          break;
        }
        default:
          break;
      }
    }
  }

  private createIndex(f: CreateIndexFact): void {
    const tKey = tableKey(f.table.schema, f.table.name);
    const schema = f.table.schema ?? DEFAULT_SCHEMA;
    const table = this.model.tables.get(tKey);
    const cols = f.elements.map((e) => e.column);
    const name = f.name?.name ?? generatedName(f.table.name, cols.map((c) => c ?? 'expr'), 'idx');
    const key = tableKey(schema, name);
    if (f.ifNotExists && this.model.indexes.has(key)) return;
    this.model.indexes.set(key, {
      key,
      name,
      schema,
      table: table?.key ?? tKey,
      unique: f.unique,
      columns: cols,
      ...(f.elements.some((e) => e.expressionKey) ? { expressions: f.elements.map((e) => e.expressionKey) } : {}),
      method: f.method,
      include: f.include,
      where: f.where?.text,
      whereNotNullColumns: f.where?.notNullColumns,
      ...(f.expressionColumns ? { expressionColumns: f.expressionColumns } : {}),
      origin: this.origin(f.name?.range ?? f.range),
    });
  }

  private rename(f: Extract<Fact, { kind: 'rename' }>): void {
    const key = tableKey(f.target.schema, f.target.name);
    if (f.objectKind === 'table') {
      const t = this.model.tables.get(key);
      if (!t) return;
      // Its partitions still name the old key.
      if (t.partitioned) this.model.markOrphanPartitions();
      this.model.tables.delete(key);
      const nk = tableKey(t.schema, f.to.name);
      const renamed = this.model.adopt({ ...t, columns: new Map(t.columns), constraints: [...t.constraints], key: nk, name: f.to.name });
      this.model.tables.set(nk, renamed);
      this.model.noteReferencesOf(renamed);
      for (const k of this.model.indexKeysOf(key)) this.model.indexes.set(k, { ...this.model.indexes.get(k)!, table: nk });
      for (const otherKey of this.model.tablesReferencing(key)) {
        const o = this.model.mutableTable(otherKey)!;
        o.constraints = o.constraints.map((c) => (c.references?.table === key ? { ...c, references: { ...c.references, table: nk } } : c));
        this.model.noteReference(otherKey, nk);
      }
    } else if (f.objectKind === 'column' && f.from) {
      if (!this.model.tables.get(key)?.columns.get(f.from.name)) return;
      const t = this.model.mutableTable(key)!;
      const from = f.from.name;
      const to = f.to.name;
      const cols = new Map<string, ColumnModel>();
      for (const [n, col] of t.columns) cols.set(n === from ? to : n, n === from ? { ...col, name: to } : col);
      t.columns = cols;
      const ren = (xs: string[]): string[] => xs.map((x) => (x === from ? to : x));
      t.constraints = t.constraints.map((k) => ({ ...k, columns: ren(k.columns), checkNotNullColumn: k.checkNotNullColumn === from ? to : k.checkNotNullColumn }));
      for (const k of this.model.indexKeysOf(key)) {
        const ix = this.model.indexes.get(k)!;
        const renamed: IndexModel = { ...ix, columns: ix.columns.map((x) => (x === from ? to : x)) };
        if (ix.expressionColumns) renamed.expressionColumns = ren(ix.expressionColumns);
        this.model.indexes.set(k, renamed);
      }
      for (const otherKey of this.model.tablesReferencing(key).filter((k) => this.model.tables.get(k)!.constraints.some((c) => c.references?.table === key && c.references.columns?.includes(from)))) {
        const o = this.model.mutableTable(otherKey)!;
        o.constraints = o.constraints.map((k) =>
          k.references?.table === key && k.references.columns ? { ...k, references: { ...k.references, columns: ren(k.references.columns) } } : k,
        );
      }
    } else if (f.objectKind === 'index') {
      this.renameIndex(key, f.to.name);
    } else if (f.objectKind === 'constraint' && f.from) {
      this.renameConstraint(key, f.from.name, f.to.name);
    } else if (f.objectKind === 'type') {
      this.renameType(f);
    }
  }

  /** ALTER INDEX … RENAME: the PRIMARY KEY or UNIQUE constraint the index backs takes the new name too, as in PostgreSQL. */
  private renameIndex(key: string, to: string): void {
    const ix = this.model.indexes.get(key);
    if (!ix) return;
    this.model.indexes.delete(key);
    const nk = tableKey(ix.schema, to);
    this.model.indexes.set(nk, { ...ix, key: nk, name: to, ...(ix.constraint ? { constraint: to } : {}) });
    const t = ix.constraint ? this.model.mutableTable(ix.table) : undefined;
    if (t) t.constraints = t.constraints.map((c) => (c.name === ix.constraint ? { ...c, name: to, named: true } : c));
  }

  /** ALTER TABLE … RENAME CONSTRAINT: the index behind a PRIMARY KEY or UNIQUE constraint takes the new name too, as in PostgreSQL. */
  private renameConstraint(table: string, from: string, to: string): void {
    const t = this.model.mutableTable(table);
    if (!t) return;
    t.constraints = t.constraints.map((c) => (c.name === from ? { ...c, name: to, named: true } : c));
    for (const k of this.model.indexKeysOf(table)) {
      const ix = this.model.indexes.get(k)!;
      if (ix.constraint !== from) continue;
      this.model.indexes.delete(k);
      const nk = tableKey(ix.schema, to);
      this.model.indexes.set(nk, { ...ix, key: nk, name: to, constraint: to });
    }
  }

  /** ALTER TYPE … RENAME TO: columns refer to the type itself, so they follow the new name. */
  private renameType(f: RenameFact): void {
    const schema = f.target.schema ?? DEFAULT_SCHEMA;
    const from = f.target.name;
    const to = f.to.name;
    const key = tableKey(schema, from);
    const e = this.model.enums.get(key);
    if (e) {
      const nk = tableKey(schema, to);
      this.model.enums.delete(key);
      this.model.enums.set(nk, { ...e, key: nk });
    }
    const typed = (t: TableModel): boolean => {
      for (const c of t.columns.values()) if (c.type.name === from && (c.type.schema ?? DEFAULT_SCHEMA) === schema) return true;
      return false;
    };
    const text = (f.to.quoted ? `"${to.replace(/"/g, '""')}"` : to);
    for (const tk of this.model.tableKeysWhere(typed)) {
      const t = this.model.mutableTable(tk)!;
      for (const [n, c] of t.columns)
        if (c.type.name === from && (c.type.schema ?? DEFAULT_SCHEMA) === schema)
          t.columns.set(n, { ...c, type: { ...c.type, name: to, text: `${c.type.schema ? `${c.type.schema}.` : ''}${text}${c.type.isArray ? '[]' : ''}` } });
    }
  }
}

/** The index reads the column: as a key column, in an expression or in its predicate. */
function indexReads(ix: IndexModel, column: string): boolean {
  return ix.columns.includes(column) || !!ix.expressionColumns?.includes(column);
}

/**
 * The PRIMARY KEY and UNIQUE constraints of one CREATE TABLE without those that repeat an earlier
 * one (the primary key first): PostgreSQL creates one index for them (transformIndexConstraints), and
 * an unnamed survivor takes the name of a named duplicate.
 */
function withoutDuplicateKeys(constraints: ConstraintDef[]): ConstraintDef[] {
  const keys = constraints.filter((c) => c.kind === 'primaryKey' || c.kind === 'unique');
  if (keys.length < 2) return constraints;
  const sameKey = (a: ConstraintDef, b: ConstraintDef): boolean => a.columns.join('\0') === b.columns.join('\0') && a.include.join('\0') === b.include.join('\0');
  const pk = keys.find((c) => c.kind === 'primaryKey');
  const kept: ConstraintDef[] = pk ? [pk] : [];
  const dropped = new Set<ConstraintDef>();
  const renamed = new Map<ConstraintDef, ConstraintDef>();
  for (const c of keys) {
    if (c === pk) continue;
    const prior = kept.find((k) => sameKey(k, c));
    if (!prior) {
      kept.push(c);
      continue;
    }
    dropped.add(c);
    if (!prior.name && c.name && !renamed.has(prior)) renamed.set(prior, { ...prior, name: c.name });
  }
  return constraints.filter((c) => !dropped.has(c)).map((c) => renamed.get(c) ?? c);
}

/** Replays the up migrations among `files` (in history order) into `model`; down migrations are never replayed. */
export function replayFiles(model: SchemaModel, files: readonly HistoryFile[]): SchemaModel {
  const replayer = new Replayer(model, '', 0);
  for (const file of files) {
    if (file.isDown) continue;
    replayer.setFile(file.path, file.index);
    for (const s of file.parsed.statements) for (const f of s.facts) replayer.apply(f);
  }
  return model;
}
