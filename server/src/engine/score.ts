// The seed's 0–100 quality rubric as a pure function of the lint result (the final schema model, the
// parsed history and the findings) and the configuration the findings were produced with.
//
// Each dimension is a weighted mean of parts. A part is either a coverage signal measured on the
// schema (share of tables with a primary key, of foreign keys with explicit actions, …) or the
// density of the findings of that dimension's rules. Every point a part loses is handed to its
// evidence (the tables, columns, files or findings responsible), so the costs of all evidence add up
// to 100 minus the score, up to rounding. docs/score.md gives each formula and why.
import { pushTo } from './rules/util/collections.js';
import type { ProjectResult, Finding } from './lint.js';
import type { ResolvedConfig } from './config.js';
import type { Position, Range } from './parse/positions.js';
import type { Fact } from './parse/facts.js';
import { tableKey, type ColumnModel, type ConstraintModel, type SchemaModel, type TableModel } from './model/schema.js';
import { rulesById } from './rules/index.js';
import type { Category, Severity, SeveritySetting } from './rules/types.js';

export const SCORE_FORMAT_VERSION = 1;

export type DimensionName = 'Schema Design' | 'Indexing' | 'Query Quality' | 'Migration Safety' | 'Security' | 'Monitoring' | 'Backup/Recovery';

/** The seed's rubric: dimensions and their percent weights, in its order. */
export const DIMENSIONS: readonly { name: DimensionName; weight: number }[] = [
  { name: 'Schema Design', weight: 20 },
  { name: 'Indexing', weight: 15 },
  { name: 'Query Quality', weight: 20 },
  { name: 'Migration Safety', weight: 10 },
  { name: 'Security', weight: 15 },
  { name: 'Monitoring', weight: 10 },
  { name: 'Backup/Recovery', weight: 10 },
];

/** The dimension a rule category's findings count against. */
export const CATEGORY_DIMENSION: Record<Category, DimensionName> = {
  'schema design': 'Schema Design',
  indexing: 'Indexing',
  'query quality': 'Query Quality',
  'migration safety': 'Migration Safety',
  security: 'Security',
  // A statement PostgreSQL cannot parse is a migration that fails when it runs.
  syntax: 'Migration Safety',
};

/** How much one finding weighs, by its configured severity. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { error: 1, warning: 0.5, info: 0.2 };

/** Share of nullable-able columns that are NOT NULL at which the NOT NULL part gets full marks. */
export const NOT_NULL_TARGET = 0.6;

/** Columns that make a table a tenant table (row-level multi-tenancy, seed Phase 7). */
export const TENANT_COLUMNS: readonly string[] = ['tenant_id', 'organization_id', 'org_id'];

/** Column names that record when a row was created (seed: audit fields). */
export const CREATION_COLUMNS: readonly string[] = ['created_at', 'inserted_at', 'created_on'];

const NOW_DEFAULT = /\b(now|current_timestamp|clock_timestamp|statement_timestamp|transaction_timestamp|localtimestamp)\b/i;

/**
 * The column records when the row was written: created_at by name, or any timestamp column that
 * defaults to the current time (the seed's own patterns use granted_at, changed_at, occurred_at).
 */
export function isCreationTimestamp(c: ColumnModel): boolean {
  if (CREATION_COLUMNS.includes(c.name)) return true;
  return (c.type.name === 'timestamptz' || c.type.name === 'timestamp') && !c.type.isArray && !!c.default && NOW_DEFAULT.test(c.default.text);
}

/**
 * Rules whose findings are the same thing a signal measures: they are not counted a second time.
 * `foreign-key-missing-index` is the other way round: its findings ARE the signal's evidence (the
 * rule owns the definition of "an index serves this key": leading columns, partial predicates,
 * partition parents), so that signal follows the rule's configuration.
 */
export const SIGNAL_RULES: Readonly<Record<string, string>> = {
  'foreign-key-missing-index': 'foreign-key-index',
  'require-primary-key': 'primary-key',
  'tenant-table-without-rls': 'row-level-security',
};

