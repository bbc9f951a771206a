// The facts a statement contributes: what rules and the schema model read. Both parser adapters
// (pgsql-ast-parser and PostgreSQL's own AST) produce exactly these shapes, so no rule ever sees a
// parser's raw tree. Names are as PostgreSQL stores them: unquoted identifiers folded to lower case,
// quoted ones exact. Every range is a UTF-16 range into the file's text.
import type { Range } from './positions.js';

export interface Ident {
  name: string;
  /** Written with double quotes in the source. */
  quoted: boolean;
  range: Range;
}

export interface QualifiedName {
  schema?: string;
  name: string;
  quoted: boolean;
  /** The whole written name, schema included. */
  range: Range;
  /** Only the last part (the object's own name). */
  nameRange: Range;
}

export interface TypeRef {
  /** Canonical PostgreSQL type name: int2/int4/int8, float4/float8, numeric, money, text, varchar, bpchar, bool, timestamp, timestamptz, date, json, jsonb, uuid, or a user type's name. */
  name: string;
  schema?: string;
  /** Type modifiers as written, e.g. [12, 2] for numeric(12,2). */
  mods: number[];
  isArray: boolean;
  /** serial types are int4/int8/int2 with this set. */
  serial?: 'smallserial' | 'serial' | 'bigserial';
  /** The type as written (e.g. "double precision"). */
  text: string;
  range: Range;
}

export interface Expression {
  /** Source text of the expression. */
  text: string;
  range: Range;
  /** Lower-case names of the functions it calls. */
  functions: string[];
  /** The expression is the NULL literal. */
  isNull: boolean;
}

