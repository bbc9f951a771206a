// The schema model: what the migration history has built so far, with where each thing came from.
import type { ConstraintDef, Expression, ReferentialAction, TypeRef } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';

/** Where an object was defined: a file of the history and a range in it. */
export interface Origin {
  file: string;
  range: Range;
}

export interface ColumnModel {
  name: string;
  type: Omit<TypeRef, 'range'>;
  notNull: boolean;
  default?: Omit<Expression, 'range'>;
  identity: boolean;
  generated: boolean;
  origin: Origin;
}

export interface ConstraintModel {
  kind: ConstraintDef['kind'];
  /** PostgreSQL's generated name when the source gave none. */
  name: string;
  named: boolean;
  columns: string[];
  references?: { table: string; columns?: string[]; onDelete: ReferentialAction; onUpdate: ReferentialAction; explicitActions: boolean };
  notValid: boolean;
  checkNotNullColumn?: string;
  origin: Origin;
}

export interface IndexModel {
  /** Key of the index: schema.name */
  key: string;
  name: string;
  schema: string;
  /** Key of the table. */
  table: string;
  unique: boolean;
  /** Column names; undefined for an expression element. */
  columns: (string | undefined)[];
  /** Parallel to `columns`: each expression element's normalized key (IndexElement.expressionKey), undefined for plain columns. */
  expressions?: (string | undefined)[];
  method: string;
  include: string[];
  where?: string;
  whereNotNullColumns?: string[];
  /** Columns the expressions and the predicate read (CreateIndexFact.expressionColumns): dropping one drops the index. */
  expressionColumns?: string[];
  /** Backs a PRIMARY KEY or UNIQUE constraint. */
  constraint?: string;
  origin: Origin;
}

export interface TableModel {
  key: string;
  schema: string;
  name: string;
  columns: Map<string, ColumnModel>;
  constraints: ConstraintModel[];
  rowLevelSecurity: boolean;
  partitioned: boolean;
  partitionOf?: string;
  /** Keys of the tables it INHERITS from (ALTER TABLE and TRUNCATE on those recurse to it). */
  inherits?: string[];
  /** Columns unknown (CREATE TABLE AS, LIKE of an unknown table, INHERITS): rules must not assume a column is missing. */
  columnsIncomplete: boolean;
  origin: Origin;
  /** Index in the history of the file that created it. */
  fileIndex: number;
}

export interface ViewModel {
  key: string;
  schema: string;
  name: string;
  materialized: boolean;
  origin: Origin;
}

export const DEFAULT_SCHEMA = 'public';

export function tableKey(schema: string | undefined, name: string): string {
  return `${schema ?? DEFAULT_SCHEMA}.${name}`;
}

/**
 * A Map that reads through to a parent map and keeps its own writes and deletions, so that a model
 * "as of a statement" costs nothing to create. Iteration keeps the parent's order, then new keys.
 */
export class OverlayMap<K, V> extends Map<K, V> {
  private readonly deleted = new Set<K>();

  constructor(private readonly parent: ReadonlyMap<K, V>) {
    super();
  }

  override get(k: K): V | undefined {
    if (super.has(k)) return super.get(k);
    return this.deleted.has(k) ? undefined : this.parent.get(k);
  }

  override has(k: K): boolean {
    return super.has(k) || (!this.deleted.has(k) && this.parent.has(k));
  }

  override set(k: K, v: V): this {
    this.deleted.delete(k);
    return super.set(k, v);
  }

  override delete(k: K): boolean {
    const existed = this.has(k);
    super.delete(k);
    if (this.parent.has(k)) this.deleted.add(k);
    return existed;
  }

  override clear(): void {
    super.clear();
    for (const k of this.parent.keys()) this.deleted.add(k);
  }

  /** This overlay set or deleted `k` (the parent's value, if any, is hidden). */
  changes(k: K): boolean {
    return super.has(k) || this.deleted.has(k);
  }

  /** Keys this overlay set (not those it deleted), in the order it first set them. */
  ownKeys(): IterableIterator<K> {
    return super.keys();
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.parent) {
      if (this.deleted.has(k)) continue;
      yield [k, super.has(k) ? super.get(k)! : v];
    }
    for (const [k, v] of super.entries()) if (!this.parent.has(k)) yield [k, v];
  }

  override *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  // Without a generator: replaying DROP TABLE scans every index, and generator iteration made that
  // scan the largest cost of replaying a long history.
  override forEach(cb: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    const own = (k: K): boolean => super.has(k);
    const ownValue = (k: K): V => super.get(k)!;
    this.parent.forEach((v, k) => {
      if (!this.deleted.has(k)) cb.call(thisArg, own(k) ? ownValue(k) : v, k, this);
    });
    super.forEach((v, k) => {
      if (!this.parent.has(k)) cb.call(thisArg, v, k, this);
    });
  }
}