/** A finding or a signal occurrence that cost points. */
export interface ScoredFinding {
  kind: 'finding' | 'signal';
  dimension: DimensionName;
  /** Id of the part of the dimension it counts in (e.g. `primary-key`, `findings`). */
  part: string;
  /** The rule id of a finding; `score/<part>` for a signal. */
  ruleId: string;
  message: string;
  /** A finding's configured severity. */
  severity?: Severity;
  /** Absolute path (or document id) of the file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16. */
  column: number;
  range: Range;
  /** 0-based start and end (LSP positions) of `range`. */
  start: Position;
  end: Position;
  /** Points of the 100 this costs. */
  cost: number;
  /** `schema.table` key of the table it concerns, when known. */
  table?: string;
}

/** One measured part of a dimension. */
export interface PartScore {
  id: string;
  label: string;
  /** Relative weight inside the dimension. */
  weight: number;
  /** 0..1 */
  value: number;
  /** What was measured, with counts. */
  detail: string;
  /** Points of the dimension's 10 lost here. */
  lost: number;
  /** Points of the overall 100 lost here. */
  cost: number;
  /** Evidence items that carry the cost. */
  evidence: number;
}

export interface DimensionScore {
  name: DimensionName;
  /** Percent weight in the seed's rubric. */
  weight: number;
  /** 0–10 (one decimal), or null when not assessed from SQL. */
  score: number | null;
  /** Findings of this dimension's rules (including those a signal already counts). */
  findings: number;
  /** Why points were lost, each with counts (or why it was not assessed, or what was checked when nothing was lost). */
  reasons: string[];
  parts: PartScore[];
}

export interface TableScore {
  /** Display name: `name` in public, else `schema.name`. */
  table: string;
  key: string;
  file: string;
  /** 1-based line of the CREATE TABLE. */
  line: number;
  range: Range;
  /** 0-based start and end (LSP positions) of `range`. */
  start: Position;
  end: Position;
  /** Points of the 100 lost by evidence about this table. */
  cost: number;
  findings: number;
  byDimension: Partial<Record<DimensionName, number>>;
  /** Signals this table fails, e.g. "no primary key". */
  issues: string[];
  hasPrimaryKey: boolean;
}

/** The points one rule (or signal) cost in all, over all its evidence. */
export interface RuleCost {
  kind: 'finding' | 'signal';
  /** Rule id, or `score/<part>` for a signal. */
  ruleId: string;
  dimension: DimensionName;
  count: number;
  /** Points of the 100. */
  cost: number;
}

export interface ScoreReport {
  version: number;
  /** 0–100, integer. */
  score: number;
  band: Band;
  dimensions: DimensionScore[];
  tables: number;
  /** Up migrations (down/undo files excluded). */
  migrations: number;
  /** Weight of the dimensions that were assessed (spread over 100 %). */
  assessedWeight: number;
  notes: string[];
  /** The evidence that cost the most points, most expensive first (at most 50). */
  topFindings: ScoredFinding[];
  /** Points lost per rule or signal, most expensive first: what to fix first. */
  byRule: RuleCost[];
  /** Every table, most points lost first. */
  perTable: TableScore[];
}

export type Band = 'Critical risk' | 'Needs work' | 'Solid' | 'Professional' | 'Expert';

export function band(score: number): Band {
  if (score < 40) return 'Critical risk';
  if (score < 60) return 'Needs work';
  if (score < 80) return 'Solid';
  if (score < 90) return 'Professional';
  return 'Expert';
}

/** 1 with no findings, 1/2 with one weighted finding per object, tending to 0. */
export function findingQuality(weightedFindings: number, objects: number): number {
  return 1 / (1 + weightedFindings / Math.max(1, objects));
}

// ---- internals ----------------------------------------------------------------------------------

interface Evidence {
  kind: 'finding' | 'signal';
  ruleId: string;
  message: string;
  severity?: Severity;
  file: string;
  range: Range;
  /** Relative share of the part's lost points. */
  share: number;
  table?: string;
}

interface Part {
  id: string;
  label: string;
  weight: number;
  value: number;
  detail: string;
  evidence: Evidence[];
}