export interface ColumnDef {
  name: Ident;
  type: TypeRef;
  notNull: boolean;
  /** NULL written explicitly. */
  explicitNull: boolean;
  default?: Expression;
  identity: boolean;
  generated: boolean;
  /** The whole column definition. */
  range: Range;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyTarget {
  table: QualifiedName;
  /** Omitted in the source: the referenced table's primary key. */
  columns?: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /** ON DELETE / ON UPDATE written explicitly. */
  explicitActions: boolean;
}

export interface ConstraintDef {
  kind: 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'exclude';
  name?: Ident;
  columns: string[];
  /** Written inside a column definition. */
  inline: boolean;
  range: Range;
  references?: ForeignKeyTarget;
  notValid: boolean;
  /** ADD CONSTRAINT … USING INDEX name. */
  usingIndex?: string;
  check?: Expression & {
    /** CHECK (col IS NOT NULL): the column. */
    notNullColumn?: string;
  };
  /** INCLUDE (…) columns of a unique/primary key. */
  include: string[];
}

export interface CreateTableFact {
  kind: 'createTable';
  range: Range;
  table: QualifiedName;
  ifNotExists: boolean;
  temporary: boolean;
  columns: ColumnDef[];
  constraints: ConstraintDef[];
  /** PARTITION BY … */
  partitioned: boolean;
  partitionOf?: QualifiedName;
  like: { table: QualifiedName; includingAll: boolean; includingIndexes: boolean; includingConstraints: boolean; includingDefaults: boolean }[];
  inherits: QualifiedName[];
  /** CREATE TABLE … AS / SELECT INTO: the columns come from a query. */
  asQuery: boolean;
  /** For `asQuery`: the query's output columns, as far as the text tells them (see DerivedQuery). */
  query?: DerivedQuery;
}

/**
 * Where a query's output column gets its type, resolved against the schema model when the
 * statement is replayed: a type written in the text (a cast, a literal), a column of one of the
 * query's FROM items, or unknown.
 */
export type DerivedType = { kind: 'type'; type: TypeRef } | { kind: 'column'; qualifier?: string; column: string } | { kind: 'unknown' };

/**
 * A query's output columns: one arm per SELECT of a UNION/INTERSECT/EXCEPT (one for a plain
 * SELECT). Names come from the first arm, as in PostgreSQL; a column's type from the first arm that
 * tells it.
 */
export interface DerivedQuery {
  arms: {
    /** Output columns in order; `star` is a `*` or `qualifier.*` the model expands. */
    columns: ({ name: string; type: DerivedType } | { star: true; qualifier?: string })[];
    /** The FROM items the arm's columns refer to. */
    from: DerivedSource[];
  }[];
}

/** A FROM item of a derived query: a table or view by name, or a subquery, with the name the query uses for it. */
export interface DerivedSource {
  alias?: string;
  table?: QualifiedName;
  query?: DerivedQuery;
}

export type AlterAction =
  | { type: 'addColumn'; range: Range; column: ColumnDef; constraints: ConstraintDef[]; ifNotExists: boolean }
  | { type: 'dropColumn'; range: Range; column: Ident; ifExists: boolean; cascade: boolean }
  | { type: 'alterColumnType'; range: Range; column: Ident; newType: TypeRef; using?: Expression }
  | { type: 'setNotNull' | 'dropNotNull'; range: Range; column: Ident }
  | { type: 'setDefault'; range: Range; column: Ident; default: Expression }
  | { type: 'dropDefault'; range: Range; column: Ident }
  | { type: 'addConstraint'; range: Range; constraint: ConstraintDef }
  | { type: 'dropConstraint'; range: Range; name: Ident; ifExists: boolean }
  | { type: 'validateConstraint'; range: Range; name: Ident }
  | { type: 'enableRowLevelSecurity' | 'disableRowLevelSecurity' | 'forceRowLevelSecurity'; range: Range }
  | { type: 'attachPartition' | 'detachPartition'; range: Range; partition: QualifiedName }
  | { type: 'setSchema'; range: Range; schema: string }
  | { type: 'other'; range: Range; subtype: string };

export interface AlterTableFact {
  kind: 'alterTable';
  range: Range;
  table: QualifiedName;
  ifExists: boolean;
  only: boolean;
  actions: AlterAction[];
}

export interface IndexElement {
  /** A plain column; undefined for an expression. */
  column?: string;
  expression?: string;
  /** For an expression: its normalized form (see `expressionKey` in parse/query-facts.ts), comparable with `WrappedColumn.key`. */
  expressionKey?: string;
  range: Range;
  descending: boolean;
}

export interface CreateIndexFact {
  kind: 'createIndex';
  range: Range;
  /** Unnamed indexes get PostgreSQL's generated name in the model. */
  name?: Ident;
  table: QualifiedName;
  unique: boolean;
  concurrently: boolean;
  ifNotExists: boolean;
  only: boolean;
  method: string;
  elements: IndexElement[];
  include: string[];
  where?: Expression & {
    /** When the predicate is only `a IS NOT NULL [AND b IS NOT NULL …]`: those columns. */
    notNullColumns?: string[];
  };
  /** Columns the expression elements and the WHERE predicate read: dropping any of them drops the index. */
  expressionColumns?: string[];
}

export type ObjectKind =
  | 'table'
  | 'index'
  | 'view'
  | 'materializedView'
  | 'type'
  | 'schema'
  | 'function'
  | 'sequence'
  | 'trigger'
  | 'policy'
  | 'extension'
  | 'other';

export interface DropFact {
  kind: 'drop';
  range: Range;
  objectKind: ObjectKind;
  names: QualifiedName[];
  ifExists: boolean;
  cascade: boolean;
  concurrently: boolean;
  /** DROP TRIGGER name ON table: the table. */
  table?: QualifiedName;
}

export interface RenameFact {
  kind: 'rename';
  range: Range;
  objectKind: 'table' | 'column' | 'index' | 'constraint' | 'view' | 'type' | 'other';
  /** The table (for table, column and constraint renames) or the index, view or type being renamed. */
  target: QualifiedName;
  /** The column or constraint being renamed (column/constraint renames). */
  from?: Ident;
  to: Ident;
}

export interface CreateViewFact {
  kind: 'createView';
  range: Range;
  name: QualifiedName;
  materialized: boolean;
  orReplace: boolean;
  /** The tables and views the query reads (every FROM/JOIN item that is not one of the query's CTEs), once each. */
  references?: QualifiedName[];
}

export interface CreateEnumFact {
  kind: 'createEnum';
  range: Range;
  name: QualifiedName;
  values: string[];
}

/** ALTER TYPE … ADD VALUE / RENAME VALUE on an enum (ALTER TYPE … RENAME TO is a `rename` of objectKind `type`). */
export interface AlterEnumFact {
  kind: 'alterEnum';
  range: Range;
  name: QualifiedName;
  action:
    | { type: 'addValue'; value: string; ifNotExists: boolean; before?: string; after?: string }
    | { type: 'renameValue'; from: string; to: string };
}

/**
 * The DDL a DO block runs: its plain SQL statements and its EXECUTEs of literal strings, in the
 * order written, whatever branch they sit in. Replayed into the schema model; rules do not see
 * these facts as the file's own (a fix cannot edit SQL inside a string the same way).
 */
export interface DoBlockFact {
  kind: 'doBlock';
  range: Range;
  facts: Fact[];
}

export interface RelationRef {
  table: QualifiedName;
  alias?: string;
}

/** Where a query sits: a view body, a CTE, a function body, … (the innermost enclosing construct). */
export type QueryContext = 'view' | 'query' | 'cte' | 'subquery' | 'insert' | 'createTableAs' | 'function';

/**
 * How a routine body holding a query is written: `dollar` ($$ … $$: offsets map 1:1 onto the file, so
 * edits are exact) or `quoted` ('…' with doubled quotes: ranges are mapped through the un-doubling, but
 * an edit's text would need its quotes doubled). Absent for queries written directly in the file
 * (statements and BEGIN ATOMIC bodies).
 */
export type StringBody = 'dollar' | 'quoted';

/** `*` or `alias.*` in a select list. */
export interface SelectStarFact {
  kind: 'selectStar';
  range: Range;
  qualifier?: string;
  /** Where the query sits: a view body, a CTE, a function body, … */
  context: QueryContext;
  /** The relations in the FROM clause of the select holding the star; undefined when one of them is not a plain table (subquery, function, VALUES, a CTE's name). */
  relations?: RelationRef[];
  /** Written as `TABLE name`: the star is implicit and `range` covers `TABLE name`. */
  tableCommand?: boolean;
  /** Every FROM item the star takes columns from is defined in the query itself (a CTE, a subquery, VALUES, a set-returning built-in or a function with a column definition list): no stored table's shape flows through it. */
  localSource?: boolean;
  /** For `alias.*`: the plain table `alias` names in this select's FROM (set even when other FROM items are not tables). */
  qualifiedRelation?: RelationRef;
  /** Some of `relations` are joined with USING or NATURAL: the star merges the join columns, so it is not the plain concatenation of the tables' columns. */
  mergedJoin?: boolean;
  /** The star sits in a routine body (BEGIN ATOMIC, a function body string or a DO block). */
  inFunctionBody: boolean;
  /** Set when the body is a string literal: see StringBody. */
  stringBody?: StringBody;
}

/** A WHERE-clause comparison (=, <, <=, >, >=, IN, = ANY, BETWEEN) with a function, EXTRACT, COALESCE or cast applied to one column. */
export interface WrappedColumn {
  /** The wrapping expression, e.g. `lower(email)`. */
  range: Range;
  /** Lower-case name of the outermost function (`lower`, `extract`, `date_trunc`, `coalesce`), or `cast` when the column is only cast. */
  function: string;
  /** Canonical type name of the cast when the expression is only a cast of the column (`created_at::date`). */
  castTo?: string;
  column: { name: string; qualifier?: string; range: Range };
  /** Normalized expression, equal to an index's `expressionKey` when the index is on the same expression (casts and qualifiers ignored). */
  key: string;
}

/** `col = a OR col = b [OR …]`: an OR with at least two equality arms on the same column. */
export interface OrEqualities {
  /** The column reference as written in the first arm. */
  column: string;
  /** The whole OR expression (exact when `exact`); otherwise from the first to the last arm on the column. */
  range: Range;
  /** Every arm of the OR in source order; `value` is set on the `column = value` arms of this column. */
  arms: { text: string; value?: string }[];
  /** Range, arm texts and values were checked by re-parsing them: an edit built from them is exact. */
  exact: boolean;
}

/** What one query block (a SELECT, or the WHERE of an UPDATE/DELETE) does that query-quality rules look at. Emitted only when a list is non-empty or `offset` is set. */
export interface QueryFact {
  kind: 'query';
  /** The statement (or routine body) holding the query. */
  range: Range;
  context: QueryContext;
  inFunctionBody: boolean;
  stringBody?: StringBody;
  /** The plain tables of the block's FROM (and an UPDATE/DELETE's target), with aliases. */
  relations: RelationRef[];
  /** FROM has other items too (subqueries, functions, VALUES, CTE names): an unqualified column may belong to them. */
  otherRelations: boolean;
  wrappedColumns: WrappedColumn[];
  orEqualities: OrEqualities[];
  /** OFFSET given as an integer literal. */
  offset?: { value: number; range: Range };
}

export interface TransactionFact {
  kind: 'transaction';
  range: Range;
  op: 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'other';
}

export interface SetFact {
  kind: 'set';
  range: Range;
  name: string;
  value?: string;
  local: boolean;
}

export interface DmlFact {
  kind: 'update' | 'delete' | 'insert';
  range: Range;
  table: QualifiedName;
  hasWhere: boolean;
}

/** TRUNCATE: every row of each table is gone (CASCADE also empties the tables that reference them). */
export interface TruncateFact {
  kind: 'truncate';
  range: Range;
  tables: QualifiedName[];
  cascade: boolean;
}

export interface GrantFact {
  kind: 'grant';
  range: Range;
  isGrant: boolean;
  /** 'all' for ALL [PRIVILEGES]. */
  privileges: 'all' | string[];
  objectKind: string;
  /** The objects named; for ALTER DEFAULT PRIVILEGES, the schemas of IN SCHEMA (none: every schema). */
  objects: string[];
  grantees: string[];
  /** ALTER DEFAULT PRIVILEGES … GRANT: applies to the objects created from now on. */
  defaults?: true;
}

export interface RoleFact {
  kind: 'role';
  range: Range;
  op: 'create' | 'alter';
  name: string;
  /** The password literal, when one is written. */
  password?: Range;
}

export interface CreateFunctionFact {
  kind: 'createFunction';
  range: Range;
  name: QualifiedName;
  language: string;
  securityDefiner: boolean;
  setsSearchPath: boolean;
  body?: Range;
  /** The declared result: canonical type name, SETOF, RETURNS TABLE (…). Absent for procedures. */
  returns?: { type: string; schema?: string; setof: boolean; table: boolean };
  /** CREATE PROCEDURE. */
  procedure?: boolean;
  /** IMMUTABLE / STABLE / VOLATILE as declared; PostgreSQL's default is volatile. */
  volatility?: 'immutable' | 'stable' | 'volatile';
}

/** CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name … ON table. */
export interface CreateTriggerFact {
  kind: 'createTrigger';
  range: Range;
  name: string;
  table: QualifiedName;
}

/** REINDEX { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } [CONCURRENTLY] name. */
export interface ReindexFact {
  kind: 'reindex';
  range: Range;
  objectKind: 'index' | 'table' | 'schema' | 'database' | 'system';
  /** The index or table (index and table kinds). */
  name?: QualifiedName;
  concurrently: boolean;
}

export interface CreateExtensionFact {
  kind: 'createExtension';
  range: Range;
  name: string;
}

export type Fact =
  | CreateTableFact
  | AlterTableFact
  | CreateIndexFact
  | DropFact
  | RenameFact
  | CreateViewFact
  | CreateEnumFact
  | AlterEnumFact
  | DoBlockFact
  | SelectStarFact
  | QueryFact
  | TransactionFact
  | SetFact
  | DmlFact
  | TruncateFact
  | GrantFact
  | RoleFact
  | CreateFunctionFact
  | CreateExtensionFact
  | ReindexFact
  | CreateTriggerFact;

export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;
