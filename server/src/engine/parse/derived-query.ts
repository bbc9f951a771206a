// The output columns of a CREATE TABLE … AS query, read from PostgreSQL's tree: their names as
// PostgreSQL chooses them (FigureColname in parse_target.c) and where each gets its type. Types
// that depend on other tables are resolved against the schema model when the statement is replayed
// (model/derived-columns.ts); what the text cannot tell stays unknown.
import type { DerivedQuery, DerivedSource, DerivedType, QualifiedName, TypeRef } from './facts.js';
import type { PgNode } from './pg.js';

/** How the adapter turns tree nodes into names and types with ranges in the file. */
export interface DerivedQueryContext {
  qname(rangeVar: PgNode): QualifiedName;
  typeRef(typeName: PgNode): TypeRef;
}

/** The query's columns; undefined for a query that is not a plain SELECT or set operation of SELECTs. */
export function derivedQuery(select: PgNode, ctx: DerivedQueryContext): DerivedQuery | undefined {
  const arms: PgNode[] = [];
  const collect = (s: PgNode): boolean => {
    if (!s) return false;
    if (s.op && s.op !== 'SETOP_NONE') return collect(s.larg) && collect(s.rarg);
    if (!s.targetList) return false;
    arms.push(s);
    return true;
  };
  if (!collect(select?.SelectStmt ?? select)) return undefined;
  const derived = arms.map((a) => simpleSelect(a, ctx));
  if (derived.some((d) => !d)) return undefined;
  return { arms: derived as DerivedQuery['arms'] };
}

function simpleSelect(s: PgNode, ctx: DerivedQueryContext): DerivedQuery['arms'][number] | undefined {
  const from: DerivedSource[] = [];
  const add = (n: PgNode): void => {
    if (n.RangeVar) {
      const src: DerivedSource = { table: ctx.qname(n.RangeVar) };
      if (n.RangeVar.alias?.aliasname) src.alias = n.RangeVar.alias.aliasname;
      from.push(src);
    } else if (n.JoinExpr) {
      add(n.JoinExpr.larg);
      add(n.JoinExpr.rarg);
    } else if (n.RangeSubselect) {
      const src: DerivedSource = {};
      if (n.RangeSubselect.alias?.aliasname) src.alias = n.RangeSubselect.alias.aliasname;
      const q = derivedQuery(n.RangeSubselect.subquery, ctx);
      if (q) src.query = q;
      from.push(src);
    } else from.push({});
  };
  for (const f of s.fromClause ?? []) add(f);
  const columns: DerivedQuery['arms'][number]['columns'] = [];
  for (const t of s.targetList as PgNode[]) {
    const r = t.ResTarget;
    if (!r) return undefined;
    const fields: PgNode[] | undefined = r.val?.ColumnRef?.fields;
    if (fields && fields[fields.length - 1]?.A_Star !== undefined) {
      columns.push(fields.length > 1 ? { star: true, qualifier: str(fields[fields.length - 2]) } : { star: true });
      continue;
    }
    columns.push({ name: r.name ?? columnName(r.val), type: typeOf(r.val, ctx) });
  }
  return { columns, from };
}

/** PostgreSQL's name for an unnamed output column (FigureColnameInternal). */
function columnName(n: PgNode): string {
  return figure(n).name ?? '?column?';
}

function figure(n: PgNode): { name?: string; strength: number } {
  if (!n || typeof n !== 'object') return { strength: 0 };
  if (n.ColumnRef) {
    const f: PgNode[] = n.ColumnRef.fields ?? [];
    const last = f[f.length - 1];
    return last?.String ? { name: str(last), strength: 2 } : { strength: 0 };
  }
  if (n.A_Indirection) return figure(n.A_Indirection.arg);
  if (n.FuncCall) {
    const names: PgNode[] = n.FuncCall.funcname ?? [];
    return { name: str(names[names.length - 1]), strength: 2 };
  }
  if (n.TypeCast) {
    const inner = figure(n.TypeCast.arg);
    if (inner.strength > 1) return inner;
    const names: PgNode[] = n.TypeCast.typeName?.names ?? [];
    return names.length ? { name: str(names[names.length - 1]), strength: 1 } : inner;
  }
  if (n.CollateClause) return figure(n.CollateClause.arg);
  if (n.CaseExpr) return { name: 'case', strength: 1 };
  if (n.A_ArrayExpr) return { name: 'array', strength: 2 };
  if (n.CoalesceExpr) return { name: 'coalesce', strength: 2 };
  if (n.NullIfExpr) return { name: 'nullif', strength: 2 };
  if (n.MinMaxExpr) return { name: n.MinMaxExpr.op === 'IS_GREATEST' ? 'greatest' : 'least', strength: 2 };
  if (n.RowExpr) return { name: 'row', strength: 2 };
  if (n.SQLValueFunction) return { name: SQL_VALUE_FUNCTIONS[n.SQLValueFunction.op]?.name, strength: 2 };
  if (n.SubLink) {
    const kind = n.SubLink.subLinkType;
    if (kind === 'EXISTS_SUBLINK') return { name: 'exists', strength: 2 };
    if (kind === 'ARRAY_SUBLINK') return { name: 'array', strength: 2 };
    if (kind === 'EXPR_SUBLINK') {
      const target = n.SubLink.subselect?.SelectStmt?.targetList?.[0]?.ResTarget;
      if (target?.name) return { name: target.name, strength: 2 };
      return figure(target?.val);
    }
  }
  return { strength: 0 };
}

