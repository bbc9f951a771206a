// The score report as Markdown: `sql-schema-lint score --format markdown` and the editor report's
// "Export as Markdown" share this one function. It imports types only, so the VS Code client can
// bundle it without the engine.
import type { ScoreReport } from './score.js';

/**
 * Escapes text for Markdown: inline markup characters get a backslash, `<`/`>`/`&` become entities
 * (a table named `<img src=x onerror=…>` must not become HTML in a renderer that allows it), and
 * line breaks become spaces so a table cell stays one cell.
 */
export function markdownText(s: string): string {
  return s
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}

/** An inline code span holding `s` literally (a fence longer than any backtick run in it; `|` escaped for GFM tables). */
export function markdownCode(s: string): string {
  const text = s.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A name or path: a code span when that is safe everywhere, else escaped text (some renderers pass HTML inside code spans through). */
export function markdownName(s: string): string {
  return /[<>&]/.test(s) ? markdownText(s) : markdownCode(s);
}

function points(n: number): string {
  return n.toFixed(2);
}

/** `display` turns an absolute file path into what the reader should see (usually project-relative). */
export function scoreMarkdown(r: ScoreReport, display: (file: string) => string, options: { maxFindings?: number; maxTables?: number } = {}): string {
  const maxFindings = options.maxFindings ?? 20;
  const maxTables = options.maxTables ?? 30;
  const lines = [`# Schema score: ${r.score}/100 (${r.band})`, '', `${r.tables} tables, ${r.migrations} migrations.`, ''];
  for (const n of r.notes) lines.push(`> ${markdownText(n)}`, '');
  lines.push('| Dimension | Weight | Score | Findings |', '|---|---:|---:|---:|');
  for (const d of r.dimensions) lines.push(`| ${d.name} | ${d.weight} % | ${d.score === null ? 'not assessed' : `${d.score}/10`} | ${d.findings} |`);
  lines.push('');
  for (const d of r.dimensions) {
    lines.push(`## ${d.name}: ${d.score === null ? 'not assessed' : `${d.score}/10`}`, '', ...d.reasons.map((x) => `- ${markdownText(x)}`), '');
  }
  if (r.byRule.length) {
    lines.push('## Where the points went (of 100)', '', '| Points | Rule or signal | Dimension | Count |', '|---:|---|---|---:|');
    for (const g of r.byRule.slice(0, maxFindings)) lines.push(`| ${points(g.cost)} | ${markdownCode(g.ruleId)} | ${g.dimension} | ${g.count} |`);
    lines.push('');
  }
  if (r.topFindings.length) {
    lines.push('## What cost the most points (of 100)', '', '| Points | Rule or signal | Where | Message |', '|---:|---|---|---|');
    for (const f of r.topFindings.slice(0, maxFindings))
      lines.push(`| ${points(f.cost)} | ${markdownCode(f.ruleId)} | ${markdownName(`${display(f.file)}:${f.line}`)} | ${markdownText(f.message)} |`);
    lines.push('');
  }
  const tables = r.perTable.filter((t) => t.cost > 0 || t.findings > 0);
  if (tables.length) {
    lines.push('## Tables', '', '| Table | Points lost | Findings | Issues | Defined in |', '|---|---:|---:|---|---|');
    for (const t of tables.slice(0, maxTables))
      lines.push(`| ${markdownName(t.table)} | ${points(t.cost)} | ${t.findings} | ${markdownText(t.issues.join(', ') || '–')} | ${markdownName(`${display(t.file)}:${t.line}`)} |`);
    if (tables.length > maxTables) lines.push('', `…and ${tables.length - maxTables} more tables.`);
    lines.push('');
  }
  return lines.join('\n');
}
