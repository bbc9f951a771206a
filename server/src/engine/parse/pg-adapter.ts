// PostgreSQL AST (libpg-query) -> facts. It handles every statement PostgreSQL accepts, so it is the
// fallback whenever pgsql-ast-parser rejects a statement, and the reference the parity test compares to.
import type {
  AlterAction,
  ColumnDef,
  ConstraintDef,
  Expression,
  Fact,
  Ident,
  IndexElement,
  ObjectKind,
  QualifiedName,
  ReferentialAction,
  RelationRef,
  SelectStarFact,
  TypeRef,
} from './facts.js';
import { derivedQuery } from './derived-query.js';
import type { PgNode } from './pg.js';
import type { Range } from './positions.js';
import { COMMA, DOT, LPAREN, RPAREN, SEMICOLON, TokenStream, isNameToken } from './tokens.js';
import { DepthFirst, forEachObject } from './tree-walk.js';

export interface AdapterInput {
  /** The statement's tokens (UTF-16 offsets relative to `tokens.text`). */
  tokens: TokenStream;
  /** The statement's range in `tokens.text`. */
  range: Range;
  /** Converts a libpg-query byte offset (relative to the parsed text) to a UTF-16 offset. */
  loc: (byteOffset: number) => number;
}

const TYPE_ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  boolean: 'bool',
  real: 'float4',
  float: 'float8',
  decimal: 'numeric',
  serial4: 'int4',
  serial8: 'int8',
  serial2: 'int2',
};
const SERIALS: Record<string, { name: string; serial: TypeRef['serial'] }> = {
  serial: { name: 'int4', serial: 'serial' },
  serial4: { name: 'int4', serial: 'serial' },
  bigserial: { name: 'int8', serial: 'bigserial' },
  serial8: { name: 'int8', serial: 'bigserial' },
  smallserial: { name: 'int2', serial: 'smallserial' },
  serial2: { name: 'int2', serial: 'smallserial' },
};
const ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/**
 * An identifier token as PostgreSQL stores it: quoted names exact, unquoted ones with ASCII letters
 * folded to lower case (PostgreSQL leaves other letters alone in UTF-8), both cut to 63 bytes.
 */
export function pgIdent(text: string): string {
  // Most identifiers are already lower case: testing first skips building a copy of each.
  const name = text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text;
  if (name.length <= 21 || Buffer.byteLength(name, 'utf8') <= 63) return name;
  let bytes = 0;
  let out = '';
  for (const ch of name) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > 63) break;
    out += ch;
  }
  return out;
}

export function canonicalTypeName(names: string[]): { name: string; schema?: string; serial?: TypeRef['serial'] } {
  const parts = names.map((n) => n);
  let schema: string | undefined;
  let name = parts[parts.length - 1]!;
  if (parts.length > 1) schema = parts[parts.length - 2];
  if (schema === 'pg_catalog') schema = undefined;
  const serial = !schema ? SERIALS[name] : undefined;
  if (serial) return { name: serial.name, serial: serial.serial };
  if (!schema && TYPE_ALIASES[name]) name = TYPE_ALIASES[name]!;
  if (name === 'timestamp with time zone') name = 'timestamptz';
  return schema ? { name, schema } : { name };
}

export class PgAdapter {
  private readonly t: TokenStream;
  private readonly facts: Fact[] = [];
  /** Token index just past the statement: searches never run into the next statement. */
  private readonly lim: number;

  constructor(private readonly input: AdapterInput) {
    this.t = input.tokens;
    this.lim = this.t.indexAt(input.range.end);
  }

  static facts(stmt: PgNode, input: AdapterInput): Fact[] {
    const a = new PgAdapter(input);
    a.statement(stmt);
    return a.facts;
  }

