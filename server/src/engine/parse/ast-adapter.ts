// pgsql-ast-parser -> facts: the primary AST for the statements it accepts. PostgreSQL's own parser
// (libpg-query) has already accepted the statement and named its kind; this adapter runs
// pgsql-ast-parser only on the kinds whose facts carry structure (it parses about 0.5 MB/s,
// PostgreSQL 20 MB/s) and returns undefined for anything it cannot represent exactly, so that the
// PostgreSQL-AST adapter (pg-adapter.ts) takes over. Both adapters must produce identical facts;
// test/parse/parity.test.ts checks that over the real-world corpus. Query facts (SELECT *, WHERE
// shapes) and index expression keys are added to either adapter's facts from PostgreSQL's tree
// (query-facts.ts, called by document.ts), so this adapter does not produce them.
//
// What comes from where:
// - structure (which clause, which constraint, flags, actions, literal values) from pgsql-ast-parser;
// - positions: a node's START from `_location.start` (a UTF-16 offset into the statement text,
//   checked to fall exactly on a scanner token), every END from PostgreSQL's scanner tokens: the
//   `_location.end` field stops before a node's own `)` in a few percent of nodes;
// - names from the tokens, folded as PostgreSQL folds them (ASCII lower case, 63-byte limit), so
//   they equal what PostgreSQL's AST holds.
import type {
  AlterAction,
  ColumnDef,
  ConstraintDef,
  CreateTableFact,
  Expression,
  Fact,
  Ident,
  IndexElement,
  ObjectKind,
  QualifiedName,
  TypeRef,
} from './facts.js';
import { canonicalTypeName, pgIdent } from './pg-adapter.js';
import type { Range } from './positions.js';
import { COMMA, DOT, LBRACKET, LPAREN, RPAREN, TokenStream, isNameToken, type Token } from './tokens.js';
import { DepthFirst, isStackOverflow } from './tree-walk.js';

/**
 * The libpg-query statement kinds the product runs pgsql-ast-parser on: the ones whose facts carry
 * structure (tables, columns, types, constraints, indexes, renames, enum values). It costs at least
 * 0.05–0.2 ms a statement (1–2 ms for a large CREATE TABLE), so kinds whose facts are a name and a
 * few flags (DROP, BEGIN/COMMIT, SET, CREATE EXTENSION, ALTER TABLE … DROP …) are left to
 * PostgreSQL's AST: a pg_dump such as lago/db/structure.sql has 850 DROPs and 475 DROP-only ALTER
 * TABLEs. The adapter still handles those kinds (AST_ADAPTED_KINDS) and the parity test checks them.
 */
export const AST_STATEMENT_KINDS: ReadonlySet<string> = new Set(['CreateStmt', 'AlterTableStmt', 'IndexStmt', 'RenameStmt', 'CreateEnumStmt']);

/** Every kind the adapter can turn into facts. */
export const AST_ADAPTED_KINDS: ReadonlySet<string> = new Set([...AST_STATEMENT_KINDS, 'DropStmt', 'CreateExtensionStmt', 'TransactionStmt', 'VariableSetStmt']);

export type AstOutcome =
  /** A statement kind pgsql-ast-parser is not run on. */
  | { status: 'skipped' }
  /** pgsql-ast-parser does not accept the statement. */
  | { status: 'rejected'; message: string }
  /** Accepted, but its AST cannot give the facts exactly (the reason says why). */
  | { status: 'unsupported'; reason: string }
  | { status: 'ok'; facts: Fact[] };

/**
 * Facts for one statement from pgsql-ast-parser, or undefined when the PostgreSQL-AST adapter must
 * produce them. `chunk` is the statement text (tokens.text.slice(range.start, range.end)), `type` its
 * libpg-query node type, `tokens` the whole file's tokens, `range` the statement's range in the file.
 */
export function astFacts(chunk: string, type: string, tokens: TokenStream, range: Range): Fact[] | undefined {
  const outcome = astOutcome(chunk, type, tokens, range);
  return outcome.status === 'ok' ? outcome.facts : undefined;
}

/**
 * Files longer than this are analysed from PostgreSQL's tree alone. pgsql-ast-parser is an Earley
 * parser: 0.2 to 2 ms a DDL statement, about 1.3 s per MB of a schema dump, which alone breaks issue
 * 15's budget of 1 s per MB for large files. Both trees give the same facts (test/parse/parity.test.ts),
 * so a limit would not change findings, but pgsql-ast-parser as the primary AST is the owner's
 * decision: the limit stays off (Infinity) until the owner lowers it (256 KB was measured to meet the
 * budget while keeping every hand-written migration on pgsql-ast-parser).
 */
export const AST_PARSER_MAX_FILE_LENGTH = Infinity;

/** Whether pgsql-ast-parser is run on the statements of a file of this length (UTF-16 units). */
export function astParserRunsOnFile(fileLength: number): boolean {
  return fileLength <= AST_PARSER_MAX_FILE_LENGTH;
}

/** Whether the product runs pgsql-ast-parser on this statement (of a file it runs on). */
export function astRunsOn(type: string, tokens: TokenStream, range: Range): boolean {
  return AST_STATEMENT_KINDS.has(type) && !onlyDrops(type, tokens, range) && longestList(tokens, range) <= AST_PARSER_MAX_LIST;
}

