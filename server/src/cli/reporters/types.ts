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
