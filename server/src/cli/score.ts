// `sql-schema-lint score`: the seed's 0–100 rubric for the migration history. JSON is a versioned contract.
import * as path from 'node:path';
import { lintProject, scoreProject, type ResolvedConfig, type ScoreReport, type SourceFile, type ToolFile } from '../engine/index.js';
import { scoreMarkdown } from '../engine/score-markdown.js';
import type { Format } from './args.js';
import type { Io } from './main.js';
import { toPosix } from '../node/project.js';

export { scoreMarkdown };

/** The JSON contract, version 1: exactly these keys (docs/score.md). */
export function scoreJson(r: ScoreReport): object {
  return {
    version: r.version,
    score: r.score,
    band: r.band,
    dimensions: r.dimensions.map((d) => ({ name: d.name, weight: d.weight, score: d.score, findings: d.findings, reasons: d.reasons })),
    tables: r.tables,
    migrations: r.migrations,
  };
}

export function scoreText(r: ScoreReport, display: (file: string) => string): string {
  const lines = [`Schema score: ${r.score}/100 (${r.band}) — ${r.tables} tables, ${r.migrations} migrations`];
  for (const n of r.notes) lines.push(`  ${n}`);
  for (const d of r.dimensions) {
    const bar = d.score === null ? ''.padEnd(10, '·') : '█'.repeat(Math.round(d.score)).padEnd(10, '░');
    lines.push(`${d.name.padEnd(17)} ${String(d.weight).padStart(3)} %  ${bar}  ${d.score === null ? 'not assessed' : `${d.score}/10`}`);
    for (const x of d.reasons) lines.push(`    - ${x}`);
  }
  if (r.byRule.length) {
    lines.push('Where the points went (of 100):');
    for (const g of r.byRule.slice(0, 10)) lines.push(`  -${g.cost.toFixed(2).padStart(5)}  ${g.ruleId} ×${g.count} (${g.dimension})`);
  }
  if (r.topFindings.length) {
    lines.push('What cost the most points (of 100):');
    for (const f of r.topFindings.slice(0, 10)) lines.push(`  -${f.cost.toFixed(2)}  ${display(f.file)}:${f.line}:${f.column}  ${f.ruleId}`);
  }
  const tables = r.perTable.filter((t) => t.cost >= 0.01).slice(0, 10);
  if (tables.length) {
    lines.push('Tables that cost the most:');
    for (const t of tables) lines.push(`  -${t.cost.toFixed(2)}  ${t.table}${t.issues.length ? ` (${t.issues.join(', ')})` : ''}  ${display(t.file)}:${t.line}`);
  }
  return lines.join('\n') + '\n';
}

export function runScore(sources: SourceFile[], config: ResolvedConfig, format: Format, io: Io, toolFiles: readonly ToolFile[] = []): number {
  const report = scoreProject(lintProject(sources, config, { toolFiles }), config);
  const display = (p: string): string => toPosix(path.relative(io.cwd, p)) || p;
  if (format === 'json') io.stdout(JSON.stringify(scoreJson(report), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(scoreMarkdown(report, display));
  else io.stdout(scoreText(report, display));
  return 0;
}
