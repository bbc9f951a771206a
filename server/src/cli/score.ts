// `sql-schema-lint score`: the seed's 0–100 rubric for the migration history. JSON is a versioned contract.
import * as path from 'node:path';
import { lintProject, scoreProject, type ResolvedConfig, type ScoreReport, type SourceFile } from '../engine/index.js';
import type { Format } from './args.js';
import type { Io } from './main.js';
import { toPosix } from '../node/project.js';

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

export function scoreMarkdown(r: ScoreReport, display: (file: string) => string): string {
  const lines = [`# Schema score: ${r.score}/100 (${r.band})`, '', `${r.tables} tables, ${r.migrations} migrations.`, ''];
  for (const n of r.notes) lines.push(`> ${n}`, '');
  lines.push('| Dimension | Weight | Score | Findings |', '|---|---:|---:|---:|');
  for (const d of r.dimensions) lines.push(`| ${d.name} | ${d.weight} % | ${d.score === null ? 'not assessed' : `${d.score}/10`} | ${d.findings} |`);
  lines.push('');
  for (const d of r.dimensions) {
    if (!d.reasons.length) continue;
    lines.push(`## ${d.name}`, '', ...d.reasons.map((x) => `- ${x}`), '');
  }
  if (r.topFindings.length) {
    lines.push('## Findings that cost the most', '', '| Cost | Rule | Where | Message |', '|---:|---|---|---|');
    for (const f of r.topFindings.slice(0, 20)) lines.push(`| ${f.cost.toFixed(2)} | \`${f.ruleId}\` | ${display(f.file)}:${f.line} | ${f.message.replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function scoreText(r: ScoreReport, display: (file: string) => string): string {
  const lines = [`Schema score: ${r.score}/100 (${r.band}) — ${r.tables} tables, ${r.migrations} migrations`];
  for (const n of r.notes) lines.push(`  ${n}`);
  for (const d of r.dimensions) {
    const bar = d.score === null ? ''.padEnd(10, '·') : '█'.repeat(Math.round(d.score)).padEnd(10, '░');
    lines.push(`${d.name.padEnd(17)} ${String(d.weight).padStart(3)} %  ${bar}  ${d.score === null ? 'not assessed' : `${d.score}/10`}`);
    for (const x of d.reasons) lines.push(`    - ${x}`);
  }
  if (r.topFindings.length) {
    lines.push('Findings that cost the most:');
    for (const f of r.topFindings.slice(0, 10)) lines.push(`  -${f.cost.toFixed(2)}  ${display(f.file)}:${f.line}:${f.column}  ${f.ruleId}`);
  }
  return lines.join('\n') + '\n';
}

export function runScore(sources: SourceFile[], config: ResolvedConfig, format: Format, io: Io): number {
  const report = scoreProject(lintProject(sources, config));
  const display = (p: string): string => toPosix(path.relative(io.cwd, p)) || p;
  if (format === 'json') io.stdout(JSON.stringify(scoreJson(report), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(scoreMarkdown(report, display));
  else io.stdout(scoreText(report, display));
  return 0;
}