/** A map of the model that also finds its values by a group (an index's table, a table's name) without a scan of them all. */
export interface GroupedMap<V> extends Map<string, V> {
  /** Keys of the values in `group` (in no particular order). */
  keysIn(group: string): Iterable<string>;
}

function addTo(byGroup: Map<string, Set<string>>, group: string, key: string): void {
  const keys = byGroup.get(group);
  if (keys) keys.add(key);
  else byGroup.set(group, new Set([key]));
}

/**
 * A map of a model with no parent, with its keys per group kept up to date on every write: replaying
 * DROP TABLE, DROP COLUMN, DROP CONSTRAINT and renames needs a table's indexes, and a scan of every
 * index for each such statement (again for each rule) dominated a long history's replay.
 */
class RootGroupedMap<V> extends Map<string, V> implements GroupedMap<V> {
  private readonly byGroup = new Map<string, Set<string>>();

  constructor(private readonly groupOf: (v: V) => string) {
    super();
  }

  override set(k: string, v: V): this {
    const old = super.get(k);
    if (old !== undefined && this.groupOf(old) !== this.groupOf(v)) this.byGroup.get(this.groupOf(old))?.delete(k);
    addTo(this.byGroup, this.groupOf(v), k);
    return super.set(k, v);
  }

  override delete(k: string): boolean {
    const old = super.get(k);
    if (old !== undefined) this.byGroup.get(this.groupOf(old))?.delete(k);
    return super.delete(k);
  }

  override clear(): void {
    this.byGroup.clear();
    super.clear();
  }

  keysIn(group: string): Iterable<string> {
    return this.byGroup.get(group) ?? [];
  }
}

/** An overlay of a grouped map: the parent's keys per group, checked against this overlay, and its own. */
class OverlayGroupedMap<V> extends OverlayMap<string, V> implements GroupedMap<V> {
  /** Keys this overlay set, per group they were set for (checked on lookup: a later write may move or delete them). */
  private readonly ownByGroup = new Map<string, Set<string>>();

  constructor(
    private readonly parentMap: GroupedMap<V>,
    private readonly groupOf: (v: V) => string,
  ) {
    super(parentMap);
  }

  override set(k: string, v: V): this {
    addTo(this.ownByGroup, this.groupOf(v), k);
    return super.set(k, v);
  }

  override clear(): void {
    this.ownByGroup.clear();
    super.clear();
  }

  keysIn(group: string): Iterable<string> {
    const out = new Set<string>();
    const inGroup = (k: string): boolean => {
      const v = this.get(k);
      return v !== undefined && this.groupOf(v) === group;
    };
    for (const k of this.parentMap.keysIn(group)) if (inGroup(k)) out.add(k);
    for (const k of this.ownByGroup.get(group) ?? []) if (inGroup(k)) out.add(k);
    return out;
  }
}

function groupedMap<V>(parent: GroupedMap<V> | undefined, groupOf: (v: V) => string): GroupedMap<V> {
  return parent ? new OverlayGroupedMap(parent, groupOf) : new RootGroupedMap(groupOf);
}

const indexTable = (ix: IndexModel): string => ix.table;
const relationName = (r: { name: string }): string => r.name;

export class SchemaModel {
  /** Grouped by name: an unqualified name may mean a table of any schema on the search path. */
  readonly tables: GroupedMap<TableModel>;
  /** Grouped by table. */
  readonly indexes: GroupedMap<IndexModel>;
  /** Grouped by name. */
  readonly views: GroupedMap<ViewModel>;
  readonly enums: Map<string, { key: string; values: string[]; origin: Origin }>;
  readonly extensions: Set<string>;
  /** Tables this model may change in place (created or copied by it, not shared with a parent). */
  private readonly ownTables = new WeakSet<TableModel>();
  /** The model this one overlays (see `overlay`). */
  readonly parent: SchemaModel | undefined;
  /** Keys of the tables that may hold a foreign key to a table, by that table's key: a superset, checked on lookup (tables change after they are noted). */
  private readonly mayReference = new Map<string, Set<string>>();
  private orphanPartitions = false;

