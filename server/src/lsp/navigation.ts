// What a name in the text refers to, from the file's tokens and the schema model: the table, view,
// column, index, constraint or enum under the cursor. Used by hover, go to definition, references and
// completion. Works on tokens rather than facts so that it also works inside a statement being typed.
import { tableKey, type ColumnModel, type ConstraintModel, type IndexModel, type Origin, type ParsedFile, type SchemaModel, type TableModel } from '../engine/index.js';
import type { ViewModel } from '../engine/model/schema.js';
import { COMMA, DOT, LPAREN, RPAREN, SEMICOLON, identName, isNameToken, type Token, type TokenStream } from '../engine/parse/tokens.js';

export interface EnumModel {
  key: string;
  values: string[];
  origin: Origin;
}

export type Target =
  | { kind: 'table'; table: TableModel }
  | { kind: 'view'; view: ViewModel }
  | { kind: 'column'; table: TableModel; column: ColumnModel }
  | { kind: 'index'; index: IndexModel }
  | { kind: 'constraint'; table: TableModel; constraint: ConstraintModel }
  | { kind: 'enum'; enum: EnumModel };

/** A stable identity for comparing targets (references). */
export function targetId(t: Target): string {
  switch (t.kind) {
    case 'table':
      return `table:${t.table.key}`;
    case 'view':
      return `view:${t.view.key}`;
    case 'column':
      return `column:${t.table.key}.${t.column.name}`;
    case 'index':
      return `index:${t.index.key}`;
    case 'constraint':
      return `constraint:${t.table.key}.${t.constraint.name}`;
    case 'enum':
      return `enum:${t.enum.key}`;
  }
}

export function targetOrigin(t: Target): Origin {
  switch (t.kind) {
    case 'table':
      return t.table.origin;
    case 'view':
      return t.view.origin;
    case 'column':
      return t.column.origin;
    case 'index':
      return t.index.origin;
    case 'constraint':
      return t.constraint.origin;
    case 'enum':
      return t.enum.origin;
  }
}

/** The plain name a target is written with. */
export function targetName(t: Target): string {
  switch (t.kind) {
    case 'table':
      return t.table.name;
    case 'view':
      return t.view.name;
    case 'column':
      return t.column.name;
    case 'index':
      return t.index.name;
    case 'constraint':
      return t.constraint.name;
    case 'enum':
      return t.enum.key.slice(t.enum.key.indexOf('.') + 1);
  }
}

// ---- model lookups ---------------------------------------------------------------------------------

const byName = new WeakMap<SchemaModel, { tables: Map<string, TableModel>; views: Map<string, ViewModel>; indexes: Map<string, IndexModel> }>();

function names(model: SchemaModel) {
  let n = byName.get(model);
  if (!n) {
    n = { tables: new Map(), views: new Map(), indexes: new Map() };
    // The public schema wins over others for an unqualified name (the default search_path).
    for (const t of model.tables.values()) if (!n.tables.has(t.name) || t.schema === 'public') n.tables.set(t.name, t);
    for (const v of model.views.values()) if (!n.views.has(v.name) || v.schema === 'public') n.views.set(v.name, v);
    for (const i of model.indexes.values()) if (!n.indexes.has(i.name) || i.schema === 'public') n.indexes.set(i.name, i);
    byName.set(model, n);
  }
  return n;
}

export function findTable(model: SchemaModel, schema: string | undefined, name: string): TableModel | undefined {
  return schema ? model.tables.get(tableKey(schema, name)) : names(model).tables.get(name);
}

export function findView(model: SchemaModel, schema: string | undefined, name: string): ViewModel | undefined {
  return schema ? model.views.get(tableKey(schema, name)) : names(model).views.get(name);
}

export function findIndex(model: SchemaModel, schema: string | undefined, name: string): IndexModel | undefined {
  return schema ? model.indexes.get(tableKey(schema, name)) : names(model).indexes.get(name);
}

function findEnum(model: SchemaModel, schema: string | undefined, name: string): EnumModel | undefined {
  if (schema) return model.enums.get(tableKey(schema, name));
  const hit = model.enums.get(tableKey(undefined, name));
  if (hit) return hit;
  for (const e of model.enums.values()) if (e.key.endsWith(`.${name}`)) return e;
  return undefined;
}

