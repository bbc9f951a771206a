// Prints a report in the chosen format and decides the exit code, the same for every command that
// reports findings (lint, verify): 2 when a file could not be read, 1 for errors or too many
// warnings, else 0.
import type { CliArgs } from '../args.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { jsonChunks } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText, pendingNotes } from './text.js';
import type { ReportInput } from './types.js';

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /**
   * Resolves once what was written to stdout has been taken by the reader. Writes to a pipe are
   * queued while its reader is behind: a 9.6 MB dump's JSON report (20 MB) was held whole, as text and
   * as bytes, on top of the run's peak memory.
   */
  drained?: () => Promise<void>;
}

export async function emitReport(report: ReportInput, args: Pick<CliArgs, 'format' | 'color' | 'maxWarnings'>, io: Output, version: string): Promise<number> {
  if (args.format === 'json')
    for (const chunk of jsonChunks(report)) {
      io.stdout(chunk);
      await io.drained?.();
    }
  else if (args.format === 'sarif') io.stdout(formatSarif(report, version, process.env.SQL_SCHEMA_LINT_DOCS_URL || undefined));
  else if (args.format === 'github') io.stdout(formatGithub(report, process.env.GITHUB_WORKSPACE));
  else if (args.format === 'gitlab') io.stdout(formatGitlab(report, process.env.CI_PROJECT_DIR));
  else io.stdout(formatText(report, args.color ?? io.isTTY));
  for (const s of report.skipped) if (args.format !== 'text') io.stderr(`sql-schema-lint: ${s.displayPath}: skipped: ${s.reason}\n`);
  if (args.format !== 'text' && report.pending?.leftAlone?.fixable) io.stderr(`sql-schema-lint: ${pendingNotes(report.pending).at(-1)}\n`);
  const all = report.files.flatMap((f) => f.findings);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (report.skipped.length) return 2;
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    if (args.format === 'text') io.stdout(`sql-schema-lint found too many warnings (maximum: ${args.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}
