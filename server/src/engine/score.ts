// The seed's 0–100 quality rubric as a pure function of the final schema model and the findings.
// Every point lost is attributed to a named signal with counts; docs/score.md gives each formula
// and why. Monitoring and Backup/Recovery cannot be judged from SQL files: they are reported as not
// assessed and their weight is spread over the other dimensions.
import type { ProjectResult, Finding } from './lint.js';
import type { SchemaModel, TableModel } from './model/schema.js';
import { rulesById } from './rules/index.js';
import type { Category } from './rules/types.js';

export const SCORE_FORMAT_VERSION = 1;

export type DimensionName = 'Schema Design' | 'Indexing' | 'Query Quality' | 'Migration Safety' | 'Security' | 'Monitoring' | 'Backup/Recovery';

export const DIMENSIONS: readonly { name: DimensionName; weight: number }[] = [
  { name: 'Schema Design', weight: 20 },
  { name: 'Indexing', weight: 15 },
  { name: 'Query Quality', weight: 20 },
  { name: 'Migration Safety', weight: 10 },
  { name: 'Security', weight: 15 },
  { name: 'Monitoring', weight: 10 },
  { name: 'Backup/Recovery', weight: 10 },
];

const CATEGORY_DIMENSION: Record<Category, DimensionName> = {
  'schema design': 'Schema Design',
  indexing: 'Indexing',
  'query quality': 'Query Quality',
  'migration safety': 'Migration Safety',
  security: 'Security',
  // A statement PostgreSQL cannot parse is a migration that fails when it runs.
  syntax: 'Migration Safety',
};

/** How much one finding weighs, by severity. */
export const SEVERITY_WEIGHT = { error: 1, warning: 0.5, info: 0.2 } as const;

export interface ScoredFinding {
  file: string;
  ruleId: string;
  message: string;
  severity: Finding['severity'];
  line: number;
  column: number;
  range: { start: number; end: number };
  /** Points (of 100) this finding costs. */
  cost: number;
  table?: string;
}

export interface DimensionScore {
  name: DimensionName;
  /** Percent weight in the seed's rubric. */
  weight: number;
  /** 0–10, or null when not assessed from SQL. */
  score: number | null;
  findings: number;
  /** Why points were lost (or why it was not assessed), each with counts. */
  reasons: string[];
}

export interface TableScore {
  table: string;
  file: string;
  line: number;
  findings: number;
  byDimension: Partial<Record<DimensionName, number>>;
  hasPrimaryKey: boolean;
}

export interface ScoreReport {
  version: number;
  score: number;
  band: string;
  dimensions: DimensionScore[];
  tables: number;
  migrations: number;
  /** Weight of the dimensions that were assessed (the rest is spread over them). */
  assessedWeight: number;
  notes: string[];
  topFindings: ScoredFinding[];
  perTable: TableScore[];
}