  private statement(node: PgNode): void {
    const [type, s] = entry(node);
    const range = this.input.range;
    switch (type) {
      case 'CreateStmt':
        this.createTable(s);
        break;
      case 'AlterTableStmt':
        if (s.objtype === 'OBJECT_TABLE' || s.objtype === undefined) this.alterTable(s);
        break;
      case 'IndexStmt':
        this.createIndex(s);
        break;
      case 'DropStmt':
        this.drop(s);
        break;
      case 'RenameStmt':
        this.rename(s);
        break;
      case 'ViewStmt':
        this.facts.push({ kind: 'createView', range, name: this.qname(s.view), materialized: false, orReplace: !!s.replace });
        this.selectStars(s.query, 'view');
        break;
      case 'CreateTableAsStmt': {
        const name = this.qname(s.into?.rel);
        if (s.objtype === 'OBJECT_MATVIEW') {
          this.facts.push({ kind: 'createView', range, name, materialized: true, orReplace: false });
          this.selectStars(s.query, 'view');
        } else {
          this.facts.push(this.createTableAs(s, name));
          this.selectStars(s.query, 'createTableAs');
        }
        break;
      }
      case 'AlterEnumStmt':
        this.alterEnum(s);
        break;
      case 'CreateEnumStmt':
        this.facts.push({
          kind: 'createEnum',
          range,
          name: this.qnameFromList(s.typeName, this.t.indexAt(range.start)),
          values: (s.vals ?? []).map(str),
        });
        break;
      case 'TransactionStmt': {
        const k = String(s.kind);
        const op = /BEGIN|START/.test(k) ? 'begin' : /COMMIT/.test(k) && !/PREPARED/.test(k) ? 'commit' : /ROLLBACK_TO/.test(k) ? 'other' : /ROLLBACK/.test(k) && !/PREPARED/.test(k) ? 'rollback' : /SAVEPOINT/.test(k) ? 'savepoint' : /RELEASE/.test(k) ? 'release' : 'other';
        this.facts.push({ kind: 'transaction', range, op });
        break;
      }
      case 'VariableSetStmt':
        if (s.kind === 'VAR_SET_VALUE' || s.kind === 'VAR_SET_DEFAULT')
          this.facts.push({ kind: 'set', range, name: String(s.name).toLowerCase(), value: s.args ? (s.args as PgNode[]).map(constText).join(', ') : undefined, local: !!s.is_local });
        break;
      case 'UpdateStmt':
      case 'DeleteStmt':
        this.facts.push({ kind: type === 'UpdateStmt' ? 'update' : 'delete', range, table: this.qname(s.relation), hasWhere: !!s.whereClause });
        this.selectStars(s, 'query');
        break;
      case 'InsertStmt':
        this.facts.push({ kind: 'insert', range, table: this.qname(s.relation), hasWhere: false });
        if (s.selectStmt) this.selectStars(s.selectStmt, 'insert');
        break;
      case 'TruncateStmt':
        this.facts.push({ kind: 'truncate', range, tables: (s.relations ?? []).map((r: PgNode) => this.qname(r.RangeVar)), cascade: s.behavior === 'DROP_CASCADE' });
        break;
      case 'SelectStmt':
        this.selectStars(node, 'query');
        break;
      case 'GrantStmt':
        this.facts.push(grantFact(s, range));
        break;
      case 'AlterDefaultPrivilegesStmt': {
        const schemas: PgNode[] = (s.options ?? []).find((o: PgNode) => o.DefElem?.defname === 'schemas')?.DefElem.arg?.List?.items ?? [];
        if (s.action) this.facts.push({ ...grantFact(s.action, range), objects: schemas.map(str), defaults: true });
        break;
      }
      case 'CreateRoleStmt':
      case 'AlterRoleStmt': {
        const opts: PgNode[] = s.options ?? [];
        const pw = opts.find((o) => o.DefElem?.defname === 'password' && o.DefElem.arg);
        let password: Range | undefined;
        if (pw) {
          const i = this.t.findWord(this.t.indexAt(range.start), ['PASSWORD'], this.lim);
          const lit = i >= 0 ? this.t.at(i + 1) : undefined;
          if (lit && lit.name === 'SCONST') password = { start: lit.start, end: lit.end };
        }
        this.facts.push({
          kind: 'role',
          range,
          op: type === 'CreateRoleStmt' ? 'create' : 'alter',
          name: s.role ?? s.role?.RoleSpec?.rolename ?? s.role?.rolename ?? '',
          password,
        });
        break;
      }
      case 'CreateFunctionStmt':
        this.createFunction(s);
        break;
      case 'CreateTrigStmt':
        if (s.relation) this.facts.push({ kind: 'createTrigger', range, name: String(s.trigname ?? ''), table: this.qname(s.relation) });
        break;
      case 'ReindexStmt': {
        const objectKind = String(s.kind ?? '').replace(/^REINDEX_OBJECT_/, '').toLowerCase() as Extract<Fact, { kind: 'reindex' }>['objectKind'];
        // (CONCURRENTLY [boolean]): no value means true; false, off and 0 turn it off.
        const concurrently = (s.params ?? []).some((p: PgNode) => {
          const arg = p.DefElem?.defname === 'concurrently' ? p.DefElem.arg : null;
          return arg !== null && !(arg?.Integer && !arg.Integer.ival) && !/^(false|off|no|0)$/i.test(String(arg?.String?.sval ?? ''));
        });
        this.facts.push({ kind: 'reindex', range, objectKind, concurrently, ...(s.relation ? { name: this.qname(s.relation) } : {}) });
        break;
      }
      case 'CreateExtensionStmt':
        this.facts.push({ kind: 'createExtension', range, name: s.extname });
        break;
      case 'CreateSchemaStmt':
        this.createSchema(s);
        break;
      case 'AlterObjectSchemaStmt':
        if (s.objectType === 'OBJECT_TABLE' && s.relation)
          this.facts.push({
            kind: 'alterTable',
            range,
            table: this.qname(s.relation),
            ifExists: !!s.missing_ok,
            only: false,
            actions: [{ type: 'setSchema', range, schema: s.newschema }],
          });
        break;
      default:
        break;
    }
  }

  /**
   * CREATE SCHEMA s CREATE TABLE t … CREATE INDEX … GRANT …: each element gives the facts it would
   * give as its own statement, placed in the schema (PostgreSQL qualifies the names during analysis,
   * so the parse tree leaves them bare) and ranged from its first word to the next element's.
   */
  private createSchema(s: PgNode): void {
    const elements: PgNode[] = s.schemaElts ?? [];
    const schema: string | undefined = s.schemaname ?? s.authrole?.RoleSpec?.rolename;
    if (!elements.length || !schema) return;
    const first = this.t.indexAt(this.input.range.start);
    const starts: number[] = [];
    let depth = 0;
    for (let i = first + 1; i < this.lim; i++) {
      const tk = this.t.at(i)!;
      if (tk.name === LPAREN) depth++;
      else if (tk.name === RPAREN) depth--;
      else if (depth === 0 && tk.keyword && /^(CREATE|GRANT)$/i.test(tk.text)) starts.push(i);
    }
    // A word the split cannot place (CREATE inside a trigger's EXECUTE … ?) would misplace every fact after it.
    if (starts.length !== elements.length) return;
    elements.forEach((element, k) => {
      const range = this.t.rangeOf(starts[k]!, (starts[k + 1] ?? this.lim) - 1);
      this.facts.push(...PgAdapter.facts(inSchema(element, schema), { ...this.input, range }));
    });
  }