/**
 * The most items one comma-separated list of a statement may have for pgsql-ast-parser to be run on
 * it. Its grammar builds every list by copying it once per item (nearley's `d[0].concat([d[1]])`), and
 * the parser keeps each copy until the statement is parsed, so a list of n items costs n² in time and
 * memory: 2,000 items parse at the same cost per character as 500, 4,000 at twice, and an ALTER TABLE
 * of 16,000 ADD COLUMNs took 45 s and 1.4 GB. Longer lists are rarer than PostgreSQL's own limit of
 * 1,600 columns a table; such a statement's facts come from PostgreSQL's tree (pg-adapter.ts), which
 * gives the same facts (test/parse/parity.test.ts, test/parse/long-lists.test.ts).
 */
export const AST_PARSER_MAX_LIST = 2000;

/** The most items of one comma-separated list in the statement (items at one nesting depth of one parenthesis, or the top level). */
export function longestList(tokens: TokenStream, range: Range): number {
  const first = tokens.indexAt(range.start);
  const lim = tokens.indexAt(range.end);
  // Commas seen so far at each open depth; a list's items are its commas + 1.
  const commas: number[] = [0];
  let longest = 0;
  for (let i = first; i < lim; i++) {
    const name = tokens.nameAt(i);
    if (name === LPAREN) commas.push(0);
    else if (name === RPAREN) {
      if (commas.length > 1) longest = Math.max(longest, commas.pop()! + 1);
    } else if (name === COMMA) commas[commas.length - 1]!++;
  }
  for (const c of commas) longest = Math.max(longest, c + 1);
  return longest;
}

/**
 * Like astFacts, but says why there are no facts (for the parity test and statistics). With `all`,
 * runs on every statement the adapter can handle, not only those the product gives it.
 */
export function astOutcome(chunk: string, type: string, tokens: TokenStream, range: Range, all = false): AstOutcome {
  if (all ? !AST_ADAPTED_KINDS.has(type) : !astRunsOn(type, tokens, range)) return { status: 'skipped' };
  let ast: Node;
  try {
    // Starting from the statement's own rule skips predicting every other statement of the grammar:
    // that prediction is a fixed cost of about 0.3 ms per call, more than parsing a short statement.
    const entry = grammarEntry(type, tokens, range);
    ast = withCachedCollator(() => pgsqlAstParser().parse(chunk, { locationTracking: true, entry }));
  } catch (e) {
    const message = String((e as Error).message ?? e);
    const token = /Unexpected .*?token: "[^"\n]*"/.exec(message)?.[0];
    return { status: 'rejected', message: `${message.split('\n')[0]!}${token ? ' ' + token : ''}` };
  }
  // Rules without a post-processor wrap their result in arrays.
  while (Array.isArray(ast) && ast.length === 1) ast = ast[0];
  if (!ast || typeof ast !== 'object' || Array.isArray(ast)) return { status: 'unsupported', reason: 'not one statement' };
  try {
    return { status: 'ok', facts: new AstAdapter(tokens, range).statement(type, ast) };
  } catch (e) {
    if (e instanceof Unsupported) return { status: 'unsupported', reason: e.message };
    // Too deep for this adapter: PostgreSQL's tree (pg-adapter) gives the facts instead.
    if (isStackOverflow(e)) return { status: 'unsupported', reason: 'nested too deeply' };
    throw e;
  }
}

/**
 * ALTER TABLE whose every command is a DROP (… DROP CONSTRAINT IF EXISTS …, the first half of a
 * `pg_dump --clean`): like a DROP statement its facts are names and flags, not worth pgsql-ast-parser's
 * time (lago/db/structure.sql has 475 of them).
 */
function onlyDrops(type: string, tokens: TokenStream, range: Range): boolean {
  if (type !== 'AlterTableStmt') return false;
  const first = tokens.indexAt(range.start);
  const lim = tokens.indexAt(range.end);
  let i = first + 2;
  while (i < lim && ['IF', 'EXISTS', 'ONLY'].includes(tokens.at(i)!.text.toUpperCase())) i++;
  const name = tokens.dottedName(i);
  if (!name || name.next >= lim) return false;
  return tokens.splitTopLevel(name.next, lim).every(([a]) => tokens.at(a)!.text.toUpperCase() === 'DROP');
}

let loaded: typeof import('pgsql-ast-parser') | undefined;

/** pgsql-ast-parser, loaded on first use: evaluating its grammar costs start-up time a run without DDL need not pay. */
function pgsqlAstParser(): typeof import('pgsql-ast-parser') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('pgsql-ast-parser') as typeof import('pgsql-ast-parser'));
}

const nativeLocaleCompare = String.prototype.localeCompare;
const accentCollator = new Intl.Collator(undefined, { sensitivity: 'accent' });
const accentOptions = new WeakSet<object>();

/** `a.localeCompare(b, undefined, { sensitivity: 'accent' })` with one collator instead of a new one per call. */
function cachedLocaleCompare(this: string, that: string, locales?: Intl.LocalesArgument, options?: Intl.CollatorOptions): number {
  if (locales === undefined && options) {
    if (accentOptions.has(options)) return accentCollator.compare(this, that);
    if (options.sensitivity === 'accent' && Object.keys(options).length === 1) {
      accentOptions.add(options);
      return accentCollator.compare(this, that);
    }
  }
  return nativeLocaleCompare.call(this, that, locales, options);
}

/**
 * Runs `parse` with a cached collator behind String.prototype.localeCompare. pgsql-ast-parser tests
 * every word against candidate keywords with `localeCompare(kw, undefined, { sensitivity: 'accent' })`,
 * which builds an ICU collator on each call: about 5 µs, a fifth of its whole parse time. ECMA-402
 * defines localeCompare(that, locales, options) as `new Intl.Collator(locales, options).compare(this,
 * that)`, so a cached collator gives the same answers. The parse is synchronous and the original is
 * restored before returning, so no other code ever sees the replacement.
 */