function findConstraint(model: SchemaModel, name: string, preferred?: TableModel): Target | undefined {
  const own = preferred?.constraints.find((c) => c.name === name);
  if (own && preferred) return { kind: 'constraint', table: preferred, constraint: own };
  for (const t of model.tables.values()) {
    const c = t.constraints.find((k) => k.name === name);
    if (c) return { kind: 'constraint', table: t, constraint: c };
  }
  return undefined;
}

// ---- statement context ------------------------------------------------------------------------------

export interface RelationRef {
  schema?: string;
  name: string;
  alias?: string;
  /** The keyword that introduced it: FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES, ON, USING. */
  via: string;
  /** Token index of the name's last part. */
  at: number;
}

export interface StatementTokens {
  from: number;
  /** Exclusive. */
  to: number;
  /** Upper-case first words, e.g. ['CREATE', 'UNIQUE', 'INDEX']. */
  head: string[];
}

function upper(t: Token | undefined): string {
  return t ? t.text.toUpperCase() : '';
}

/** The tokens of the statement around token `i` (from the previous `;` to the next one). */
export function statementAround(ts: TokenStream, i: number): StatementTokens {
  let from = Math.min(i, ts.length);
  while (from > 0 && ts.at(from - 1)!.name !== SEMICOLON) from--;
  let to = Math.max(from, Math.min(i, ts.length));
  while (to < ts.length && ts.at(to)!.name !== SEMICOLON) to++;
  const head: string[] = [];
  for (let k = from; k < to && head.length < 4; k++) head.push(upper(ts.at(k)));
  return { from, to, head };
}

/** `ON` names a table in CREATE INDEX / TRIGGER / POLICY, GRANT, REVOKE, DROP TRIGGER / POLICY (not in a join). */
function onNamesRelation(st: StatementTokens): boolean {
  const h = st.head;
  if (h[0] === 'GRANT' || h[0] === 'REVOKE') return true;
  if (h[0] === 'CREATE' || h[0] === 'ALTER' || h[0] === 'DROP') {
    const words = h.slice(1).filter((w) => w !== 'UNIQUE' && w !== 'OR' && w !== 'REPLACE' && w !== 'CONSTRAINT');
    return words[0] === 'INDEX' || words[0] === 'TRIGGER' || words[0] === 'POLICY' || words[0] === 'RULE';
  }
  return false;
}

const SKIP_BEFORE_RELATION = new Set(['ONLY', 'IF', 'NOT', 'EXISTS', 'LATERAL', 'CONCURRENTLY', 'TABLE']);
const RELATION_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'REFERENCES', 'USING', 'TRUNCATE']);

/** The relations a statement names (FROM/JOIN lists with aliases, INTO, UPDATE, TABLE, REFERENCES, ON in DDL). */
export function relationsIn(ts: TokenStream, st: StatementTokens): RelationRef[] {
  const out: RelationRef[] = [];
  let firstOn = true;
  for (let i = st.from; i < st.to; i++) {
    const t = ts.at(i)!;
    if (!t.keyword) continue;
    const up = upper(t);
    let via: string | undefined;
    if (RELATION_KEYWORDS.has(up)) via = up;
    else if (up === 'ON' && firstOn && onNamesRelation(st)) {
      firstOn = false;
      via = 'ON';
    }
    if (!via) continue;
    // USING names a relation only in DELETE … USING; elsewhere it is USING (cols) or an index method.
    if (via === 'USING' && st.head[0] !== 'DELETE') continue;
    // CREATE TABLE … PARTITION OF / ALTER TABLE t … is fine; "TABLE" after other words (RETURNS TABLE) is not a relation.
    if (via === 'TABLE' && upper(ts.at(i - 1)) === 'RETURNS') continue;
    let j = i + 1;
    for (;;) {
      while (j < st.to && SKIP_BEFORE_RELATION.has(upper(ts.at(j))) && ts.at(j)!.keyword) j++;
      const dn = ts.dottedName(j);
      if (!dn || dn.next > st.to) break;
      const parts = dn.parts.map((p) => identName(p.text).name);
      const ref: RelationRef = { name: parts[parts.length - 1]!, via, at: dn.next - 1 };
      if (parts.length > 1) ref.schema = parts[parts.length - 2];
      let k = dn.next;
      if (upper(ts.at(k)) === 'AS' && ts.at(k + 1) && isNameToken(ts.at(k + 1)!)) {
        ref.alias = identName(ts.at(k + 1)!.text).name;
        k += 2;
      } else if (ts.at(k) && (ts.at(k)!.name === 'IDENT' || ts.at(k)!.name === 'UIDENT')) {
        ref.alias = identName(ts.at(k)!.text).name;
        k++;
      }
      out.push(ref);
      // FROM a, b / DROP TABLE a, b / TRUNCATE a, b
      if ((via === 'FROM' || via === 'TABLE' || via === 'TRUNCATE') && ts.at(k)?.name === COMMA) {
        j = k + 1;
        continue;
      }
      break;
    }
  }
  return out;
}