  // ---- names -------------------------------------------------------------------------------

  private qname(rv: PgNode | undefined): QualifiedName {
    const r = this.input.range;
    if (!rv) return { name: '', quoted: false, range: { start: r.start, end: r.start }, nameRange: { start: r.start, end: r.start } };
    const start = rv.location !== undefined ? this.input.loc(rv.location) : r.start;
    const i = this.t.indexAt(start);
    const dotted = this.t.dottedName(i);
    let quoted = false;
    let range = { start, end: start + String(rv.relname).length };
    let nameRange = range;
    if (dotted) {
      const last = dotted.parts[dotted.parts.length - 1]!;
      quoted = last.text.startsWith('"');
      range = dotted.range;
      nameRange = { start: last.start, end: last.end };
    }
    const q: QualifiedName = { name: rv.relname, quoted, range, nameRange };
    if (rv.schemaname) q.schema = rv.schemaname;
    return q;
  }

  /** A name given as a list of String nodes (types, drop targets), located by scanning from token `from`. */
  private qnameFromList(list: PgNode[], from: number): QualifiedName {
    const parts = list.map(str);
    const name = parts[parts.length - 1]!;
    const found = this.findDotted(parts, from);
    const q: QualifiedName = {
      name,
      quoted: found ? found.quoted : false,
      range: found?.range ?? this.input.range,
      nameRange: found?.nameRange ?? this.input.range,
    };
    if (parts.length > 1) q.schema = parts[parts.length - 2];
    return q;
  }

  private findDotted(parts: string[], from: number): { range: Range; nameRange: Range; quoted: boolean; next: number } | undefined {
    for (let i = from; i < this.t.length && this.t.startAt(i) < this.input.range.end; i++) {
      const d = this.t.dottedName(i);
      if (!d) continue;
      const names = d.parts.map((p) => pgIdent(p.text));
      if (names.length === parts.length && names.every((n, k) => n === parts[k])) {
        const last = d.parts[d.parts.length - 1]!;
        return { range: d.range, nameRange: { start: last.start, end: last.end }, quoted: last.text.startsWith('"'), next: d.next };
      }
      i = d.next - 1;
    }
    return undefined;
  }

  private identAfter(name: string, from: number, limit?: number): Ident {
    const end = limit ?? this.lim;
    for (let i = from; i < end; i++) {
      const tk = this.t.at(i)!;
      if (isNameToken(tk) && pgIdent(tk.text) === name) return { name, quoted: tk.text.startsWith('"'), range: { start: tk.start, end: tk.end } };
    }
    const r = this.input.range;
    return { name, quoted: false, range: { start: r.start, end: r.start } };
  }

  // ---- expressions and types ------------------------------------------------------------------

  private expression(node: PgNode, range: Range): Expression {
    return {
      text: this.t.slice(range),
      range,
      functions: functionsIn(node),
      isNull: !!node?.A_Const?.isnull || (!!node?.TypeCast && !!node.TypeCast.arg?.A_Const?.isnull),
    };
  }

  private typeRef(tn: PgNode): TypeRef {
    const names: string[] = (tn.names ?? []).map(str);
    const canon = canonicalTypeName(names);
    const start = tn.location !== undefined ? this.input.loc(tn.location) : this.input.range.start;
    const i = this.t.indexAt(start);
    const end = this.typeEndToken(i);
    const range = this.t.rangeOf(i, end);
    const ref: TypeRef = {
      name: canon.name,
      // libpg-query omits zero values: numeric(10,0) arrives as ival {} for the 0.
      mods: (tn.typmods ?? []).map((m: PgNode) => (m.A_Const?.ival ? Number(m.A_Const.ival.ival ?? 0) : NaN)).filter((x: number) => !Number.isNaN(x)),
      isArray: !!tn.arrayBounds,
      text: this.t.slice(range),
      range,
    };
    if (canon.schema) ref.schema = canon.schema;
    if (canon.serial) ref.serial = canon.serial;
    // `float(n)` arrives as float4/float8 already; `timestamp with time zone` as timestamptz.
    return ref;
  }

  private typeEndToken(i: number): number {
    return this.t.typeEnd(i);
  }

  // ---- CREATE TABLE ---------------------------------------------------------------------------

  private createTable(s: PgNode): void {
    const range = this.input.range;
    const table = this.qname(s.relation);
    const fact = emptyTable(range, table, { ifNotExists: !!s.if_not_exists });
    fact.temporary = s.relation?.relpersistence === 't';
    fact.partitioned = !!s.partspec;
    if (s.partbound && s.inhRelations?.[0]?.RangeVar) fact.partitionOf = this.qname(s.inhRelations[0].RangeVar);
    else fact.inherits = (s.inhRelations ?? []).filter((r: PgNode) => r.RangeVar).map((r: PgNode) => this.qname(r.RangeVar));
    for (const el of s.tableElts ?? []) {
      if (el.ColumnDef) {
        const { column, constraints } = this.columnDef(el.ColumnDef);
        fact.columns.push(column);
        fact.constraints.push(...constraints);
      } else if (el.Constraint) {
        const c = this.tableConstraint(el.Constraint);
        if (c) fact.constraints.push(c);
      } else if (el.TableLikeClause) {
        const o = Number(el.TableLikeClause.options ?? 0);
        // CREATE_TABLE_LIKE_* bits (PostgreSQL 17): COMMENTS 1, COMPRESSION 2, CONSTRAINTS 4, DEFAULTS 8, GENERATED 16, IDENTITY 32, INDEXES 64, STATISTICS 128, STORAGE 256, ALL = 0x7FFFFFFF
        const all = o === 0x7fffffff;
        fact.like.push({
          table: this.qname(el.TableLikeClause.relation),
          includingAll: all,
          includingIndexes: all || (o & 64) !== 0,
          includingConstraints: all || (o & 4) !== 0,
          includingDefaults: all || (o & 8) !== 0,
        });
      }
    }
    this.facts.push(fact);
  }