function withCachedCollator<T>(parse: () => T): T {
  // eslint-disable-next-line no-extend-native
  String.prototype.localeCompare = cachedLocaleCompare as typeof nativeLocaleCompare;
  try {
    return parse();
  } finally {
    // eslint-disable-next-line no-extend-native
    String.prototype.localeCompare = nativeLocaleCompare;
  }
}

/** The rule of pgsql-ast-parser's grammar for a statement kind ('main' accepts every statement). */
function grammarEntry(type: string, tokens: TokenStream, range: Range): string {
  switch (type) {
    case 'CreateStmt':
      return 'createtable_statement';
    case 'IndexStmt':
      return 'createindex_statement';
    case 'CreateEnumStmt':
      return 'createtype_statement';
    case 'CreateExtensionStmt':
      return 'createextension_statement';
    case 'TransactionStmt':
    case 'VariableSetStmt':
      return 'simplestatements_all';
    case 'DropStmt':
    case 'AlterTableStmt':
    case 'RenameStmt': {
      const i = tokens.indexAt(range.start);
      const object = tokens.at(i + 1)?.text.toUpperCase();
      if (type === 'DropStmt') return object === 'FUNCTION' ? 'functions_statements' : 'drop_statement';
      if (object === 'TABLE') return 'altertable_statement';
      if (object === 'INDEX') return 'alterindex_statement';
      if (object === 'SEQUENCE') return 'alter_sequence_statement';
      if (object === 'TYPE') return 'altertype_statement';
      return 'main';
    }
    default:
      return 'main';
  }
}

// pgsql-ast-parser's nodes are read structurally (its declared types do not cover every field it
// produces, e.g. a column's `kind: 'like table'` options), with every assumption checked.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

class Unsupported extends Error {}

function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

/** A node's type without spaces, lower case: 'create table' -> 'createtable'. */
function kindOf(n: Node): string {
  return typeof n?.type === 'string' ? n.type.replace(/ /g, '').toLowerCase() : '';
}

class AstAdapter {
  private readonly facts: Fact[] = [];
  /** First token of the statement, and the index just past its last token. */
  private readonly first: number;
  private readonly lim: number;

  constructor(
    private readonly t: TokenStream,
    private readonly range: Range,
  ) {
    this.first = t.indexAt(range.start);
    this.lim = t.indexAt(range.end);
  }

  statement(type: string, s: Node): Fact[] {
    const k = kindOf(s);
    switch (type) {
      case 'CreateStmt':
        if (k !== 'createtable') unsupported(`CreateStmt as ${k}`);
        this.createTable(s);
        break;
      case 'AlterTableStmt':
        // ALTER INDEX … SET TABLESPACE, ALTER SEQUENCE … OWNER TO: PostgreSQL's AlterTableStmt on another object kind yields no fact.
        if (k === 'altertable') this.alterTable(s);
        else if (k !== 'alterindex' && k !== 'altersequence') unsupported(`AlterTableStmt as ${k}`);
        break;
      case 'IndexStmt':
        if (k !== 'createindex') unsupported(`IndexStmt as ${k}`);
        this.createIndex(s);
        break;
      case 'DropStmt':
        this.drop(s, k);
        break;
      case 'RenameStmt':
        this.rename(s, k);
        break;
      case 'CreateEnumStmt': {
        if (k !== 'createenum') unsupported(`CreateEnumStmt as ${k}`);
        const values = (s.values ?? []).map((v: Node) => {
          if (typeof v?.value !== 'string') unsupported('enum value');
          return v.value as string;
        });
        this.facts.push({ kind: 'createEnum', range: this.range, name: this.qname(s.name), values });
        break;
      }
      case 'CreateExtensionStmt':
        if (k !== 'createextension') unsupported(`CreateExtensionStmt as ${k}`);
        this.facts.push({ kind: 'createExtension', range: this.range, name: this.ident(this.tok(s.extension)).name });
        break;
      case 'TransactionStmt':
        this.transaction(k);
        break;
      case 'VariableSetStmt':
        this.set(s, k);
        break;
      default:
        unsupported(type);
    }
    return this.facts;
  }

  // ---- tokens and names -----------------------------------------------------------------------

  /** The token a node starts at; its `_location.start` must fall exactly on a token of this statement. */
  private tok(node: Node): number {
    const loc = node?._location;
    if (!loc || typeof loc.start !== 'number') unsupported('node without location');
    const offset = this.range.start + loc.start;
    const i = this.t.indexAt(offset);
    if (i >= this.lim || this.t.at(i)!.start !== offset) unsupported('location not at a token');
    return i;
  }

  private upper(i: number): string {
    return this.t.at(i)?.text.toUpperCase() ?? '';
  }

  private ident(i: number): Ident {
    const tk = this.t.at(i);
    if (!tk || i >= this.lim || !isNameToken(tk) || tk.name === 'UIDENT') unsupported('expected a name');
    return { name: pgIdent(tk.text), quoted: tk.text.startsWith('"'), range: { start: tk.start, end: tk.end } };
  }

  /** A (possibly schema-qualified) name starting where the node starts. */
  private qname(node: Node): QualifiedName {
    return this.qnameAt(this.tok(node));
  }