/** The innermost '(' that is still open at token `i`, within the statement; -1 if none. */
export function enclosingParen(ts: TokenStream, st: StatementTokens, i: number): number {
  let depth = 0;
  for (let k = Math.min(i, st.to) - 1; k >= st.from; k--) {
    const n = ts.at(k)!.name;
    if (n === RPAREN) depth++;
    else if (n === LPAREN) {
      if (depth === 0) return k;
      depth--;
    }
  }
  return -1;
}

/** The relation whose column list a '(' at token `open` starts: REFERENCES t (…), ON t [USING m] (…), INTO t (…), KEY (…) of TABLE t. */
export function parenTable(ts: TokenStream, st: StatementTokens, open: number, relations: RelationRef[]): RelationRef | undefined {
  let k = open - 1;
  // ON t USING btree (…)
  if (ts.at(k) && isNameToken(ts.at(k)!) && upper(ts.at(k - 1)) === 'USING') k -= 2;
  const direct = relations.find((r) => r.at === k && (r.via === 'REFERENCES' || r.via === 'ON' || r.via === 'INTO' || r.via === 'TABLE'));
  if (direct) return direct;
  const word = upper(ts.at(open - 1));
  if (word === 'KEY' || word === 'UNIQUE' || word === 'INCLUDE' || word === 'BY') {
    // A table constraint or key inside ALTER TABLE t / CREATE TABLE t: columns of t.
    return relations.find((r) => r.via === 'TABLE') ?? relations.find((r) => r.via === 'ON');
  }
  return undefined;
}

// ---- resolving a name --------------------------------------------------------------------------------

export interface Resolved {
  target: Target;
  /** The token under the cursor. */
  token: Token;
}

/** The name token at an offset (the cursor may be just after the name). */
export function nameTokenAt(ts: TokenStream, offset: number): number {
  const i = ts.indexAt(offset);
  const t = ts.at(i);
  if (t && t.start <= offset && isNameToken(t)) return i;
  const prev = ts.at(i - 1);
  if (prev && prev.end === offset && isNameToken(prev)) return i - 1;
  return -1;
}

export function resolveAt(parsed: ParsedFile, model: SchemaModel, offset: number): Resolved | undefined {
  const ts = parsed.tokens;
  const i = nameTokenAt(ts, offset);
  if (i < 0) return undefined;
  const target = resolveToken(ts, model, i);
  return target ? { target, token: ts.at(i)! } : undefined;
}