  private columnDef(c: PgNode): { column: ColumnDef; constraints: ConstraintDef[] } {
    const start = c.location !== undefined ? this.input.loc(c.location) : this.input.range.start;
    const first = this.t.indexAt(start);
    const lastTok = this.t.elementEnd(first);
    const range = this.t.rangeOf(first, lastTok);
    const nameTok = this.t.at(first)!;
    const name: Ident = { name: c.colname, quoted: nameTok.text.startsWith('"'), range: { start: nameTok.start, end: nameTok.end } };
    const column: ColumnDef = {
      name,
      type: c.typeName ? this.typeRef(c.typeName) : { name: '', mods: [], isArray: false, text: '', range: name.range },
      notNull: !!c.is_not_null,
      explicitNull: false,
      identity: !!c.identity,
      generated: !!c.generated,
      range,
    };
    const constraints: ConstraintDef[] = [];
    const list: PgNode[] = (c.constraints ?? []).map((k: PgNode) => k.Constraint).filter(Boolean);
    const starts = list.map((k) => (k.location !== undefined && k.location >= 0 ? this.t.indexAt(this.input.loc(k.location)) : -1));
    list.forEach((k, idx) => {
      const s = starts[idx]!;
      const nextStart = starts.slice(idx + 1).find((x) => x > s);
      const e = s < 0 ? lastTok : (nextStart ?? lastTok + 1) - 1;
      const crange = s < 0 ? range : this.t.rangeOf(s, Math.max(s, e));
      switch (k.contype) {
        case 'CONSTR_NOTNULL':
          column.notNull = true;
          break;
        case 'CONSTR_NULL':
          column.explicitNull = true;
          break;
        case 'CONSTR_DEFAULT': {
          // The expression follows DEFAULT (after `CONSTRAINT name` when the default is named).
          const d = s >= 0 && this.t.at(s)?.text.toUpperCase() === 'CONSTRAINT' ? s + 2 : s;
          if (k.raw_expr) column.default = this.expression(k.raw_expr, s < 0 ? crange : this.t.rangeOf(d + 1, Math.max(d + 1, e)));
          break;
        }
        case 'CONSTR_IDENTITY':
          column.identity = true;
          break;
        case 'CONSTR_GENERATED':
          column.generated = true;
          break;
        default: {
          const def = this.constraint(k, crange, [c.colname], true);
          if (def) {
            if (def.kind === 'primaryKey') column.notNull = true;
            constraints.push(def);
          }
        }
      }
    });
    return { column, constraints };
  }

  private tableConstraint(k: PgNode, limit?: number): ConstraintDef | undefined {
    const s = k.location !== undefined ? this.t.indexAt(this.input.loc(k.location)) : this.t.indexAt(this.input.range.start);
    const e = this.t.elementEnd(s, limit);
    return this.constraint(k, this.t.rangeOf(s, e), undefined, false);
  }

  private constraint(k: PgNode, range: Range, inlineColumns: string[] | undefined, inline: boolean): ConstraintDef | undefined {
    const kinds: Record<string, ConstraintDef['kind']> = {
      CONSTR_PRIMARY: 'primaryKey',
      CONSTR_UNIQUE: 'unique',
      CONSTR_FOREIGN: 'foreignKey',
      CONSTR_CHECK: 'check',
      CONSTR_EXCLUSION: 'exclude',
    };
    const kind = kinds[k.contype];
    if (!kind) return undefined;
    const first = this.t.indexAt(range.start);
    const lastIdx = this.t.indexAt(range.end - 1);
    let name: Ident | undefined;
    if (k.conname) {
      const ci = this.t.findWord(first, ['CONSTRAINT'], lastIdx + 1);
      name = ci >= 0 ? this.identAfter(k.conname, ci + 1, ci + 2) : { name: k.conname, quoted: false, range };
    }
    const columns: string[] = kind === 'foreignKey' ? (k.fk_attrs ?? []).map(str) : (k.keys ?? []).map(str);
    const def: ConstraintDef = {
      kind,
      columns: inlineColumns && columns.length === 0 ? inlineColumns : columns,
      inline,
      range,
      notValid: !!k.skip_validation,
      include: (k.including ?? []).map(str),
    };
    if (name) def.name = name;
    if (k.indexname) def.usingIndex = k.indexname;
    if (kind === 'foreignKey') {
      const words = this.t.upperTexts(first, lastIdx + 1);
      const explicitActions = words.some((w, i) => w === 'ON' && (words[i + 1] === 'DELETE' || words[i + 1] === 'UPDATE'));
      const target = {
        table: this.qname(k.pktable),
        onDelete: ACTIONS[k.fk_del_action] ?? 'no action',
        onUpdate: ACTIONS[k.fk_upd_action] ?? 'no action',
        explicitActions,
      } as ConstraintDef['references'] & object;
      if (k.pk_attrs && k.pk_attrs.length) target.columns = (k.pk_attrs as PgNode[]).map(str);
      def.references = target;
    }
    if (kind === 'check' && k.raw_expr) {
      const ci = this.t.findWord(first, ['CHECK'], lastIdx + 1);
      const open = ci >= 0 ? ci + 1 : first;
      const close = this.t.matching(open);
      const exprRange = close > open + 1 ? this.t.rangeOf(open + 1, close - 1) : range;
      const expr = this.expression(k.raw_expr, exprRange);
      const nt = k.raw_expr.NullTest;
      def.check = { ...expr };
      if (nt && nt.nulltesttype === 'IS_NOT_NULL' && nt.arg?.ColumnRef) {
        const f = nt.arg.ColumnRef.fields;
        def.check.notNullColumn = str(f[f.length - 1]);
      }
    }
    return def;
  }