  private qnameAt(i: number): QualifiedName {
    const d = this.t.dottedName(i);
    if (!d || d.next > this.lim || d.parts.length > 3 || d.parts.some((p) => p.name === 'UIDENT')) unsupported('qualified name');
    const last = d.parts[d.parts.length - 1]!;
    const q: QualifiedName = { name: pgIdent(last.text), quoted: last.text.startsWith('"'), range: d.range, nameRange: { start: last.start, end: last.end } };
    if (d.parts.length > 1) q.schema = pgIdent(d.parts[d.parts.length - 2]!.text);
    return q;
  }

  /** Last token of the statement. */
  private get lastToken(): number {
    return this.lim - 1;
  }

  // ---- expressions and types ------------------------------------------------------------------

  private expression(node: Node, range: Range): Expression {
    return { text: this.t.slice(range), range, functions: astFunctions(node), isNull: isNullLiteral(node) };
  }

  /** The type written at token `i`, described by pgsql-ast-parser's `dt`. */
  private typeRef(i: number, dt: Node): TypeRef {
    if (!dt) unsupported('missing type');
    const end = this.typeEndToken(i);
    const range = this.t.rangeOf(i, end);
    let base = dt;
    let isArray = false;
    while (base?.kind === 'array') {
      isArray = true;
      base = base.arrayOf;
    }
    if (!base || base.kind !== undefined || typeof base.name !== 'string') unsupported('type');
    const { names, mods } = this.pgTypeNames(base, i, end);
    const canon = canonicalTypeName(names);
    const ref: TypeRef = { name: canon.name, mods, isArray, text: this.t.slice(range), range };
    if (canon.schema) ref.schema = canon.schema;
    if (canon.serial) ref.serial = canon.serial;
    return ref;
  }

  /**
   * The name list and type modifiers PostgreSQL's grammar gives the type written in tokens [i, end]
   * (SQL-standard keyword types become pg_catalog names). The name comes from the tokens and must
   * agree with pgsql-ast-parser's (which reads `time(3) with time zone` as timestamptz, for one).
   */
  private pgTypeNames(base: Node, i: number, end: number): { names: string[]; mods: number[] } {
    const config: number[] = Array.isArray(base.config) ? base.config : [];
    if (config.some((m) => typeof m !== 'number' || !Number.isInteger(m))) unsupported('type modifier');
    const written = this.t.dottedName(i);
    if (!written) unsupported('type name');
    // The words of the name: without (modifiers), [array bounds] and ARRAY.
    const words: Token[] = [];
    for (let k = i; k <= end; k++) {
      const tk = this.t.at(k)!;
      if (tk.name === LPAREN || tk.name === LBRACKET) k = this.t.matching(k);
      else if (tk.text.toUpperCase() !== 'ARRAY') words.push(tk);
    }
    const plain = words.every((w) => isNameToken(w) && !w.text.startsWith('"') && w.name !== 'UIDENT');
    const phrase = plain ? words.map((w) => w.text.toLowerCase()).join(' ') : '';
    const keywordType = STANDARD_TYPES[phrase];
    if (keywordType ? base.schema || base.doubleQuoted || String(base.name).toLowerCase() !== phrase : pgIdent(written.parts[written.parts.length - 1]!.text).toLowerCase() !== String(base.name).toLowerCase())
      unsupported(`type read as ${base.name}`);
    if (keywordType) {
      if (keywordType === 'float') {
        // float(p): PostgreSQL picks float4 up to 24 bits of precision, float8 above, and keeps no modifier.
        const p = config[0];
        return { names: ['pg_catalog', p !== undefined && p <= 24 ? 'float4' : 'float8'], mods: [] };
      }
      // char and bit without a length are char(1) and bit(1); interval(p) carries the full field mask first.
      if ((keywordType === 'bpchar' || keywordType === 'bit') && config.length === 0) return { names: ['pg_catalog', keywordType], mods: [1] };
      if (keywordType === 'interval' && config.length === 1) return { names: ['pg_catalog', 'interval'], mods: [0x7fff, config[0]!] };
      return { names: ['pg_catalog', keywordType], mods: config };
    }
    // A type name as written: its parts folded like any identifier.
    if (written.parts.length > 3) unsupported('type name');
    return { names: written.parts.map((p) => pgIdent(p.text)), mods: config };
  }

  private typeEndToken(i: number): number {
    return this.t.typeEnd(i, this.lim);
  }

  // ---- CREATE TABLE ---------------------------------------------------------------------------

  private createTable(s: Node): void {
    const nameAt = this.tok(s.name);
    const table = this.qnameAt(nameAt);
    const open = this.t.dottedName(nameAt)!.next;
    if (this.t.at(open)?.name !== LPAREN || open >= this.lim) unsupported('CREATE TABLE without a column list');
    const close = this.t.matching(open);
    if (close >= this.lim) unsupported('unbalanced column list');
    for (let k = close + 1; k < this.lim; k++) if (['PARTITION', 'OF', 'AS'].includes(this.upper(k))) unsupported('partitioned table');
    const head = this.t.upperTexts(this.first, nameAt);
    const fact: CreateTableFact = {
      kind: 'createTable',
      range: this.range,
      table,
      ifNotExists: head.includes('EXISTS'),
      temporary: head.includes('TEMP') || head.includes('TEMPORARY'),
      columns: [],
      constraints: [],
      partitioned: false,
      like: [],
      inherits: (s.inherits ?? []).map((q: Node) => this.qname(q)),
      asQuery: false,
    };
    // Match each element of the list to its AST node by the token it starts at.
    const nodes = new Map<number, Node>();
    for (const n of [...(s.columns ?? []), ...(s.constraints ?? [])]) nodes.set(this.tok(n), n);
    const elements = this.t.splitTopLevel(open + 1, close);
    if (elements.length !== nodes.size) unsupported('element count');
    for (const [a, b] of elements) {
      const n = nodes.get(a);
      if (!n) unsupported('element start');
      if (n.kind === 'column') {
        const { column, constraints } = this.columnDef(n, a, b);
        fact.columns.push(column);
        fact.constraints.push(...constraints);
      } else if (n.kind === 'like table') {
        fact.like.push(this.like(a, b));
      } else if (n.kind === undefined) {
        fact.constraints.push(this.tableConstraint(n, a, b));
      } else unsupported(`table element ${n.kind}`);
    }
    this.facts.push(fact);
  }

