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
}