  // ---- ALTER TABLE ----------------------------------------------------------------------------

  private alterTable(s: PgNode): void {
    const range = this.input.range;
    const table = this.qname(s.relation);
    const afterName = this.t.indexAt(table.range.end);
    const stmtEnd = this.stmtEndToken();
    const segments = this.t.splitTopLevel(afterName, stmtEnd + 1);
    const cmds: PgNode[] = (s.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
    const actions: AlterAction[] = [];
    cmds.forEach((cmd, i) => {
      const seg = segments[i] ?? segments[segments.length - 1] ?? [afterName, stmtEnd];
      const crange = this.t.rangeOf(seg[0], seg[1]);
      const a = this.alterAction(cmd, crange, seg);
      if (a) actions.push(a);
    });
    this.facts.push({ kind: 'alterTable', range, table, ifExists: !!s.missing_ok, only: s.relation?.inh !== true, actions });
  }

  private stmtEndToken(): number {
    let last = this.t.indexAt(this.input.range.end) - 1;
    while (last > 0 && this.t.at(last)?.name === SEMICOLON) last--;
    return Math.max(0, Math.min(last, this.t.length - 1));
  }

  private alterAction(cmd: PgNode, range: Range, seg: [number, number]): AlterAction | undefined {
    const col = (name: string): Ident => this.identAfter(name, seg[0], seg[1] + 1);
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const { column, constraints } = this.columnDef(cmd.def.ColumnDef);
        return { type: 'addColumn', range, column, constraints, ifNotExists: !!cmd.missing_ok };
      }
      case 'AT_DropColumn':
        return { type: 'dropColumn', range, column: col(cmd.name), ifExists: !!cmd.missing_ok, cascade: cmd.behavior === 'DROP_CASCADE' };
      case 'AT_AlterColumnType': {
        const cd = cmd.def?.ColumnDef ?? {};
        const a: AlterAction = { type: 'alterColumnType', range, column: col(cmd.name), newType: this.typeRef(cd.typeName ?? {}) };
        if (cd.raw_default) {
          const ui = this.t.findWord(seg[0], ['USING'], seg[1] + 1);
          if (ui >= 0) a.using = this.expression(cd.raw_default, this.t.rangeOf(ui + 1, seg[1]));
        }
        return a;
      }
      case 'AT_SetNotNull':
        return { type: 'setNotNull', range, column: col(cmd.name) };
      case 'AT_DropNotNull':
        return { type: 'dropNotNull', range, column: col(cmd.name) };
      case 'AT_ColumnDefault':
        if (cmd.def) {
          const di = this.t.findWord(seg[0], ['DEFAULT'], seg[1] + 1);
          return { type: 'setDefault', range, column: col(cmd.name), default: this.expression(cmd.def, di >= 0 ? this.t.rangeOf(di + 1, seg[1]) : range) };
        }
        return { type: 'dropDefault', range, column: col(cmd.name) };
      case 'AT_AddConstraint': {
        const c = this.tableConstraint(cmd.def.Constraint, seg[1] + 1);
        return c ? { type: 'addConstraint', range, constraint: c } : { type: 'other', range, subtype: cmd.subtype };
      }
      case 'AT_DropConstraint':
        return { type: 'dropConstraint', range, name: col(cmd.name), ifExists: !!cmd.missing_ok };
      case 'AT_ValidateConstraint':
        return { type: 'validateConstraint', range, name: col(cmd.name) };
      case 'AT_EnableRowSecurity':
        return { type: 'enableRowLevelSecurity', range };
      case 'AT_DisableRowSecurity':
        return { type: 'disableRowLevelSecurity', range };
      case 'AT_ForceRowSecurity':
        return { type: 'forceRowLevelSecurity', range };
      case 'AT_AttachPartition':
      case 'AT_DetachPartition':
        return { type: cmd.subtype === 'AT_AttachPartition' ? 'attachPartition' : 'detachPartition', range, partition: this.qname(cmd.def?.PartitionCmd?.name) };
      default:
        return { type: 'other', range, subtype: String(cmd.subtype) };
    }
  }

  // ---- CREATE INDEX ---------------------------------------------------------------------------

  private createIndex(s: PgNode): void {
    const range = this.input.range;
    const table = this.qname(s.relation);
    const first = this.t.indexAt(range.start);
    let name: Ident | undefined;
    if (s.idxname) {
      const onIdx = this.t.findWord(first, ['ON'], this.lim);
      name = this.identAfter(s.idxname, first, onIdx >= 0 ? onIdx : undefined);
    }
    // The element list is the first '(' after the table name (after USING method).
    let open = this.t.indexAt(table.range.end);
    while (open < this.t.length && this.t.at(open)!.name !== LPAREN) open++;
    const close = this.t.matching(open);
    const parts = this.t.splitTopLevel(open + 1, close);
    const elements: IndexElement[] = (s.indexParams ?? []).map((p: PgNode, i: number) => {
      const e = p.IndexElem ?? {};
      const seg = parts[i];
      const r = seg ? this.t.rangeOf(seg[0], seg[1]) : range;
      const el: IndexElement = { range: r, descending: e.ordering === 'SORTBY_DESC' };
      if (e.name) el.column = e.name;
      else el.expression = seg ? this.t.slice(r) : '';
      return el;
    });
    const fact: Fact = {
      kind: 'createIndex',
      range,
      table,
      unique: !!s.unique,
      concurrently: !!s.concurrent,
      ifNotExists: !!s.if_not_exists,
      only: s.relation?.inh !== true,
      method: String(s.accessMethod ?? 'btree').toLowerCase(),
      elements,
      include: (s.indexIncludingParams ?? []).map((p: PgNode) => p.IndexElem?.name).filter(Boolean),
    };
    if (name) fact.name = name;
    if (s.whereClause) {
      const wi = this.t.findWord(close, ['WHERE'], this.lim);
      const wr = wi >= 0 ? this.t.rangeOf(wi + 1, this.stmtEndToken()) : range;
      const expr = this.expression(s.whereClause, wr);
      const nn = notNullColumns(s.whereClause);
      fact.where = nn ? { ...expr, notNullColumns: nn } : expr;
    }
    this.facts.push(fact);
  }

  // ---- DROP, RENAME ---------------------------------------------------------------------------

  private drop(s: PgNode): void {
    const kinds: Record<string, ObjectKind> = {
      OBJECT_TABLE: 'table',
      OBJECT_INDEX: 'index',
      OBJECT_VIEW: 'view',
      OBJECT_MATVIEW: 'materializedView',
      OBJECT_TYPE: 'type',
      OBJECT_SCHEMA: 'schema',
      OBJECT_FUNCTION: 'function',
      OBJECT_SEQUENCE: 'sequence',
      OBJECT_TRIGGER: 'trigger',
      OBJECT_POLICY: 'policy',
      OBJECT_EXTENSION: 'extension',
    };
    const objectKind = kinds[s.removeType] ?? 'other';
    const range = this.input.range;
    const names: QualifiedName[] = [];
    let from = this.t.indexAt(range.start);
    if (['table', 'index', 'view', 'materializedView', 'type', 'sequence'].includes(objectKind)) {
      for (const o of s.objects ?? []) {
        const list: PgNode[] | undefined = o.List?.items ?? (o.TypeName ? o.TypeName.names : undefined);
        if (!list) continue;
        const q = this.qnameFromList(list, from);
        from = this.t.indexAt(q.range.end);
        names.push(q);
      }
    }
    const fact: Fact = { kind: 'drop', range, objectKind, names, ifExists: !!s.missing_ok, cascade: s.behavior === 'DROP_CASCADE', concurrently: !!s.concurrent };
    // DROP TRIGGER name ON [schema.]table: the list is [schema,] table, trigger.
    const items: PgNode[] | undefined = objectKind === 'trigger' ? s.objects?.[0]?.List?.items : undefined;
    if (items && items.length >= 2) {
      const onIdx = this.t.findWord(this.t.indexAt(range.start), ['ON'], this.lim);
      fact.table = this.qnameFromList(items.slice(0, -1), onIdx >= 0 ? onIdx + 1 : this.t.indexAt(range.start));
    }
    this.facts.push(fact);
  }

  /** CREATE TABLE … AS: the columns as far as the query tells them, renamed by an explicit column list. */
  private createTableAs(s: PgNode, name: QualifiedName): Extract<Fact, { kind: 'createTable' }> {
    const fact = emptyTable(this.input.range, name, { asQuery: true, ifNotExists: !!s.if_not_exists });
    const query = derivedQuery(s.query, { qname: (rv) => this.qname(rv), typeRef: (tn) => this.typeRef(tn) });
    const names: string[] = (s.into?.colNames ?? []).map(str);
    if (!query) return fact;
    const first = query.arms[0]!.columns;
    // The list renames the first columns; after a `*` nobody knows which columns those are.
    if (names.length && first.some((c) => 'star' in c)) return fact;
    names.forEach((n, i) => {
      const c = first[i];
      if (c && !('star' in c)) c.name = n;
    });
    fact.query = query;
    return fact;
  }

  /** ALTER TYPE … ADD VALUE / RENAME VALUE. */
  private alterEnum(s: PgNode): void {
    const range = this.input.range;
    const name = this.qnameFromList(s.typeName ?? [], this.t.indexAt(range.start));
    if (s.oldVal !== undefined) {
      this.facts.push({ kind: 'alterEnum', range, name, action: { type: 'renameValue', from: String(s.oldVal), to: String(s.newVal) } });
      return;
    }
    const action: Extract<Fact, { kind: 'alterEnum' }>['action'] = { type: 'addValue', value: String(s.newVal), ifNotExists: !!s.skipIfNewValExists };
    if (s.newValNeighbor !== undefined) action[s.newValIsAfter ? 'after' : 'before'] = String(s.newValNeighbor);
    this.facts.push({ kind: 'alterEnum', range, name, action });
  }

  private rename(s: PgNode): void {
    const range = this.input.range;
    if (s.renameType === 'OBJECT_TYPE') {
      this.renameType(s);
      return;
    }
    const kinds: Record<string, 'table' | 'column' | 'index' | 'constraint' | 'view'> = {
      OBJECT_TABLE: 'table',
      OBJECT_COLUMN: 'column',
      OBJECT_INDEX: 'index',
      OBJECT_TABCONSTRAINT: 'constraint',
      OBJECT_VIEW: 'view',
    };
    const objectKind = kinds[s.renameType] ?? 'other';
    if (!s.relation) return;
    const target = this.qname(s.relation);
    const after = this.t.indexAt(target.range.end);
    const toIdx = this.t.findWord(after, ['TO'], this.lim);
    const to = this.identAfter(s.newname, toIdx >= 0 ? toIdx + 1 : after);
    const fact: Fact = { kind: 'rename', range, objectKind, target, to };
    if (s.subname) fact.from = this.identAfter(s.subname, after, toIdx >= 0 ? toIdx : undefined);
    this.facts.push(fact);
  }

  /** ALTER TYPE name RENAME TO new_name. */
  private renameType(s: PgNode): void {
    const range = this.input.range;
    const list: PgNode[] | undefined = s.object?.List?.items ?? s.object?.TypeName?.names;
    if (!list?.length) return;
    const target = this.qnameFromList(list, this.t.indexAt(range.start));
    const after = this.t.indexAt(target.range.end);
    const toIdx = this.t.findWord(after, ['TO'], this.lim);
    this.facts.push({ kind: 'rename', range, objectKind: 'type', target, to: this.identAfter(s.newname, toIdx >= 0 ? toIdx + 1 : after) });
  }

  // ---- functions ------------------------------------------------------------------------------

  private createFunction(s: PgNode): void {
    const range = this.input.range;
    const opts: PgNode[] = (s.options ?? []).map((o: PgNode) => o.DefElem).filter(Boolean);
    const language = String(opts.find((o) => o.defname === 'language')?.arg?.String?.sval ?? 'sql').toLowerCase();
    const securityDefiner = opts.some((o) => o.defname === 'security' && (o.arg?.Boolean?.boolval === true || o.arg?.Integer?.ival === 1));
    const setsSearchPath = opts.some((o) => o.defname === 'set' && String(o.arg?.VariableSetStmt?.name ?? '').toLowerCase() === 'search_path');
    const fname = this.qnameFromList(s.funcname ?? [], this.t.indexAt(range.start));
    const fact: Fact = { kind: 'createFunction', range, name: fname, language, securityDefiner, setsSearchPath };
    const volatility = String(opts.find((o) => o.defname === 'volatility')?.arg?.String?.sval ?? '').toLowerCase();
    if (volatility === 'immutable' || volatility === 'stable' || volatility === 'volatile') fact.volatility = volatility;
    const asIdx = this.t.findWord(this.t.indexAt(range.start), ['AS'], this.lim);
    const bodyTok = asIdx >= 0 ? this.t.at(asIdx + 1) : undefined;
    if (bodyTok && bodyTok.name === 'SCONST') fact.body = { start: bodyTok.start, end: bodyTok.end };
    if (s.is_procedure) fact.procedure = true;
    else if (s.returnType) {
      const canon = canonicalTypeName((s.returnType.names ?? []).map(str));
      fact.returns = {
        type: canon.name,
        ...(canon.schema ? { schema: canon.schema } : {}),
        setof: !!s.returnType.setof,
        table: (s.parameters ?? []).some((p: PgNode) => p.FunctionParameter?.mode === 'FUNC_PARAM_TABLE'),
      };
    }
    this.facts.push(fact);
    if (s.sql_body) this.selectStars(s.sql_body, 'function');
  }

  // ---- SELECT * -------------------------------------------------------------------------------

  private selectStars(root: PgNode, context: SelectStarFact['context']): void {
    // Scheduled, not recursive: a UNION of 2,000 SELECTs or 3,000 nested calls nest that deep.
    const df: DepthFirst<SelectStarFact['context']> = new DepthFirst((node: PgNode, ctx) => {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'SubLink') {
          const sl = value as PgNode;
          df.visit(sl.testexpr, ctx);
          // SELECT * inside EXISTS is idiomatic: PostgreSQL never fetches the columns.
          if (sl.subLinkType !== 'EXISTS_SUBLINK') df.visit(sl.subselect, 'subquery');
          continue;
        }
        if (key === 'SelectStmt') {
          df.then(() => this.selectStmt(value as PgNode, ctx, df));
          continue;
        }
        if (key === 'RangeSubselect') {
          df.visit((value as PgNode).subquery, 'subquery');
          continue;
        }
        if (key === 'CommonTableExpr') {
          df.visit((value as PgNode).ctequery, 'cte');
          continue;
        }
        if (value && typeof value === 'object') df.visit(value, ctx);
      }
    });
    df.run(root, context);
  }

  private selectStmt(s: PgNode, ctx: SelectStarFact['context'], df: DepthFirst<SelectStarFact['context']>): void {
    const visit = (n: PgNode, c: SelectStarFact['context']): void => df.visit(n, c);
    if (s.withClause) visit(s.withClause, 'cte');
    if (s.larg || s.rarg) {
      if (s.larg) df.then(() => this.selectStmt(s.larg, ctx, df));
      if (s.rarg) df.then(() => this.selectStmt(s.rarg, ctx, df));
      return;
    }
    const relations = fromRelations(s.fromClause ?? [], (rv) => this.qname(rv));
    for (const target of s.targetList ?? []) {
      const val = target.ResTarget?.val;
      const fields: PgNode[] | undefined = val?.ColumnRef?.fields;
      if (fields && fields.length && fields[fields.length - 1].A_Star !== undefined) {
        const start = this.input.loc(val.ColumnRef.location);
        const i = this.t.indexAt(start);
        let k = i;
        while (k < this.t.length && this.t.at(k)!.text !== '*') k++;
        const range = this.t.rangeOf(i, Math.min(k, this.t.length - 1));
        const fact: SelectStarFact = { kind: 'selectStar', range, context: ctx, inFunctionBody: ctx === 'function' };
        if (fields.length > 1) fact.qualifier = str(fields[fields.length - 2]);
        if (relations) fact.relations = relations;
        df.then(() => this.facts.push(fact));
      } else if (val) visit(val, 'subquery');
    }
    for (const key of ['fromClause', 'whereClause', 'havingClause', 'valuesLists']) if (s[key]) visit(s[key], 'subquery');
  }
}