  private like(a: number, b: number): CreateTableFact['like'][number] {
    // CREATE_TABLE_LIKE_* bits (PostgreSQL 17): COMMENTS 1, COMPRESSION 2, CONSTRAINTS 4, DEFAULTS 8, GENERATED 16, IDENTITY 32, INDEXES 64, STATISTICS 128, STORAGE 256, ALL = 0x7FFFFFFF
    const bits: Record<string, number> = { COMMENTS: 1, COMPRESSION: 2, CONSTRAINTS: 4, DEFAULTS: 8, GENERATED: 16, IDENTITY: 32, INDEXES: 64, STATISTICS: 128, STORAGE: 256, ALL: 0x7fffffff };
    const table = this.qnameAt(a + 1);
    let o = 0;
    for (let k = this.t.dottedName(a + 1)!.next; k < b; k += 2) {
      const verb = this.upper(k);
      const bit = bits[this.upper(k + 1)];
      if (bit === undefined || (verb !== 'INCLUDING' && verb !== 'EXCLUDING')) unsupported('LIKE option');
      o = verb === 'INCLUDING' ? o | bit : o & ~bit;
    }
    const all = o === 0x7fffffff;
    return {
      table,
      includingAll: all,
      includingIndexes: all || (o & 64) !== 0,
      includingConstraints: all || (o & 4) !== 0,
      includingDefaults: all || (o & 8) !== 0,
    };
  }

  /** A column definition whose tokens are [a, b] (a: the column name). */
  private columnDef(c: Node, a: number, b: number): { column: ColumnDef; constraints: ConstraintDef[] } {
    if (this.tok(c.name) !== a) unsupported('column name');
    const name = this.ident(a);
    const column: ColumnDef = {
      name,
      type: this.typeRef(a + 1, c.dataType),
      notNull: false,
      explicitNull: false,
      identity: false,
      generated: false,
      range: this.t.rangeOf(a, b),
    };
    const constraints: ConstraintDef[] = [];
    const list: Node[] = c.constraints ?? [];
    const starts = list.map((k) => this.tok(k));
    list.forEach((k, idx) => {
      const s = starts[idx]!;
      const nextStart = starts.slice(idx + 1).find((x) => x > s);
      const e = Math.max(s, (nextStart ?? b + 1) - 1);
      const crange = this.t.rangeOf(s, e);
      switch (kindOf(k)) {
        case 'notnull':
          column.notNull = true;
          break;
        case 'null':
          column.explicitNull = true;
          break;
        case 'default': {
          const d = this.upper(s) === 'CONSTRAINT' ? s + 2 : s;
          if (this.upper(d) !== 'DEFAULT') unsupported('DEFAULT');
          column.default = this.expression(k.default, this.t.rangeOf(d + 1, Math.max(d + 1, e)));
          break;
        }
        case 'addgenerated':
          if (k.expression) column.generated = true;
          else column.identity = true;
          break;
        default: {
          const def = this.constraint(k, crange, [name.name], true);
          if (def.kind === 'primaryKey') column.notNull = true;
          constraints.push(def);
        }
      }
    });
    return { column, constraints };
  }

  /** A table constraint whose tokens are [a, b]. */
  private tableConstraint(k: Node, a: number, b: number): ConstraintDef {
    return this.constraint(k, this.t.rangeOf(a, b), undefined, false);
  }

  private constraint(k: Node, range: Range, inlineColumns: string[] | undefined, inline: boolean): ConstraintDef {
    const kinds: Record<string, ConstraintDef['kind']> = {
      primarykey: 'primaryKey',
      unique: 'unique',
      foreignkey: 'foreignKey',
      reference: 'foreignKey',
      check: 'check',
    };
    const kind = kinds[kindOf(k)];
    if (!kind) unsupported(`constraint ${k.type}`);
    const first = this.t.indexAt(range.start);
    const lastIdx = this.t.indexAt(range.end - 1);
    let name: Ident | undefined;
    if (k.constraintName) {
      if (this.upper(first) !== 'CONSTRAINT') unsupported('constraint name');
      name = this.ident(first + 1);
    }
    const names = (list: Node[] | undefined): string[] => (list ?? []).map((n) => this.ident(this.tok(n)).name);
    const columns = kind === 'foreignKey' ? names(k.localColumns) : kind === 'check' ? [] : names(k.columns);
    const def: ConstraintDef = {
      kind,
      columns: inlineColumns && columns.length === 0 ? inlineColumns : columns,
      inline,
      range,
      notValid: false,
      include: [],
    };
    if (name) def.name = name;
    if (kind === 'foreignKey') {
      const words = this.t.upperTexts(first, lastIdx + 1);
      const explicitActions = words.some((w, i) => w === 'ON' && (words[i + 1] === 'DELETE' || words[i + 1] === 'UPDATE'));
      const target = {
        table: this.qname(k.foreignTable),
        onDelete: k.onDelete ?? 'no action',
        onUpdate: k.onUpdate ?? 'no action',
        explicitActions,
      } as NonNullable<ConstraintDef['references']>;
      const refColumns = names(k.foreignColumns);
      if (refColumns.length) target.columns = refColumns;
      def.references = target;
    }
    if (kind === 'check') {
      const ci = this.t.findWord(first, ['CHECK'], lastIdx + 1);
      if (ci < 0 || this.t.at(ci + 1)?.name !== LPAREN) unsupported('CHECK');
      const close = this.t.matching(ci + 1);
      if (close <= ci + 2) unsupported('CHECK');
      const expr = this.expression(k.expr, this.t.rangeOf(ci + 2, close - 1));
      def.check = { ...expr };
      if (kindOf(k.expr) === 'unary' && k.expr.op === 'IS NOT NULL' && kindOf(k.expr.operand) === 'ref') def.check.notNullColumn = this.refColumn(k.expr.operand);
    }
    return def;
  }

