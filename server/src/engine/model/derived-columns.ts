// The columns of a CREATE TABLE … AS, resolved against the schema model as it stands when the
// statement is replayed: a column read from a table gets that column's type, a `*` that table's
// columns. What cannot be resolved gets the type `unknown` (which no rule treats as a built-in type).
import type { DerivedQuery, DerivedSource, DerivedType, TypeRef } from '../parse/facts.js';
import { tableKey, type SchemaModel } from './schema.js';

export type ModelType = Omit<TypeRef, 'range'>;

/** The type of a derived column the model cannot tell. */
export const UNKNOWN_TYPE: ModelType = { name: 'unknown', mods: [], isArray: false, text: 'unknown' };

function isUnknown(t: ModelType): boolean {
  return t.name === 'unknown' && !t.schema;
}

export interface DerivedColumns {
  columns: { name: string; type: ModelType }[];
  /** Every column is known (no `*` over a table or view the model does not know the columns of). */
  complete: boolean;
}

type Arm = DerivedQuery['arms'][number];

/** The output columns of `query`: names from its first arm, each type from the first arm that resolves it. */
export function resolveDerivedColumns(query: DerivedQuery, model: SchemaModel): DerivedColumns {
  const arms = query.arms.map((a) => resolveArm(a, model));
  const first = arms[0] ?? { columns: [], complete: false };
  const columns = first.columns.map((c, i) => {
    if (!isUnknown(c.type)) return c;
    const other = arms.find((a) => a.columns[i] && !isUnknown(a.columns[i]!.type))?.columns[i];
    return other ? { name: c.name, type: other.type } : c;
  });
  return { columns, complete: first.complete };
}

function resolveArm(arm: Arm, model: SchemaModel): DerivedColumns {
  const columns: DerivedColumns['columns'] = [];
  let complete = true;
  for (const c of arm.columns) {
    if ('star' in c) {
      const sources = c.qualifier === undefined ? arm.from : arm.from.filter((s) => named(s, c.qualifier!));
      if (sources.length === 0) complete = false;
      for (const s of sources) {
        const cols = sourceColumns(s, model);
        if (cols) columns.push(...cols);
        else complete = false;
      }
      continue;
    }
    columns.push({ name: c.name, type: resolveType(c.type, arm.from, model) ?? UNKNOWN_TYPE });
  }
  return { columns, complete };
}

/** The FROM item is called `name` in the query (its alias, or the table's own name). */
function named(s: DerivedSource, name: string): boolean {
  return s.alias !== undefined ? s.alias === name : s.table?.name === name;
}

/** A FROM item's columns, when the model knows them all. */
function sourceColumns(s: DerivedSource, model: SchemaModel): DerivedColumns['columns'] | undefined {
  if (s.table) {
    const t = model.tables.get(tableKey(s.table.schema, s.table.name));
    if (!t || t.columnsIncomplete) return undefined;
    return [...t.columns.values()].map((c) => ({ name: c.name, type: c.type }));
  }
  if (s.query) {
    const r = resolveDerivedColumns(s.query, model);
    return r.complete ? r.columns : undefined;
  }
  return undefined;
}

function resolveType(t: DerivedType, from: DerivedSource[], model: SchemaModel): ModelType | undefined {
  if (t.kind === 'type') {
    const { range: _r, ...type } = t.type;
    return type;
  }
  if (t.kind === 'unknown') return undefined;
  const candidates = t.qualifier === undefined ? from : from.filter((s) => named(s, t.qualifier!));
  for (const s of candidates) {
    const found = sourceColumns(s, model)?.find((c) => c.name === t.column);
    if (found) return isUnknown(found.type) ? undefined : found.type;
  }
  return undefined;
}