  constructor(parent?: SchemaModel) {
    this.parent = parent;
    this.tables = groupedMap(parent?.tables, relationName);
    this.indexes = groupedMap(parent?.indexes, indexTable);
    this.views = groupedMap(parent?.views, relationName);
    this.enums = parent ? new OverlayMap(parent.enums) : new Map();
    this.extensions = new Set(parent?.extensions ?? []);
  }

  /**
   * A table of this model that may be changed in place: tables shared with the parent model are
   * copied first (copy-on-write), so the parent never sees the change.
   */
  mutableTable(key: string): TableModel | undefined {
    const t = this.tables.get(key);
    if (!t || !this.parent || this.ownTables.has(t)) return t;
    const copy: TableModel = { ...t, columns: new Map(t.columns), constraints: [...t.constraints] };
    this.ownTables.add(copy);
    this.tables.set(key, copy);
    return copy;
  }

  /** Records a table created by this model (it may be changed in place). */
  adopt(table: TableModel): TableModel {
    this.ownTables.add(table);
    return table;
  }

  /**
   * Some table may be a partition of a table this model does not hold under that name (created
   * before or without its parent, or its parent renamed or moved): only then must dropping a table
   * the model does not know look through every table for partitions.
   */
  get mayHaveOrphanPartitions(): boolean {
    return this.orphanPartitions || (this.parent?.mayHaveOrphanPartitions ?? false);
  }

  markOrphanPartitions(): void {
    this.orphanPartitions = true;
  }

  /** A model that starts as this one and keeps its own changes; this model must not change while it is in use. */
  overlay(): SchemaModel {
    return new SchemaModel(this);
  }

  table(schema: string | undefined, name: string): TableModel | undefined {
    return this.tables.get(tableKey(schema, name));
  }

  /** The table's indexes, in the order the model holds them; looked up by table, not by a scan of every index. */
  indexesOf(table: string): IndexModel[] {
    return this.indexKeysOf(table).map((k) => this.indexes.get(k)!);
  }

  /** Keys of the table's indexes (in no particular order), collected first so that the caller may change the map. */
  indexKeysOf(table: string): string[] {
    return [...this.indexes.keysIn(table)];
  }

  /** Some table or view of any schema has this name (an unqualified name may mean it). */
  hasRelationNamed(name: string): boolean {
    for (const _ of this.tables.keysIn(name)) return true;
    for (const _ of this.views.keysIn(name)) return true;
    return false;
  }

  /** Records that table `from` holds a foreign key to table `to` (tablesReferencing finds it without a scan). */
  noteReference(from: string, to: string): void {
    addTo(this.mayReference, to, from);
  }

  /** Records every foreign key a table holds, under the key it has now (after a rename or SET SCHEMA). */
  noteReferencesOf(table: TableModel): void {
    for (const c of table.constraints) if (c.references) this.noteReference(table.key, c.references.table);
  }

  /** Keys of the tables holding a foreign key to `table` (in no particular order). */
  tablesReferencing(table: string): string[] {
    const out = new Set<string>();
    for (let m: SchemaModel | undefined = this; m; m = m.parent) for (const k of m.mayReference.get(table) ?? []) out.add(k);
    return [...out].filter((k) => this.tables.get(k)?.constraints.some((c) => c.references?.table === table));
  }

  /** Keys of the tables for which `test` holds, collected first so that the caller may change the map. */
  tableKeysWhere(test: (t: TableModel) => boolean): string[] {
    const out: string[] = [];
    this.tables.forEach((t, k) => {
      if (test(t)) out.push(k);
    });
    return out;
  }

  /** An independent deep-enough copy (tables copied; indexes, views and enums are replaced, never changed, by the replayer). */
  clone(): SchemaModel {
    const m = new SchemaModel();
    for (const [k, t] of this.tables) m.tables.set(k, { ...t, columns: new Map(t.columns), constraints: [...t.constraints] });
    for (const [k, i] of this.indexes) m.indexes.set(k, i);
    for (const [k, v] of this.views) m.views.set(k, v);
    for (const [k, v] of this.enums) m.enums.set(k, v);
    for (const e of this.extensions) m.extensions.add(e);
    if (this.mayHaveOrphanPartitions) m.markOrphanPartitions();
    for (let from: SchemaModel | undefined = this; from; from = from.parent) for (const [to, keys] of from.mayReference) for (const k of keys) m.noteReference(k, to);
    return m;
  }
}