  /** The column a reference names (its last part). */
  private refColumn(ref: Node): string {
    const d = this.t.dottedName(this.tok(ref));
    if (!d) unsupported('column reference');
    return pgIdent(d.parts[d.parts.length - 1]!.text);
  }

  // ---- ALTER TABLE ----------------------------------------------------------------------------

  private alterTable(s: Node): void {
    const nameAt = this.tok(s.table);
    const table = this.qnameAt(nameAt);
    const afterName = this.t.dottedName(nameAt)!.next;
    const segments = this.t.splitTopLevel(afterName, this.lastToken + 1);
    const changes: Node[] = s.changes ?? [];
    if (segments.length !== changes.length) unsupported('ALTER TABLE command count');
    const actions = changes.map((c, i) => this.alterAction(c, segments[i]!));
    this.facts.push({ kind: 'alterTable', range: this.range, table, ifExists: !!s.ifExists, only: !!s.only, actions });
  }

  private alterAction(c: Node, seg: [number, number]): AlterAction {
    const range = this.t.rangeOf(seg[0], seg[1]);
    const inSeg = (i: number): number => {
      if (i < seg[0] || i > seg[1]) unsupported('node outside its command');
      return i;
    };
    switch (kindOf(c)) {
      case 'addcolumn': {
        const a = inSeg(this.tok(c.column.name));
        const { column, constraints } = this.columnDef(c.column, a, this.t.elementEnd(a));
        return { type: 'addColumn', range, column, constraints, ifNotExists: !!c.ifNotExists };
      }
      case 'dropcolumn':
        return { type: 'dropColumn', range, column: this.ident(inSeg(this.tok(c.column))), ifExists: !!c.ifExists, cascade: c.behaviour === 'cascade' };
      case 'dropconstraint':
        return { type: 'dropConstraint', range, name: this.ident(inSeg(this.tok(c.constraint))), ifExists: !!c.ifExists };
      case 'addconstraint': {
        const a = inSeg(this.tok(c.constraint));
        return { type: 'addConstraint', range, constraint: this.tableConstraint(c.constraint, a, this.t.elementEnd(a, seg[1] + 1)) };
      }
      case 'owner':
        return { type: 'other', range, subtype: 'AT_ChangeOwner' };
      case 'altercolumn': {
        const colAt = inSeg(this.tok(c.column));
        const column = this.ident(colAt);
        const alter = c.alter;
        switch (kindOf(alter)) {
          case 'settype': {
            const ti = this.t.findWord(colAt + 1, ['TYPE'], seg[1] + 1);
            if (ti < 0) unsupported('TYPE');
            return { type: 'alterColumnType', range, column, newType: this.typeRef(ti + 1, alter.dataType) };
          }
          case 'setdefault': {
            const di = this.t.findWord(colAt + 1, ['DEFAULT'], seg[1] + 1);
            if (di < 0) unsupported('DEFAULT');
            return { type: 'setDefault', range, column, default: this.expression(alter.default, this.t.rangeOf(di + 1, seg[1])) };
          }
          case 'dropdefault':
            return { type: 'dropDefault', range, column };
          case 'setnotnull':
            return { type: 'setNotNull', range, column };
          case 'dropnotnull':
            return { type: 'dropNotNull', range, column };
          case 'addgenerated':
            if (alter.expression) unsupported('ADD GENERATED … AS (expression)');
            return { type: 'other', range, subtype: 'AT_AddIdentity' };
          default:
            unsupported(`ALTER COLUMN ${alter?.type}`);
        }
      }
      // falls through (unreachable: unsupported throws)
      default:
        unsupported(`ALTER TABLE ${c?.type}`);
    }
  }

  // ---- CREATE INDEX ---------------------------------------------------------------------------

