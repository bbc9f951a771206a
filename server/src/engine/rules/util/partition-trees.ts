// Tables whose columns must keep equal types: a partitioned table and its partitions (PARTITION OF,
// ATTACH PARTITION), a parent and its children (INHERITS). PostgreSQL refuses to attach a partition
// or merge an inherited column whose type differs ("child table has different type for column"), so
// a fix that changes a column's type must change it in every member of the tree or in none.
// Built once per history; tables are keyed as written (renames are not followed).
import type { Statement } from '../../parse/document.js';
import type { ColumnDef } from '../../parse/facts.js';
import { tableKey } from '../../model/schema.js';
import type { HistoryFile } from '../types.js';
import { pushTo } from './collections.js';

/** Where a column of a table is defined: CREATE TABLE or ALTER TABLE … ADD COLUMN. */
export interface ColumnDefinition {
  /** The table's key, as written. */
  table: string;
  file: HistoryFile;
  statement: Statement;
  def: ColumnDef;
}

interface Trees {
  /** Each table's representative (union-find). */
  parent: Map<string, string>;
  /** Members of each tree with more than one table, by representative. */
  members: Map<string, string[]>;
  /** Column definitions by table key and column name. */
  definitions: Map<string, ColumnDefinition[]>;
}

const cache = new WeakMap<readonly HistoryFile[], Trees>();

function find(parent: Map<string, string>, key: string): string {
  let root = key;
  while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
  return root;
}

function trees(history: readonly HistoryFile[]): Trees {
  const hit = cache.get(history);
  if (hit) return hit;
  const parent = new Map<string, string>();
  const definitions = new Map<string, ColumnDefinition[]>();
  const link = (a: string, b: string): void => {
    for (const k of [a, b]) if (!parent.has(k)) parent.set(k, k);
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const file of history) {
    if (file.isDown) continue;
    for (const statement of file.parsed.statements)
      for (const f of statement.facts) {
        if (f.kind === 'createTable') {
          const key = tableKey(f.table.schema, f.table.name);
          for (const def of f.columns) pushTo(definitions, `${key}\u0000${def.name.name}`, { table: key, file, statement, def });
          if (f.partitionOf) link(tableKey(f.partitionOf.schema, f.partitionOf.name), key);
          for (const t of f.inherits) link(tableKey(t.schema, t.name), key);
        } else if (f.kind === 'alterTable') {
          const key = tableKey(f.table.schema, f.table.name);
          for (const a of f.actions) {
            if (a.type === 'addColumn') pushTo(definitions, `${key}\u0000${a.column.name.name}`, { table: key, file, statement, def: a.column });
            else if (a.type === 'attachPartition') link(key, tableKey(a.partition.schema, a.partition.name));
          }
        }
      }
  }
  const members = new Map<string, string[]>();
  for (const k of parent.keys()) pushTo(members, find(parent, k), k);
  const out = { parent, members, definitions };
  cache.set(history, out);
  return out;
}

/** The tables of `table`'s partition or inheritance tree (itself included); undefined when it is in none. */
export function treeOf(history: readonly HistoryFile[], table: string): string[] | undefined {
  const t = trees(history);
  if (!t.parent.has(table)) return undefined;
  return t.members.get(find(t.parent, table));
}

/** Every definition of the column in the given tables, in history order. */
export function columnDefinitions(history: readonly HistoryFile[], tables: readonly string[], column: string): ColumnDefinition[] {
  const t = trees(history);
  return tables
    .flatMap((k) => t.definitions.get(`${k}\u0000${column}`) ?? [])
    .sort((a, b) => a.file.index - b.file.index || a.statement.index - b.statement.index || a.def.range.start - b.def.range.start);
}
