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

export class SchemaModel {
  readonly tables = new Map<string, TableModel>();
  readonly indexes = new Map<string, IndexModel>();
  readonly views = new Map<string, ViewModel>();
  readonly enums = new Map<string, { key: string; values: string[]; origin: Origin }>();
  readonly extensions = new Set<string>();

  table(schema: string | undefined, name: string): TableModel | undefined {
    return this.tables.get(tableKey(schema, name));
  }

  indexesOf(table: string): IndexModel[] {
    const out: IndexModel[] = [];
    for (const ix of this.indexes.values()) if (ix.table === table) out.push(ix);
    return out;
  }

  clone(): SchemaModel {
    const m = new SchemaModel();
    for (const [k, t] of this.tables) m.tables.set(k, { ...t, columns: new Map(t.columns), constraints: [...t.constraints] });
    for (const [k, i] of this.indexes) m.indexes.set(k, i);
    for (const [k, v] of this.views) m.views.set(k, v);
    for (const [k, v] of this.enums) m.enums.set(k, v);
    for (const e of this.extensions) m.extensions.add(e);
    return m;
  }
}