const SQL_VALUE_FUNCTIONS: Record<string, { name: string; type: string }> = {
  SVFOP_CURRENT_DATE: { name: 'current_date', type: 'date' },
  SVFOP_CURRENT_TIME: { name: 'current_time', type: 'timetz' },
  SVFOP_CURRENT_TIME_N: { name: 'current_time', type: 'timetz' },
  SVFOP_CURRENT_TIMESTAMP: { name: 'current_timestamp', type: 'timestamptz' },
  SVFOP_CURRENT_TIMESTAMP_N: { name: 'current_timestamp', type: 'timestamptz' },
  SVFOP_LOCALTIME: { name: 'localtime', type: 'time' },
  SVFOP_LOCALTIME_N: { name: 'localtime', type: 'time' },
  SVFOP_LOCALTIMESTAMP: { name: 'localtimestamp', type: 'timestamp' },
  SVFOP_LOCALTIMESTAMP_N: { name: 'localtimestamp', type: 'timestamp' },
  SVFOP_CURRENT_ROLE: { name: 'current_role', type: 'name' },
  SVFOP_CURRENT_USER: { name: 'current_user', type: 'name' },
  SVFOP_USER: { name: 'user', type: 'name' },
  SVFOP_SESSION_USER: { name: 'session_user', type: 'name' },
  SVFOP_CURRENT_CATALOG: { name: 'current_catalog', type: 'name' },
  SVFOP_CURRENT_SCHEMA: { name: 'current_schema', type: 'name' },
};

/** Functions whose result type does not depend on their arguments. */
const FUNCTION_TYPES: Record<string, string> = {
  count: 'int8',
  now: 'timestamptz',
  nextval: 'int8',
  currval: 'int8',
  gen_random_uuid: 'uuid',
  uuid_generate_v4: 'uuid',
  lower: 'text',
  upper: 'text',
  concat: 'text',
  concat_ws: 'text',
  format: 'text',
  md5: 'text',
  to_jsonb: 'jsonb',
  jsonb_build_object: 'jsonb',
  json_build_object: 'json',
  bool_and: 'bool',
  bool_or: 'bool',
  every: 'bool',
  num_nonnulls: 'int4',
  num_nulls: 'int4',
};

/** Aggregates and functions whose result has their first argument's type. */
const SAME_AS_ARGUMENT = new Set(['max', 'min', 'any_value', 'coalesce', 'greatest', 'least', 'nullif']);

const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

function builtin(name: string): DerivedType {
  return { kind: 'type', type: { name, mods: [], isArray: false, text: name, range: { start: 0, end: 0 } } };
}

/** Where an output column's type comes from. */
function typeOf(n: PgNode, ctx: DerivedQueryContext): DerivedType {
  if (!n || typeof n !== 'object') return { kind: 'unknown' };
  if (n.ColumnRef) {
    const f: PgNode[] = n.ColumnRef.fields ?? [];
    const column = str(f[f.length - 1]);
    if (!column) return { kind: 'unknown' };
    return f.length > 1 ? { kind: 'column', qualifier: str(f[f.length - 2]), column } : { kind: 'column', column };
  }
  if (n.TypeCast) return { kind: 'type', type: ctx.typeRef(n.TypeCast.typeName) };
  if (n.A_Const) {
    const c = n.A_Const;
    if (c.isnull) return { kind: 'unknown' };
    if (c.ival !== undefined) return builtin('int4');
    if (c.fval !== undefined) return builtin('numeric');
    if (c.boolval !== undefined) return builtin('bool');
    if (c.sval !== undefined) return builtin('text');
    return { kind: 'unknown' };
  }
  if (n.FuncCall) {
    const names: PgNode[] = n.FuncCall.funcname ?? [];
    const fn = str(names[names.length - 1]).toLowerCase();
    if (FUNCTION_TYPES[fn]) return builtin(FUNCTION_TYPES[fn]);
    if (SAME_AS_ARGUMENT.has(fn)) return firstKnown(n.FuncCall.args ?? [], ctx);
    return { kind: 'unknown' };
  }
  if (n.CoalesceExpr) return firstKnown(n.CoalesceExpr.args ?? [], ctx);
  if (n.MinMaxExpr) return firstKnown(n.MinMaxExpr.args ?? [], ctx);
  if (n.BoolExpr || n.NullTest || n.BooleanTest || (n.SubLink && n.SubLink.subLinkType === 'EXISTS_SUBLINK')) return builtin('bool');
  if (n.A_Expr && n.A_Expr.kind === 'AEXPR_OP') {
    const names: PgNode[] = n.A_Expr.name ?? [];
    if (COMPARISON.has(str(names[names.length - 1]))) return builtin('bool');
  }
  if (n.SQLValueFunction) {
    const t = SQL_VALUE_FUNCTIONS[n.SQLValueFunction.op]?.type;
    return t ? builtin(t) : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

function firstKnown(args: PgNode[], ctx: DerivedQueryContext): DerivedType {
  for (const a of args) {
    const t = typeOf(a, ctx);
    if (t.kind !== 'unknown') return t;
  }
  return { kind: 'unknown' };
}

function str(n: PgNode): string {
  return n?.String?.sval ?? '';
}