  private createIndex(s: Node): void {
    const tableAt = this.tok(s.table);
    const table = this.qnameAt(tableAt);
    let open = this.t.dottedName(tableAt)!.next;
    while (open < this.lim && this.t.at(open)!.name !== LPAREN) open++;
    if (open >= this.lim) unsupported('index element list');
    const close = this.t.matching(open);
    const parts = this.t.splitTopLevel(open + 1, close);
    const exprs: Node[] = s.expressions ?? [];
    if (parts.length !== exprs.length) unsupported('index element count');
    const elements: IndexElement[] = exprs.map((e, i) => {
      const [a, b] = parts[i]!;
      const r = this.t.rangeOf(a, b);
      const el: IndexElement = { range: r, descending: e.order === 'desc' };
      // A bare column (PostgreSQL's IndexElem.name): not parenthesised, not a function or qualified name.
      const tk = this.t.at(a)!;
      if (kindOf(e.expression) === 'ref' && !e.expression.table && isNameToken(tk) && this.t.at(a + 1)?.name !== DOT && this.t.at(a + 1)?.name !== LPAREN) el.column = this.ident(a).name;
      else el.expression = this.t.slice(r);
      return el;
    });
    const fact: Fact = {
      kind: 'createIndex',
      range: this.range,
      table,
      unique: !!s.unique,
      concurrently: !!s.concurrently,
      ifNotExists: !!s.ifNotExists,
      only: false,
      method: s.using ? this.ident(this.tok(s.using)).name : 'btree',
      elements,
      include: [],
    };
    if (s.indexName) fact.name = this.ident(this.tok(s.indexName));
    if (s.where) {
      const wi = this.t.findWord(close, ['WHERE'], this.lim);
      if (wi < 0) unsupported('WHERE');
      const expr = this.expression(s.where, this.t.rangeOf(wi + 1, this.lastToken));
      const nn = this.notNullColumns(s.where);
      fact.where = nn ? { ...expr, notNullColumns: nn } : expr;
    }
    this.facts.push(fact);
  }

  /** When the predicate is only `a IS NOT NULL [AND b IS NOT NULL …]`: those columns. */
  private notNullColumns(where: Node): string[] | undefined {
    const cols: string[] = [];
    // `a AND b AND …` is a left-deep tree as deep as it has terms: an explicit stack, left first.
    const pending: Node[] = [where];
    while (pending.length) {
      const n = pending.pop();
      const k = kindOf(n);
      if (k === 'unary' && n.op === 'IS NOT NULL' && kindOf(n.operand) === 'ref') cols.push(this.refColumn(n.operand));
      else if (k === 'binary' && n.op === 'AND') pending.push(n.right, n.left);
      else return undefined;
    }
    return cols;
  }

  // ---- DROP, RENAME ---------------------------------------------------------------------------

  private drop(s: Node, k: string): void {
    const kinds: Record<string, ObjectKind> = {
      droptable: 'table',
      dropindex: 'index',
      droptype: 'type',
      dropsequence: 'sequence',
      droptrigger: 'trigger',
      dropfunction: 'function',
    };
    const objectKind = kinds[k];
    if (!objectKind) unsupported(`DropStmt as ${k}`);
    const names: QualifiedName[] = objectKind === 'trigger' || objectKind === 'function' ? [] : (s.names ?? []).map((n: Node) => this.qname(n));
    // DROP FUNCTION's node has no behaviour: CASCADE can only be the last word, after the function's name.
    const cascade = objectKind === 'function' ? this.upper(this.lastToken) === 'CASCADE' && this.lastToken > this.tok(s.name) : s.cascade === 'cascade';
    this.facts.push({ kind: 'drop', range: this.range, objectKind, names, ifExists: !!s.ifExists, cascade, concurrently: !!s.concurrently });
  }

  private rename(s: Node, k: string): void {
    const range = this.range;
    if (k === 'alterenum') {
      if (kindOf(s.change) !== 'rename') unsupported(`ALTER TYPE as ${s.change?.type}`);
      this.facts.push({ kind: 'rename', range, objectKind: 'type', target: this.qname(s.name), to: this.ident(this.tok(s.change.to)) });
      return;
    }
    if (k === 'alterindex' || k === 'altersequence') {
      if (kindOf(s.change) !== 'rename') unsupported('RenameStmt');
      const target = this.qname(s.index ?? s.name);
      this.facts.push({ kind: 'rename', range, objectKind: k === 'alterindex' ? 'index' : 'other', target, to: this.ident(this.tok(s.change.to ?? s.change.newName)) });
      return;
    }
    if (k !== 'altertable' || s.changes?.length !== 1) unsupported(`RenameStmt as ${k}`);
    const target = this.qname(s.table);
    const c = s.changes[0];
    switch (kindOf(c)) {
      case 'rename':
        this.facts.push({ kind: 'rename', range, objectKind: 'table', target, to: this.ident(this.tok(c.to)) });
        break;
      case 'renamecolumn':
        this.facts.push({ kind: 'rename', range, objectKind: 'column', target, from: this.ident(this.tok(c.column)), to: this.ident(this.tok(c.to)) });
        break;
      case 'renameconstraint':
        this.facts.push({ kind: 'rename', range, objectKind: 'constraint', target, from: this.ident(this.tok(c.constraint)), to: this.ident(this.tok(c.to)) });
        break;
      default:
        unsupported(`RenameStmt as ${c?.type}`);
    }
  }

  // ---- transactions, SET ----------------------------------------------------------------------

  private transaction(k: string): void {
    const ops: Record<string, 'begin' | 'commit' | 'rollback'> = { begin: 'begin', starttransaction: 'begin', commit: 'commit', rollback: 'rollback' };
    const op = ops[k];
    if (!op) unsupported(`TransactionStmt as ${k}`);
    for (let i = this.first; i < this.lim; i++) if (['TO', 'PREPARED', 'CHAIN'].includes(this.upper(i))) unsupported('transaction variant');
    this.facts.push({ kind: 'transaction', range: this.range, op });
  }

