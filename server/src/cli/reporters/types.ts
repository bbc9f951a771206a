import type { Finding } from '../../engine/lint.js';

export interface ReportFile {
  /** Relative to the working directory, forward slashes. */
  displayPath: string;
  findings: Finding[];
  /** The text linted (GitLab fingerprints are derived from the statements' text). */
  text?: string;
}

export interface ReportInput {
  files: ReportFile[];
  /** Files that could not be read, with the reason. */
  skipped: { displayPath: string; reason: string }[];
  fixed?: { displayPath: string; fixes: number }[];
  /** Findings hidden by the bulk suppressions file. */
  suppressed?: number;
  /** The migration tool most files belong to ('plain' when none was recognised). */
  migrationTool?: string;
  /** Set when only pending files are reported (--since, --changed, --staged, appliedThrough, --fix's default). */
  pending?: PendingSummary;
  /** `verify` only: how far PostgreSQL got through the history. */
  verify?: VerifySummary;
}

/** Which files were pending and against what; `--format json` prints it as `pending` (an added field). */
export interface PendingSummary {
  /** What decided: a git flag, the config's appliedThrough, or --fix's default (uncommitted files). */
  by: 'since' | 'changed' | 'staged' | 'appliedThrough' | 'uncommitted';
  /** The git ref compared with (HEAD for --changed, --staged and --fix's default). */
  ref?: string;
  /** The commit compared with (the merge base for --since); null before the first commit. */
  base?: string | null;
  appliedThrough?: string;
  /** The pending files, as displayed. */
  files: string[];
  /** How many files were applied: replayed for context, not reported. */
  applied: number;
  /** --fix's default: fixable findings in committed files that were left alone. */
  leftAlone?: { fixable: number; files: number };
}

/** What `verify` checked and what it could not (server/src/cli/verify.ts). */
export interface VerifySummary {
  /** The PostgreSQL that applied the history: "PostgreSQL 18.1 (PGlite)". */
  checkedBy: string;
  /** Migrations PostgreSQL applied without error, of all the history's up migrations. */
  applied: number;
  migrations: number;
  /** Migrations not applied, with the reason: after the first failure, or from where the run stopped. */
  notChecked: { displayPath: string; reason: string }[];
  /** The migration PostgreSQL rejected (its finding is among the files' findings). */
  failed?: string;
  /** The run ended early for a reason that is not the history's fault (an extension the server lacks). */
  stopped?: { displayPath: string; reason: string };
}

/** The lines a report adds about what verify checked and what not. */
export function verifyNotes(v: VerifySummary): string[] {
  const out: string[] = [];
  const plural = (n: number): string => `${n} migration${n === 1 ? '' : 's'}`;
  if (v.stopped) out.push(`${v.stopped.displayPath}: not checked from here on (${plural(v.notChecked.length)}): ${v.stopped.reason}.`);
  else if (v.failed) {
    const n = v.notChecked.length;
    out.push(`${v.failed}: PostgreSQL rejected this migration; ${n === 0 ? 'it is the last one' : n === 1 ? 'the migration after it was not checked' : `the ${n} migrations after it were not checked`}.`);
  }
  out.push(`Verified on ${v.checkedBy}: ${v.applied} of ${plural(v.migrations)} applied.`);
  return out;
}