/** What the name token `i` refers to in `model`. */
export function resolveToken(ts: TokenStream, model: SchemaModel, i: number, st = statementAround(ts, i), relations = relationsIn(ts, st)): Target | undefined {
  // The dotted chain around the token: schema.table.column, alias.column, …
  let first = i;
  while (first >= 2 && ts.at(first - 1)!.name === DOT && isNameToken(ts.at(first - 2)!)) first -= 2;
  let last = i;
  while (ts.at(last + 1)?.name === DOT && ts.at(last + 2) && isNameToken(ts.at(last + 2)!)) last += 2;
  const parts: string[] = [];
  for (let k = first; k <= last; k += 2) parts.push(identName(ts.at(k)!.text).name);
  const pos = (i - first) / 2;
  const name = parts[pos]!;
  const tableOfAlias = (alias: string): TableModel | undefined => {
    const r = relations.find((x) => x.alias === alias) ?? relations.find((x) => x.name === alias && !x.alias);
    return r ? findTable(model, r.schema, r.name) : findTable(model, undefined, alias);
  };
  const relationTarget = (schema: string | undefined, n: string): Target | undefined => {
    const t = findTable(model, schema, n);
    if (t) return { kind: 'table', table: t };
    const v = findView(model, schema, n);
    return v ? { kind: 'view', view: v } : undefined;
  };
  const column = (table: TableModel | undefined, n: string): Target | undefined => {
    const c = table?.columns.get(n);
    return table && c ? { kind: 'column', table, column: c } : undefined;
  };

  if (parts.length >= 3) {
    // schema.table.column
    if (pos === parts.length - 1) return column(findTable(model, parts[pos - 2], parts[pos - 1]!), name);
    if (pos === parts.length - 2) return relationTarget(parts[pos - 1], name);
    return undefined;
  }
  const before = ts.at(first - 1);
  const beforeWord = skipModifiersBack(ts, first - 1);
  const relation = relations.find((r) => r.at === last);
  if (parts.length === 2) {
    if (pos === 1) {
      if (relation) return relationTarget(parts[0], name);
      const viaAlias = column(tableOfAlias(parts[0]!), name);
      if (viaAlias) return viaAlias;
      if (beforeWord === 'INDEX') {
        const ix = findIndex(model, parts[0], name);
        return ix ? { kind: 'index', index: ix } : undefined;
      }
      return relationTarget(parts[0], name) ?? indexTarget(model, parts[0], name) ?? enumTarget(model, parts[0], name);
    }
    // The first part: an alias or table (schema names are not modelled).
    if (relation) return undefined;
    const t = tableOfAlias(name);
    return t ? { kind: 'table', table: t } : undefined;
  }

  // One part.
  if (relation) return relationTarget(relation.schema, name);
  if (beforeWord === 'INDEX' || (upper(before) === 'INDEX' && upper(ts.at(first - 2)) === 'USING')) return indexTarget(model, undefined, name);
  const mainTable = (): TableModel | undefined => {
    const r = relations.find((x) => x.via === 'TABLE') ?? relations.find((x) => x.via === 'ON' || x.via === 'UPDATE' || x.via === 'INTO' || x.via === 'FROM');
    return r ? findTable(model, r.schema, r.name) : undefined;
  };
  if (beforeWord === 'CONSTRAINT') return findConstraint(model, name, mainTable());
  if (beforeWord === 'TYPE' && upper(ts.at(first - 2)) !== 'DATA') {
    const e = findEnum(model, undefined, name);
    if (e) return { kind: 'enum', enum: e };
  }
  const open = enclosingParen(ts, st, first);
  if (open >= 0) {
    const owner = parenTable(ts, st, open, relations);
    if (owner) return column(findTable(model, owner.schema, owner.name), name);
  }
  // A column of one of the statement's tables (not a REFERENCES target).
  for (const r of relations) {
    if (r.via === 'REFERENCES') continue;
    const c = column(findTable(model, r.schema, r.name), name);
    if (c) return c;
  }
  return relationTarget(undefined, name) ?? indexTarget(model, undefined, name) ?? findConstraint(model, name, mainTable()) ?? enumTarget(model, undefined, name);
}

function indexTarget(model: SchemaModel, schema: string | undefined, name: string): Target | undefined {
  const ix = findIndex(model, schema, name);
  return ix ? { kind: 'index', index: ix } : undefined;
}

function enumTarget(model: SchemaModel, schema: string | undefined, name: string): Target | undefined {
  const e = findEnum(model, schema, name);
  return e ? { kind: 'enum', enum: e } : undefined;
}

/** The keyword before token `k` (inclusive), skipping IF [NOT] EXISTS / CONCURRENTLY / ONLY. */
function skipModifiersBack(ts: TokenStream, k: number): string {
  while (k >= 0 && ['IF', 'NOT', 'EXISTS', 'CONCURRENTLY', 'ONLY'].includes(upper(ts.at(k)))) k--;
  return upper(ts.at(k));
}

/** Every token of a file that refers to `target` (for find references). */
export function referencesIn(parsed: ParsedFile, model: SchemaModel, target: Target): Token[] {
  const ts = parsed.tokens;
  const want = targetName(target);
  const id = targetId(target);
  const out: Token[] = [];
  let cached: { st: StatementTokens; relations: RelationRef[] } | undefined;
  for (let i = 0; i < ts.length; i++) {
    const t = ts.at(i)!;
    if (!isNameToken(t) || identName(t.text).name !== want) continue;
    if (!cached || i < cached.st.from || i >= cached.st.to) {
      const st = statementAround(ts, i);
      cached = { st, relations: relationsIn(ts, st) };
    }
    const r = resolveToken(ts, model, i, cached.st, cached.relations);
    if (r && targetId(r) === id) out.push(t);
  }
  return out;
}