  private set(s: Node, k: string): void {
    const range = this.range;
    if (k === 'set') {
      const local = s.scope === 'local';
      const name = String(s.variable?.name ?? '').toLowerCase();
      if (!name) unsupported('SET');
      if (kindOf(s.set) === 'default') {
        this.facts.push({ kind: 'set', range, name, value: undefined, local });
        return;
      }
      const raw: Node[] = kindOf(s.set) === 'list' ? (s.set.values as Node[]).flat().filter((v: Node) => kindOf(v) !== 'comma') : [s.set];
      this.facts.push({ kind: 'set', range, name, value: raw.map((v) => this.setValue(v)).join(', '), local });
      return;
    }
    if (k === 'settimezone' || k === 'setnames') {
      const to = s.to;
      const local = false;
      const name = k === 'settimezone' ? 'timezone' : 'client_encoding';
      // SET TIME ZONE LOCAL / DEFAULT is PostgreSQL's VAR_SET_DEFAULT.
      if (to?.type === 'local' || to?.type === 'default') this.facts.push({ kind: 'set', range, name, value: undefined, local });
      else if (to?.type === 'value') this.facts.push({ kind: 'set', range, name, value: this.setValue(to), local });
      else unsupported('SET TIME ZONE');
      return;
    }
    unsupported(`VariableSetStmt as ${k}`);
  }

  /** A SET value as PostgreSQL's constant holds it. */
  private setValue(v: Node): string {
    if (v?.type === 'identifier' && typeof v.name === 'string') return v.doubleQuoted ? v.name : v.name.toLowerCase();
    if (v?.type === 'value' && typeof v.value === 'string') return v.value;
    // Numbers: PostgreSQL keeps integers as integers; decimals keep their written text, which the AST no longer has.
    if (v?.type === 'value' && typeof v.value === 'number' && Number.isSafeInteger(v.value)) return String(v.value);
    unsupported('SET value');
  }
}

/** SQL-standard type names PostgreSQL's grammar turns into pg_catalog types (unquoted, unqualified). */
const STANDARD_TYPES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float',
  'double precision': 'float8',
  decimal: 'numeric',
  dec: 'numeric',
  numeric: 'numeric',
  boolean: 'bool',
  char: 'bpchar',
  character: 'bpchar',
  nchar: 'bpchar',
  varchar: 'varchar',
  'character varying': 'varchar',
  'char varying': 'varchar',
  'nchar varying': 'varchar',
  'national character varying': 'varchar',
  'national char varying': 'varchar',
  'national character': 'bpchar',
  'national char': 'bpchar',
  bit: 'bit',
  'bit varying': 'varbit',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  time: 'time',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  interval: 'interval',
  json: 'json',
};

/** Calls that PostgreSQL's grammar turns into something other than a function call. */
const NOT_FUNCTIONS = new Set(['coalesce', 'nullif', 'greatest', 'least', 'row', 'exists', 'any', 'all', 'some']);

/**
 * The functions an expression calls, in the order PostgreSQL's AST lists them (pre-order, a call
 * before its arguments): SQL-syntax forms that PostgreSQL turns into calls count under PostgreSQL's
 * name (AT TIME ZONE is timezone(zone, value), EXTRACT, SUBSTRING, OVERLAY, POSITION), and forms it
 * turns into other nodes do not (COALESCE, NULLIF, GREATEST, LEAST, ROW, EXISTS, ANY).
 */
export function astFunctions(node: Node): string[] {
  const out: string[] = [];
  // Scheduled, not recursive (2,500 `+` terms are a tree 2,500 deep); `walk` schedules in call order.
  const df: DepthFirst<undefined> = new DepthFirst((n: Node) => visit(n));
  const walk = (n: Node): void => df.visit(n, undefined);
  const visit = (n: Node): void => {
    const k = kindOf(n);
    switch (k) {
      case 'call': {
        const name = String(n.function?.name ?? '').toLowerCase();
        if (!n.function?.schema && NOT_FUNCTIONS.has(name)) {
          walk(n.args);
          walk(n.filter);
          return;
        }
        // trim(x) is btrim(x) (LEADING/TRAILING forms are not in pgsql-ast-parser's grammar).
        out.push(name === 'trim' && !n.function?.schema ? 'btrim' : name);
        const args: Node[] = n.args ?? [];
        // position(a IN b) is position(b, a).
        if (name === 'position' && !n.function?.schema && args.length === 1 && kindOf(args[0]) === 'binary' && args[0].op === 'IN') {
          walk(args[0].right);
          walk(args[0].left);
        } else walk(args);
        walk(n.orderBy);
        walk(n.withinGroup);
        walk(n.filter);
        walk(n.over);
        return;
      }
      case 'keyword':
        out.push(String(n.keyword).toLowerCase());
        return;
      case 'extract':
        out.push('extract');
        walk(n.from);
        return;
      case 'substring':
        out.push('substring');
        walk(n.value);
        walk(n.from);
        walk(n.for);
        return;
      case 'overlay':
        out.push('overlay');
        walk(n.value);
        walk(n.placing);
        walk(n.from);
        walk(n.for);
        return;
      case 'binary':
        if (n.op === 'AT TIME ZONE') {
          // timezone(zone, value)
          out.push('timezone');
          walk(n.right);
          walk(n.left);
          return;
        }
        walk(n.left);
        walk(n.right);
        return;
      default:
        for (const [key, v] of Object.entries(n)) if (key !== '_location' && v && typeof v === 'object') walk(v);
    }
  };
  df.run(node, undefined);
  return out;
}

function isNullLiteral(n: Node): boolean {
  const k = kindOf(n);
  return k === 'null' || (k === 'cast' && kindOf(n.operand) === 'null');
}
