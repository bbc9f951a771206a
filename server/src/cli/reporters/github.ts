// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…::message` line per
// finding, which GitHub shows as annotations on the pull request's diff. Escaping follows the
// runner's own (actions/toolkit packages/core/src/command.ts): data escapes %, CR and LF;
// properties escape those and also ':' and ','.
import type { Severity } from '../../engine/index.js';
import { ciPath } from './ci-paths.js';
import { summaryLine } from './summary.js';
import { verifyNotes, type ReportInput } from './types.js';

export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** `checkout`: GITHUB_WORKSPACE (paths are made relative to it). */
export function formatGithub(input: ReportInput, checkout: string | undefined): string {
  const out: string[] = [];
  for (const f of input.files) {
    for (const d of f.findings) {
      const props: [string, string | number][] = [['file', ciPath(d.file, f.displayPath, checkout)], ['line', d.start.line + 1]];
      // GitHub accepts columns only on a single-line annotation.
      if (d.start.line === d.end.line) props.push(['col', d.start.character + 1]);
      props.push(['endLine', d.end.line + 1]);
      if (d.start.line === d.end.line) props.push(['endColumn', d.end.character + 1]);
      props.push(['title', d.ruleId]);
      out.push(`::${COMMAND[d.severity]} ${props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(',')}::${escapeGithubData(d.message)}`);
    }
  }
  for (const s of input.skipped) out.push(`::error file=${escapeGithubProperty(s.displayPath)},title=sql-schema-lint::${escapeGithubData(`skipped: ${s.reason}`)}`);
  for (const note of input.verify ? verifyNotes(input.verify) : []) out.push(`::notice title=sql-schema-lint verify::${escapeGithubData(note)}`);
  out.push(summaryLine(input));
  return out.join('\n') + '\n';
}