function emptyTable(range: Range, table: QualifiedName, o: { asQuery?: boolean; ifNotExists?: boolean }): Extract<Fact, { kind: 'createTable' }> {
  return {
    kind: 'createTable',
    range,
    table,
    ifNotExists: !!o.ifNotExists,
    temporary: false,
    columns: [],
    constraints: [],
    partitioned: false,
    like: [],
    inherits: [],
    asQuery: !!o.asQuery,
  };
}

function fromRelations(from: PgNode[], qname: (rv: PgNode) => QualifiedName): RelationRef[] | undefined {
  const out: RelationRef[] = [];
  // Join trees nest as deep as the query has joins: an explicit stack, left before right.
  const pending: PgNode[] = [...from].reverse();
  while (pending.length) {
    const n = pending.pop();
    if (n?.RangeVar) {
      const r: RelationRef = { table: qname(n.RangeVar) };
      if (n.RangeVar.alias?.aliasname) r.alias = n.RangeVar.alias.aliasname;
      out.push(r);
    } else if (n?.JoinExpr) pending.push(n.JoinExpr.rarg, n.JoinExpr.larg);
    else return undefined;
  }
  return out;
}

function grantFact(s: PgNode, range: Range): Extract<Fact, { kind: 'grant' }> {
  return {
    kind: 'grant',
    range,
    isGrant: !!s.is_grant,
    privileges: s.privileges ? (s.privileges as PgNode[]).map((p) => String(p.AccessPriv?.priv_name ?? '').toLowerCase()) : 'all',
    objectKind: String(s.objtype ?? '').replace(/^OBJECT_/, '').toLowerCase(),
    objects: (s.objects ?? []).map((o: PgNode) => (o.RangeVar ? o.RangeVar.relname : o.String ? o.String.sval : '')),
    grantees: (s.grantees ?? []).map((g: PgNode) => g.RoleSpec?.rolename ?? String(g.RoleSpec?.roletype ?? '').replace(/^ROLESPEC_/, '').toLowerCase()),
  };
}

