// What each file of the history defined that a model still holds: its tables, columns, constraints,
// indexes and enum types, found by their origin. Rules report a definition only while the final
// schema still has the problem, so they ask this for the file they lint. Built with one scan of a
// model; a model that overlays another (the editor's model of a history whose newest file is being
// typed in) reuses its parent's answers and scans only what it changed itself.
import { OverlayMap, type ColumnModel, type ConstraintModel, type IndexModel, type Origin, type SchemaModel, type TableModel } from './schema.js';

export interface Definitions {
  /** Tables the file created, in the model's table order. */
  tables: TableModel[];
  /** Columns the file defined, with the table that holds them (a LIKE copy or a partition shares its source's columns). */
  columns: { table: TableModel; column: ColumnModel }[];
  constraints: { table: TableModel; constraint: ConstraintModel }[];
  indexes: IndexModel[];
  enums: { key: string; values: string[]; origin: Origin }[];
}

type ByFile = Map<string, Definitions>;

function empty(): Definitions {
  return { tables: [], columns: [], constraints: [], indexes: [], enums: [] };
}

const EMPTY: Definitions = Object.freeze(empty());

function entry(byFile: ByFile, file: string): Definitions {
  let d = byFile.get(file);
  if (!d) byFile.set(file, (d = empty()));
  return d;
}

function addTable(byFile: ByFile, t: TableModel): void {
  entry(byFile, t.origin.file).tables.push(t);
  for (const column of t.columns.values()) entry(byFile, column.origin.file).columns.push({ table: t, column });
  for (const constraint of t.constraints) entry(byFile, constraint.origin.file).constraints.push({ table: t, constraint });
}

/** Groups what `tables`, `indexes` and `enums` hold by origin file. */
function scan(tables: Iterable<TableModel>, indexes: Iterable<IndexModel>, enums: Iterable<Definitions['enums'][number]>): ByFile {
  const byFile: ByFile = new Map();
  for (const t of tables) addTable(byFile, t);
  for (const ix of indexes) entry(byFile, ix.origin.file).indexes.push(ix);
  for (const e of enums) entry(byFile, e.origin.file).enums.push(e);
  return byFile;
}

/** For a model that overlays another: what it set itself, and a test for what it changed (set or deleted). */
interface OwnChanges {
  byFile: ByFile;
  tableChanged(key: string): boolean;
  indexChanged(key: string): boolean;
  enumChanged(key: string): boolean;
}

function ownValues<V>(map: Map<string, V>): { values: V[]; changed: (k: string) => boolean } {
  if (!(map instanceof OverlayMap)) throw new Error('an overlaid model keeps overlay maps');
  const overlay = map as OverlayMap<string, V>;
  const values: V[] = [];
  for (const k of overlay.ownKeys()) values.push(overlay.get(k)!);
  return { values, changed: (k) => overlay.changes(k) };
}

const rootCache = new WeakMap<SchemaModel, ByFile>();
const ownCache = new WeakMap<SchemaModel, OwnChanges>();
const layeredCache = new WeakMap<SchemaModel, ByFile>();

function ownChanges(model: SchemaModel): OwnChanges {
  let own = ownCache.get(model);
  if (!own) {
    const tables = ownValues(model.tables);
    const indexes = ownValues(model.indexes);
    const enums = ownValues(model.enums);
    own = { byFile: scan(tables.values, indexes.values, enums.values), tableChanged: tables.changed, indexChanged: indexes.changed, enumChanged: enums.changed };
    ownCache.set(model, own);
  }
  return own;
}

/**
 * What `file` defined that `model` holds. The model must not change afterwards (the answer is kept
 * with it): ask of a model once the history is replayed into it.
 */
export function definitionsIn(model: SchemaModel, file: string): Definitions {
  const parent = model.parent;
  if (!parent) {
    let byFile = rootCache.get(model);
    if (!byFile) rootCache.set(model, (byFile = scan(model.tables.values(), model.indexes.values(), model.enums.values())));
    return byFile.get(file) ?? EMPTY;
  }
  let layered = layeredCache.get(model);
  if (!layered) layeredCache.set(model, (layered = new Map()));
  let d = layered.get(file);
  if (!d) {
    // The parent's definitions this model did not replace or delete, then its own.
    const inherited = definitionsIn(parent, file);
    const own = ownChanges(model);
    const mine = own.byFile.get(file) ?? EMPTY;
    d = {
      tables: [...inherited.tables.filter((t) => !own.tableChanged(t.key)), ...mine.tables],
      columns: [...inherited.columns.filter((c) => !own.tableChanged(c.table.key)), ...mine.columns],
      constraints: [...inherited.constraints.filter((c) => !own.tableChanged(c.table.key)), ...mine.constraints],
      indexes: [...inherited.indexes.filter((ix) => !own.indexChanged(ix.key)), ...mine.indexes],
      enums: [...inherited.enums.filter((e) => !own.enumChanged(e.key)), ...mine.enums],
    };
    layered.set(file, d);
  }
  return d;
}