export function band(score: number): string {
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

interface Part {
  label: string;
  weight: number;
  /** 0..1 */
  value: number;
  detail: string;
}

function weighted(findings: Finding[]): number {
  return findings.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
}

function partsScore(parts: Part[]): { score: number; reasons: string[] } {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  const score = (10 * parts.reduce((s, p) => s + p.weight * p.value, 0)) / total;
  const reasons = parts
    .map((p) => ({ p, lost: (10 * p.weight * (1 - p.value)) / total }))
    .filter((x) => x.lost >= 0.05)
    .sort((a, b) => b.lost - a.lost)
    .map((x) => `${x.p.label}: ${x.p.detail} (−${x.lost.toFixed(1)})`);
  return { score: Math.round(score * 10) / 10, reasons };
}

function ruleCounts(findings: Finding[]): string {
  const c = new Map<string, number>();
  for (const f of findings) c.set(f.ruleId, (c.get(f.ruleId) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ×${n}`).join(', ');
}

function userTables(model: SchemaModel): TableModel[] {
  // Partitions share their parent's design; counting them would weigh one design many times.
  return [...model.tables.values()].filter((t) => !t.partitionOf && !['pg_catalog', 'information_schema'].includes(t.schema));
}

export function scoreProject(result: ProjectResult): ScoreReport {
  const model = result.final;
  const tables = userTables(model);
  const all = result.files.flatMap((f) => f.findings);
  const byDim = new Map<DimensionName, Finding[]>();
  for (const f of all) {
    const cat = rulesById.get(f.ruleId)?.meta.category ?? 'syntax';
    const d = CATEGORY_DIMENSION[cat];
    byDim.set(d, [...(byDim.get(d) ?? []), f]);
  }
  const dims = new Map<DimensionName, { score: number | null; reasons: string[] }>();
  const columns = tables.reduce((s, t) => s + t.columns.size, 0);
  const fks = tables.flatMap((t) => t.constraints.filter((c) => c.kind === 'foreignKey'));

  // Schema Design
  {
    const f = byDim.get('Schema Design') ?? [];
    if (tables.length === 0) dims.set('Schema Design', { score: null, reasons: ['no tables in the migration history'] });
    else {
      const withPk = tables.filter((t) => t.constraints.some((c) => c.kind === 'primaryKey')).length;
      const nonKeyCols = tables.flatMap((t) => [...t.columns.values()]);
      const notNull = nonKeyCols.filter((c) => c.notNull).length;
      const explicitFk = fks.filter((c) => c.references?.explicitActions).length;
      const audited = tables.filter((t) => t.columns.has('created_at') && t.columns.has('updated_at')).length;
      const parts: Part[] = [
        { label: 'primary keys', weight: 3, value: withPk / tables.length, detail: `${tables.length - withPk} of ${tables.length} tables have no primary key` },
        { label: 'NOT NULL coverage', weight: 1, value: Math.min(1, notNull / Math.max(1, nonKeyCols.length) / 0.6), detail: `${notNull} of ${nonKeyCols.length} columns are NOT NULL (full marks from 60 %)` },
        { label: 'explicit FK actions', weight: 1, value: fks.length ? explicitFk / fks.length : 1, detail: `${fks.length - explicitFk} of ${fks.length} foreign keys leave ON DELETE/ON UPDATE implicit` },
        { label: 'audit fields', weight: 1, value: audited / tables.length, detail: `${tables.length - audited} of ${tables.length} tables lack created_at/updated_at` },
        { label: 'design findings', weight: 4, value: findingQuality(weighted(f), tables.length + columns / 4), detail: `${f.length} findings (${ruleCounts(f) || 'none'}) over ${tables.length} tables and ${columns} columns` },
      ];
      dims.set('Schema Design', partsScore(parts));
    }
  }
  // Indexing
  {
    const f = byDim.get('Indexing') ?? [];
    if (tables.length === 0) dims.set('Indexing', { score: null, reasons: ['no tables in the migration history'] });
    else {
      const missing = all.filter((x) => x.ruleId === 'foreign-key-missing-index').length;
      const other = f.filter((x) => x.ruleId !== 'foreign-key-missing-index');
      const parts: Part[] = [
        { label: 'foreign-key indexes', weight: 1, value: fks.length ? Math.max(0, 1 - missing / fks.length) : 1, detail: `${missing} of ${fks.length} foreign keys have no index` },
        { label: 'index findings', weight: 1, value: findingQuality(weighted(other), model.indexes.size + tables.length), detail: `${other.length} findings (${ruleCounts(other) || 'none'}) over ${model.indexes.size} indexes` },
      ];
      dims.set('Indexing', partsScore(parts));
    }
  }
  // Query Quality
  {
    const f = byDim.get('Query Quality') ?? [];
    let queries = 0;
    for (const file of result.files)
      for (const s of file.parsed.statements)
        if (/^(SelectStmt|InsertStmt|UpdateStmt|DeleteStmt|ViewStmt|CreateTableAsStmt|CreateFunctionStmt|DoStmt)$/.test(s.type)) queries++;
    if (queries === 0) dims.set('Query Quality', { score: null, reasons: ['no queries, views or functions in the SQL: not assessed'] });
    else dims.set('Query Quality', partsScore([{ label: 'query findings', weight: 1, value: findingQuality(weighted(f), queries), detail: `${f.length} findings (${ruleCounts(f) || 'none'}) over ${queries} queries, views and functions` }]));
  }
  // Migration Safety
  {
    const f = byDim.get('Migration Safety') ?? [];
    const migrations = result.files.filter((x) => !x.isDown).length;
    const downs = result.files.filter((x) => x.isDown).length;
    if (migrations === 0) dims.set('Migration Safety', { score: null, reasons: ['no migrations'] });
    else
      dims.set(
        'Migration Safety',
        partsScore([
          { label: 'unsafe operations', weight: 4, value: findingQuality(weighted(f), migrations), detail: `${f.length} findings (${ruleCounts(f) || 'none'}) over ${migrations} migrations` },
          { label: 'rollback plan', weight: 1, value: migrations > 1 ? Math.min(1, downs / migrations) : 1, detail: `${downs} down migrations for ${migrations} up migrations` },
        ]),
      );
  }
  // Security
  {
    const f = byDim.get('Security') ?? [];
    const tenant = tables.filter((t) => t.columns.has('tenant_id') || t.columns.has('organization_id'));
    const rls = tenant.filter((t) => t.rowLevelSecurity).length;
    if (tables.length === 0 && f.length === 0) dims.set('Security', { score: null, reasons: ['no tables or security-relevant statements'] });
    else {
      const parts: Part[] = [{ label: 'security findings', weight: 1, value: findingQuality(weighted(f), tables.length), detail: `${f.length} findings (${ruleCounts(f) || 'none'})` }];
      if (tenant.length) parts.push({ label: 'row level security', weight: 1, value: rls / tenant.length, detail: `${tenant.length - rls} of ${tenant.length} tenant tables without row level security` });
      dims.set('Security', partsScore(parts));
    }
  }
  const notes: string[] = [];
  dims.set('Monitoring', { score: null, reasons: ['not assessed from SQL: monitoring lives outside migration files'] });
  dims.set('Backup/Recovery', { score: null, reasons: ['not assessed from SQL: backups live outside migration files'] });
  if (model.extensions.has('pg_stat_statements')) notes.push('pg_stat_statements is installed (a monitoring signal; not scored).');

  const dimensions: DimensionScore[] = DIMENSIONS.map((d) => {
    const s = dims.get(d.name)!;
    return { name: d.name, weight: d.weight, score: s.score, findings: (byDim.get(d.name) ?? []).length, reasons: s.reasons };
  });
  const assessed = dimensions.filter((d) => d.score !== null);
  const assessedWeight = assessed.reduce((s, d) => s + d.weight, 0);
  const score = assessedWeight ? Math.round((assessed.reduce((s, d) => s + d.weight * d.score!, 0) / assessedWeight) * 10) : 0;
  const skipped = dimensions.filter((d) => d.score === null).map((d) => d.name);
  if (skipped.length) notes.unshift(`Not assessed from SQL: ${skipped.join(', ')}; the other weights (${assessedWeight} %) are scaled to 100 %.`);

  // Cost of each finding: its dimension's points lost, shared among its findings by severity weight.
  const topFindings: ScoredFinding[] = [];
  for (const d of assessed) {
    const f = byDim.get(d.name) ?? [];
    const w = weighted(f);
    if (!w) continue;
    const lost = ((10 - d.score!) * d.weight) / assessedWeight * 10;
    for (const x of f)
      topFindings.push({
        file: x.file,
        ruleId: x.ruleId,
        message: x.message,
        severity: x.severity,
        line: x.start.line + 1,
        column: x.start.character + 1,
        range: x.range,
        cost: Math.round((lost * SEVERITY_WEIGHT[x.severity] / w) * 100) / 100,
      });
  }
  topFindings.sort((a, b) => b.cost - a.cost);

  const perTable: TableScore[] = tables.map((t) => {
    const byDimension: Partial<Record<DimensionName, number>> = {};
    let n = 0;
    for (const file of result.files)
      for (const f of file.findings) {
        const mentions = f.data && Object.values(f.data).some((v) => v === t.name || v === `${t.schema}.${t.name}`);
        if (!mentions) continue;
        const d = CATEGORY_DIMENSION[rulesById.get(f.ruleId)?.meta.category ?? 'syntax'];
        byDimension[d] = (byDimension[d] ?? 0) + 1;
        n++;
      }
    const file = result.files.find((f) => f.path === t.origin.file);
    return {
      table: t.schema === 'public' ? t.name : `${t.schema}.${t.name}`,
      file: t.origin.file,
      line: file ? file.parsed.lines.positionAt(t.origin.range.start).line + 1 : 1,
      findings: n,
      byDimension,
      hasPrimaryKey: t.constraints.some((c) => c.kind === 'primaryKey'),
    };
  });
  perTable.sort((a, b) => b.findings - a.findings || a.table.localeCompare(b.table));

  return {
    version: SCORE_FORMAT_VERSION,
    score,
    band: band(score),
    dimensions,
    tables: tables.length,
    migrations: result.files.filter((f) => !f.isDown).length,
    assessedWeight,
    notes,
    topFindings: topFindings.slice(0, 50),
    perTable,
  };
}