/** A schema element of CREATE SCHEMA with its relation names qualified by the schema, as PostgreSQL does. */
function inSchema(element: PgNode, schema: string): PgNode {
  const [type, s] = entry(element);
  const key = type === 'ViewStmt' ? 'view' : type === 'CreateSeqStmt' ? 'sequence' : 'relation';
  const rv = s?.[key];
  if (!rv || rv.schemaname) return element;
  return { [type]: { ...s, [key]: { ...rv, schemaname: schema } } };
}

function entry(node: PgNode): [string, PgNode] {
  const k = Object.keys(node)[0]!;
  return [k, node[k]];
}

function str(n: PgNode): string {
  return n?.String?.sval ?? n?.sval ?? '';
}

function constText(n: PgNode): string {
  const c = n.A_Const ?? n.TypeCast?.arg?.A_Const;
  if (!c) return '';
  if (c.sval) return String(c.sval.sval ?? '');
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return String(c.fval.fval);
  if (c.boolval) return String(c.boolval.boolval ?? false);
  return '';
}

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_USER: 'user',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

export function functionsIn(node: PgNode): string[] {
  const out: string[] = [];
  forEachObject(node, (n: PgNode) => {
    if (n.FuncCall) {
      const names: PgNode[] = n.FuncCall.funcname ?? [];
      out.push(str(names[names.length - 1]).toLowerCase());
    }
    if (n.SQLValueFunction) out.push(SQL_VALUE_FUNCTIONS[n.SQLValueFunction.op] ?? String(n.SQLValueFunction.op).toLowerCase());
  });
  return out;
}

function notNullColumns(where: PgNode): string[] | undefined {
  const cols: string[] = [];
  const pending: PgNode[] = [where];
  while (pending.length) {
    const n = pending.pop();
    if (n?.NullTest) {
      const f = n.NullTest.arg?.ColumnRef?.fields;
      if (n.NullTest.nulltesttype !== 'IS_NOT_NULL' || !f) return undefined;
      cols.push(str(f[f.length - 1]));
    } else if (n?.BoolExpr && n.BoolExpr.boolop === 'AND_EXPR') pending.push(...[...(n.BoolExpr.args as PgNode[])].reverse());
    else return undefined;
  }
  return cols;
}

export { COMMA, RPAREN };