interface Dimension {
  parts: Part[];
  /** Why it is not assessed (no parts). */
  notAssessed?: string;
  /** What was checked, shown when nothing was lost. */
  checked?: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function names(list: string[], max = 3): string {
  if (!list.length) return '';
  const shown = list.slice(0, max).join(', ');
  return `: ${shown}${list.length > max ? `, … (${list.length - max} more)` : ''}`;
}

/** An identifier as it would be written in SQL: double-quoted when it is not a plain lower-case name. */
function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function displayTable(t: { schema: string; name: string }): string {
  return t.schema === 'public' ? ident(t.name) : `${ident(t.schema)}.${ident(t.name)}`;
}

function weighted(findings: Finding[]): number {
  return findings.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
}

function ruleCounts(findings: Finding[]): string {
  const c = new Map<string, number>();
  for (const f of findings) c.set(f.ruleId, (c.get(f.ruleId) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r} ×${n}`).join(', ');
}

function userTables(model: SchemaModel): TableModel[] {
  // Partitions share their parent's design; counting them would weigh one design many times.
  return [...model.tables.values()].filter((t) => !t.partitionOf && !['pg_catalog', 'information_schema'].includes(t.schema) && !t.schema.startsWith('pg_temp'));
}

function primaryKeyColumns(t: TableModel): Set<string> {
  return new Set(t.constraints.filter((c) => c.kind === 'primaryKey').flatMap((c) => c.columns));
}

function hasPrimaryKey(t: TableModel): boolean {
  return t.constraints.some((c) => c.kind === 'primaryKey');
}

function findingEvidence(f: Finding, table?: string): Evidence {
  return { kind: 'finding', ruleId: f.ruleId, message: f.message, severity: f.severity, file: f.file, range: f.range, share: SEVERITY_WEIGHT[f.severity], table };
}

function signal(part: string, message: string, origin: { file: string; range: Range }, table?: string): Evidence {
  return { kind: 'signal', ruleId: `score/${part}`, message, file: origin.file, range: origin.range, share: 1, table };
}

/** The table a statement is about, from its facts (CREATE/ALTER TABLE, CREATE INDEX, DML). */
function statementTable(facts: readonly Fact[]): string | undefined {
  for (const f of facts) {
    if (f.kind === 'createTable' || f.kind === 'alterTable' || f.kind === 'createIndex' || f.kind === 'update' || f.kind === 'delete' || f.kind === 'insert')
      return tableKey(f.table.schema, f.table.name);
    if (f.kind === 'rename' && f.objectKind === 'table') return tableKey(f.target.schema, f.to.name);
    if (f.kind === 'rename' && (f.objectKind === 'column' || f.objectKind === 'constraint')) return tableKey(f.target.schema, f.target.name);
  }
  return undefined;
}

/** The first of `tables` (in their order) that one of the words names, by name or schema.name. */
function tableByName(tables: TableModel[]): (words: string[]) => TableModel | undefined {
  const position = new Map<string, number>();
  tables.forEach((t, i) => {
    for (const name of [t.name, `${t.schema}.${t.name}`]) if (!position.has(name)) position.set(name, i);
  });
  return (words) => {
    let first = Infinity;
    for (const w of words) first = Math.min(first, position.get(w) ?? Infinity);
    return tables[first];
  };
}

/** Pairs an up migration with its down/undo/revert file (sqitch keeps deploy/x.sql and revert/x.sql). */
function rollbackKey(relPath: string): string {
  const parts = relPath.replace(/(^|\/)(deploy|revert)\//, '$1').split('/');
  let base = parts.pop()!;
  if (/^(up|down)\.sql$/i.test(base)) return parts.join('/');
  base = base.replace(/[._-](up|down)\.sql$/i, '').replace(/\.undo\.sql$/i, '').replace(/\.sql$/i, '').replace(/^[UV](?=\d)/, '');
  return [...parts, base].join('/');
}

// ---- the score ------------------------------------------------------------------------------------

/**
 * Scores a whole-project lint result (every file linted). `config` is the configuration the findings
 * were produced with (default: the defaults): it tells which rules were off, so that a dimension whose
 * rules are all off is not credited with a clean bill.
 */
export function scoreProject(result: ProjectResult, config?: Pick<ResolvedConfig, 'rules'>): ScoreReport {
  if (result.files.some((f) => !f.linted)) throw new Error('scoreProject needs a lint of every file of the history (no `only`).');
  const model = result.final;
  const tables = userTables(model);
  const tableByKey = new Map(tables.map((t) => [t.key, t]));
  const fileByPath = new Map(result.files.map((f) => [f.path, f]));
  const tableNamed = tableByName(tables);
  const severityOf = (id: string): SeveritySetting => config?.rules.get(id)?.severity ?? rulesById.get(id)?.meta.defaultSeverity ?? 'off';
  const enabledIn = (dim: DimensionName): string[] =>
    [...rulesById.values()].filter((r) => CATEGORY_DIMENSION[r.meta.category] === dim && !(r.id in SIGNAL_RULES) && severityOf(r.id) !== 'off').map((r) => r.id);

  // Findings by dimension, each with the table it concerns.
  const all: { f: Finding; table?: string; dim: DimensionName }[] = [];
  for (const file of result.files) {
    const stmts = file.parsed.statements;
    for (const f of file.findings) {
      const dim = CATEGORY_DIMENSION[rulesById.get(f.ruleId)?.meta.category ?? 'syntax'];
      const s = stmts.find((x) => x.range.start <= f.range.start && f.range.start <= x.end);
      let table = s ? statementTable(s.facts) : undefined;
      if (!table || !tableByKey.has(table)) {
        table = tableNamed(Object.values(f.data ?? {}).map(String))?.key;
      }
      all.push({ f, table, dim });
    }
  }
  const findingsOf = (dim: DimensionName): typeof all => all.filter((x) => x.dim === dim);
  const counted = (dim: DimensionName): typeof all => findingsOf(dim).filter((x) => !(x.f.ruleId in SIGNAL_RULES));
  const notes: string[] = [];
  const dims = new Map<DimensionName, Dimension>();

  const fks: { table: TableModel; c: ConstraintModel }[] = tables.flatMap((t) => t.constraints.filter((c) => c.kind === 'foreignKey').map((c) => ({ table: t, c })));
  const completeTables = tables.filter((t) => !t.columnsIncomplete);
  const allColumns = tables.reduce((s, t) => s + t.columns.size, 0);

  /** The density-of-findings part of a dimension, when it has enabled rules. */
  const findingsPart = (dim: DimensionName, objects: number, over: string): Part | undefined => {
    const f = counted(dim);
    if (enabledIn(dim).length === 0 && f.length === 0) return undefined;
    return {
      id: 'findings',
      label: 'findings',
      weight: 0,
      value: findingQuality(weighted(f.map((x) => x.f)), objects),
      detail: `${plural(f.length, 'finding')}${f.length ? ` (${ruleCounts(f.map((x) => x.f))})` : ''} over ${over}`,
      evidence: f.map((x) => findingEvidence(x.f, x.table)),
    };
  };

  // ---- Schema Design: structure measured on the final schema, plus the design rules' findings.
  {
    if (tables.length === 0) dims.set('Schema Design', { parts: [], notAssessed: 'no tables in the migration history' });
    else {
      const parts: Part[] = [];
      // Tables whose columns or constraints came from elsewhere (CREATE TABLE AS, LIKE, INHERITS) are judged only on what is known.
      const pkJudged = tables.filter((t) => !t.columnsIncomplete || hasPrimaryKey(t));
      const noPk = pkJudged.filter((t) => !hasPrimaryKey(t));
      if (pkJudged.length)
        parts.push({
          id: 'primary-key',
          label: 'primary keys',
          weight: 3,
          value: 1 - noPk.length / pkJudged.length,
          detail: `${noPk.length} of ${plural(pkJudged.length, 'table')} ${noPk.length === 1 ? 'has' : 'have'} no primary key${names(noPk.map(displayTable))}`,
          evidence: noPk.map((t) => signal('primary-key', `Table ${displayTable(t)} has no primary key: rows cannot be addressed one by one, and logical replication cannot replicate its UPDATEs and DELETEs.`, t.origin, t.key)),
        });
      const nullable: { t: TableModel; c: ColumnModel }[] = [];
      let judged = 0;
      for (const t of completeTables) {
        const pk = primaryKeyColumns(t);
        for (const c of t.columns.values()) {
          if (pk.has(c.name) || c.generated || c.identity) continue;
          judged++;
          if (!c.notNull) nullable.push({ t, c });
        }
      }
      if (judged) {
        const share = (judged - nullable.length) / judged;
        parts.push({
          id: 'not-null',
          label: 'NOT NULL coverage',
          weight: 1,
          value: Math.min(1, share / NOT_NULL_TARGET),
          detail: `${judged - nullable.length} of ${plural(judged, 'column')} (${Math.round(share * 100)} %) are NOT NULL; full marks from ${NOT_NULL_TARGET * 100} %`,
          evidence: share >= NOT_NULL_TARGET ? [] : nullable.map(({ t, c }) => signal('not-null', `Column ${displayTable(t)}.${ident(c.name)} is nullable.`, c.origin, t.key)),
        });
      }
      if (fks.length) {
        const implicit = fks.filter((x) => !x.c.references?.explicitActions);
        parts.push({
          id: 'foreign-key-actions',
          label: 'explicit foreign-key actions',
          weight: 1,
          value: 1 - implicit.length / fks.length,
          detail: `${implicit.length} of ${plural(fks.length, 'foreign key')} leave ON DELETE implicit${names(implicit.map((x) => `${displayTable(x.table)}.${x.c.columns.map(ident).join('+')}`))}`,
          evidence: implicit.map((x) =>
            signal('foreign-key-actions', `Foreign key ${displayTable(x.table)} (${x.c.columns.map(ident).join(', ')}) does not say what happens when the referenced row is deleted (ON DELETE RESTRICT, CASCADE or SET NULL).`, x.c.origin, x.table.key),
          ),
        });
      }
      if (completeTables.length) {
        const missing = completeTables.filter((t) => ![...t.columns.values()].some(isCreationTimestamp));
        parts.push({
          id: 'created-at',
          label: 'creation timestamps',
          weight: 1,
          value: 1 - missing.length / completeTables.length,
          detail: `${missing.length} of ${plural(completeTables.length, 'table')} ${missing.length === 1 ? 'has' : 'have'} no creation timestamp${names(missing.map(displayTable))}`,
          evidence: missing.map((t) =>
            signal('created-at', `Table ${displayTable(t)} has no creation timestamp (created_at, or a timestamp column defaulting to now()): when a row appeared cannot be answered in an incident or an audit.`, t.origin, t.key),
          ),
        });
      }
      const fp = findingsPart('Schema Design', tables.length + allColumns / 4, `${plural(tables.length, 'table')} and ${plural(allColumns, 'column')}`);
      if (fp) parts.push({ ...fp, label: 'design findings', weight: 4 });
      dims.set('Schema Design', { parts, checked: `${plural(tables.length, 'table')}, ${plural(allColumns, 'column')}, ${plural(fks.length, 'foreign key')}` });
    }
  }

  // ---- Indexing: foreign-key index coverage (by foreign-key-missing-index) and the other indexing rules' findings.
  {
    const parts: Part[] = [];
    const fkRuleOn = severityOf('foreign-key-missing-index') !== 'off';
    if (fks.length && fkRuleOn) {
      const missing = all.filter((x) => x.f.ruleId === 'foreign-key-missing-index');
      parts.push({
        id: 'foreign-key-index',
        label: 'foreign-key indexes',
        weight: 2,
        value: Math.max(0, 1 - missing.length / fks.length),
        detail: `${missing.length} of ${plural(fks.length, 'foreign key')} ${missing.length === 1 ? 'has' : 'have'} no index`,
        evidence: missing.map((x) => findingEvidence(x.f, x.table)),
      });
    } else if (fks.length) notes.push('foreign-key-missing-index is off: foreign-key index coverage is not measured.');
    const secondary = [...model.indexes.values()].filter((i) => !i.constraint && tableByKey.has(i.table)).length;
    const hasIndexingEvidence = secondary > 0 || counted('Indexing').length > 0;
    const fp = hasIndexingEvidence ? findingsPart('Indexing', model.indexes.size + tables.length, `${plural(model.indexes.size, 'index', 'indexes')} on ${plural(tables.length, 'table')}`) : undefined;
    if (fp) parts.push({ ...fp, label: 'index findings', weight: 1 });
    dims.set('Indexing', parts.length ? { parts, checked: `${plural(fks.length, 'foreign key')}, ${plural(secondary, 'secondary index', 'secondary indexes')}` } : { parts, notAssessed: 'no foreign keys or secondary indexes to judge' });
  }

  // ---- Query Quality: findings per query, view and routine written in the migrations.
  {
    let queries = 0;
    for (const file of result.files)
      for (const s of file.parsed.statements)
        if (/^(SelectStmt|InsertStmt|UpdateStmt|DeleteStmt|MergeStmt|ViewStmt|CreateTableAsStmt|CreateFunctionStmt|DoStmt|RuleStmt)$/.test(s.type)) queries++;
    const fp = queries ? findingsPart('Query Quality', queries, plural(queries, 'query, view and routine', 'queries, views and routines')) : undefined;
    if (fp) dims.set('Query Quality', { parts: [{ ...fp, label: 'query findings', weight: 1 }], checked: plural(queries, 'query, view or routine', 'queries, views and routines') });
    else dims.set('Query Quality', { parts: [], notAssessed: queries ? 'every query-quality rule is off' : 'no queries, views or routines in the SQL' });
  }

  // ---- Migration Safety: findings per up migration, and a rollback for each.
  {
    const ups = result.files.filter((x) => !x.isDown);
    const downKeys = new Set(result.files.filter((x) => x.isDown).map((x) => rollbackKey(x.relPath)));
    const parts: Part[] = [];
    if (ups.length) {
      const fp = findingsPart('Migration Safety', ups.length, plural(ups.length, 'migration'));
      if (fp) parts.push({ ...fp, label: 'unsafe operations', weight: 4 });
      // A single file is a schema, not a history: there is nothing to roll back to.
      if (ups.length > 1) {
        // A down section in the file itself counts (goose, dbmate, sql-migrate, the seed template), as the migration-tool model finds them.
        const without = ups.filter((f) => !downKeys.has(rollbackKey(f.relPath)) && !f.run.downSections.length);
        parts.push({
          id: 'rollback',
          label: 'rollback plan',
          weight: 1,
          value: 1 - without.length / ups.length,
          detail: `${without.length} of ${plural(ups.length, 'migration')} ${without.length === 1 ? 'has' : 'have'} no down migration or down section`,
          evidence: without.map((f) => signal('rollback', `Migration ${f.relPath} has no rollback (no down/undo file, no down section).`, { file: f.path, range: { start: 0, end: 0 } })),
        });
      }
    }
    dims.set('Migration Safety', parts.length ? { parts, checked: plural(ups.length, 'migration') } : { parts, notAssessed: ups.length ? 'every migration-safety rule is off' : 'no migrations' });
  }

  // ---- Security: row level security on tenant tables, and the security rules' findings.
  {
    const parts: Part[] = [];
    const tenant = tables.filter((t) => TENANT_COLUMNS.some((c) => t.columns.has(c)));
    if (tenant.length) {
      const without = tenant.filter((t) => !t.rowLevelSecurity);
      parts.push({
        id: 'row-level-security',
        label: 'row level security',
        weight: 1,
        // The rubric puts RLS at its excellent end (10) and application-level tenant filtering with least
        // privilege at good (5): a tenant table without RLS halves this part, it does not zero it.
        value: 1 - (0.5 * without.length) / tenant.length,
        detail: `${without.length} of ${plural(tenant.length, 'tenant table')} without row level security${names(without.map(displayTable))}`,
        evidence: without.map((t) =>
          signal('row-level-security', `Tenant table ${displayTable(t)} does not enable row level security: one missing WHERE tenant_id = … in the application shows one tenant's rows to another.`, t.origin, t.key),
        ),
      });
    }
    // Statements the security rules judge: grants, roles, routines (SECURITY DEFINER), row level security.
    let statements = 0;
    for (const file of result.files)
      for (const s of file.parsed.statements)
        if (s.facts.some((f) => f.kind === 'grant' || f.kind === 'role' || f.kind === 'createFunction' || (f.kind === 'alterTable' && f.actions.some((a) => a.type.endsWith('RowLevelSecurity'))))) statements++;
    let checkedStatements = false;
    if (statements || counted('Security').length) {
      const fp = findingsPart('Security', statements + tenant.length, plural(statements, 'grant, role, routine or RLS statement', 'grants, roles, routines and RLS statements'));
      if (fp) parts.push({ ...fp, label: 'security findings', weight: 1 });
      checkedStatements = !!fp;
    }
    dims.set(
      'Security',
      parts.length
        ? { parts, checked: [tenant.length ? plural(tenant.length, 'tenant table') : '', checkedStatements ? plural(statements, 'security-relevant statement') : ''].filter(Boolean).join(', ') }
        : { parts, notAssessed: enabledIn('Security').length ? 'no tenant tables, grants, roles or routines in the SQL' : 'no tenant tables, and no security rule is on' },
    );
  }

  dims.set('Monitoring', { parts: [], notAssessed: 'not assessed from SQL: dashboards, alerts and slow-query analysis live outside migration files' });
  dims.set('Backup/Recovery', { parts: [], notAssessed: 'not assessed from SQL: backups, PITR and restore tests live outside migration files' });
  if (model.extensions.has('pg_stat_statements')) notes.push('pg_stat_statements is installed: a monitoring signal, noted but not scored.');

  // ---- weights, costs and the overall score.
  const assessedWeight = DIMENSIONS.filter((d) => dims.get(d.name)!.parts.length).reduce((s, d) => s + d.weight, 0);
  const evidenceOut: ScoredFinding[] = [];
  const dimensions: DimensionScore[] = DIMENSIONS.map((d) => {
    const dim = dims.get(d.name)!;
    const findings = findingsOf(d.name).length;
    if (!dim.parts.length) return { name: d.name, weight: d.weight, score: null, findings, reasons: [dim.notAssessed ?? 'not assessed'], parts: [] };
    const total = dim.parts.reduce((s, p) => s + p.weight, 0);
    const raw = (10 * dim.parts.reduce((s, p) => s + p.weight * p.value, 0)) / total;
    const parts: PartScore[] = dim.parts.map((p) => {
      const lost = (10 * p.weight * (1 - p.value)) / total;
      const cost = (lost * d.weight * 10) / assessedWeight;
      const shares = p.evidence.reduce((s, e) => s + e.share, 0);
      for (const e of p.evidence)
        if (cost > 0 && shares > 0) {
          const lines = fileByPath.get(e.file)?.parsed.lines;
          const pos = lines?.positionAt(e.range.start) ?? { line: 0, character: 0 };
          evidenceOut.push({
            kind: e.kind,
            dimension: d.name,
            part: p.id,
            ruleId: e.ruleId,
            message: e.message,
            severity: e.severity,
            file: e.file,
            line: pos.line + 1,
            column: pos.character + 1,
            range: e.range,
            start: pos,
            end: lines?.positionAt(e.range.end) ?? pos,
            cost: (cost * e.share) / shares,
            table: e.table,
          });
        }
      return { id: p.id, label: p.label, weight: p.weight, value: p.value, detail: p.detail, lost, cost, evidence: p.evidence.length };
    });
    const reasons = parts
      .filter((p) => p.lost >= 0.05)
      .sort((a, b) => b.lost - a.lost)
      .map((p) => `${p.label}: ${p.detail} (−${p.lost.toFixed(1)})`);
    if (!reasons.length) reasons.push(`no points lost: checked ${dim.checked ?? 'everything in scope'}`);
    return { name: d.name, weight: d.weight, score: Math.round(raw * 10) / 10, findings, reasons, parts };
  });
  const assessed = dimensions.filter((d) => d.score !== null);
  const score = assessedWeight ? Math.round((assessed.reduce((s, d) => s + d.weight * d.score!, 0) / assessedWeight) * 10) : 0;
  const skipped = dimensions.filter((d) => d.score === null).map((d) => d.name);
  if (skipped.length)
    notes.unshift(`Not assessed: ${skipped.join(', ')}. The assessed dimensions' weights (${assessedWeight} %) are scaled to 100 %.`);
  const off = [...rulesById.values()].filter((r) => r.meta.defaultSeverity !== 'off' && severityOf(r.id) === 'off').map((r) => r.id);
  if (off.length) notes.push(`Rules turned off in this project (their checks do not count): ${off.join(', ')}.`);

  const groups = new Map<string, RuleCost>();
  for (const e of evidenceOut) {
    const key = `${e.dimension}\u0000${e.ruleId}`;
    const g = groups.get(key) ?? { kind: e.kind, ruleId: e.ruleId, dimension: e.dimension, count: 0, cost: 0 };
    g.count++;
    g.cost += e.cost;
    groups.set(key, g);
  }
  const byRule = [...groups.values()].map((g) => ({ ...g, cost: Math.round(g.cost * 100) / 100 })).sort((a, b) => b.cost - a.cost || a.ruleId.localeCompare(b.ruleId));
  evidenceOut.sort((a, b) => b.cost - a.cost || a.file.localeCompare(b.file) || a.range.start - b.range.start);
  for (const e of evidenceOut) e.cost = Math.round(e.cost * 100) / 100;

  // Grouped once: a scan of every finding and piece of evidence per table was quadratic on a long history.
  const evidenceOf = new Map<string, typeof evidenceOut>();
  for (const e of evidenceOut) if (e.table !== undefined) pushTo(evidenceOf, e.table, e);
  const findingsOfTable = new Map<string, typeof all>();
  for (const x of all) if (x.table !== undefined) pushTo(findingsOfTable, x.table, x);
  const perTable: TableScore[] = tables.map((t) => {
    const mine = evidenceOf.get(t.key) ?? [];
    const byDimension: Partial<Record<DimensionName, number>> = {};
    let n = 0;
    for (const x of findingsOfTable.get(t.key) ?? []) {
      byDimension[x.dim] = (byDimension[x.dim] ?? 0) + 1;
      n++;
    }
    const issues = [...new Set(mine.filter((e) => e.kind === 'signal' && e.part !== 'not-null').map((e) => PART_ISSUE[e.part] ?? e.part))];
    const nullable = mine.filter((e) => e.part === 'not-null').length;
    if (nullable) issues.push(`${plural(nullable, 'nullable column')}`);
    const lines = fileByPath.get(t.origin.file)?.parsed.lines;
    const start = lines?.positionAt(t.origin.range.start) ?? { line: 0, character: 0 };
    return {
      table: displayTable(t),
      key: t.key,
      file: t.origin.file,
      line: start.line + 1,
      range: t.origin.range,
      start,
      end: lines?.positionAt(t.origin.range.end) ?? start,
      cost: Math.round(mine.reduce((s, e) => s + e.cost, 0) * 100) / 100,
      findings: n,
      byDimension,
      issues,
      hasPrimaryKey: hasPrimaryKey(t),
    };
  });
  perTable.sort((a, b) => b.cost - a.cost || b.findings - a.findings || a.table.localeCompare(b.table));

  return {
    version: SCORE_FORMAT_VERSION,
    score,
    band: band(score),
    dimensions,
    tables: tables.length,
    migrations: result.files.filter((f) => !f.isDown).length,
    assessedWeight,
    notes,
    topFindings: evidenceOut.slice(0, 50),
    byRule,
    perTable,
  };
}

const PART_ISSUE: Record<string, string> = {
  'primary-key': 'no primary key',
  'created-at': 'no creation timestamp',
  'foreign-key-actions': 'implicit ON DELETE',
  'row-level-security': 'no row level security',
};
