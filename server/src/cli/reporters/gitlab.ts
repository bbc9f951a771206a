// GitLab Code Quality report (docs.gitlab.com/ci/testing/code_quality: a JSON array of Code Climate
// issues), shown in merge request widgets and diffs. GitLab matches findings across pipelines by
// fingerprint, so a fingerprint must survive lines being inserted above the finding: it hashes the
// file, the rule, the text of the statement holding the finding (comments and whitespace dropped)
// and the finding's rank among that rule's findings in identical statements of the file, never a
// line number.
import { createHash } from 'node:crypto';
import { normalisedStatements, statementAt, type Finding, type Severity } from '../../engine/index.js';
import { ciPath } from './ci-paths.js';
import type { ReportInput } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** Fingerprints of one file's findings, in the findings' order. */
export function gitlabFingerprints(path: string, text: string | undefined, findings: Finding[]): string[] {
  const statements = text === undefined ? [] : normalisedStatements(text);
  const seen = new Map<string, number>();
  const order = findings.map((f, i) => i).sort((a, b) => findings[a]!.range.start - findings[b]!.range.start || a - b);
  const out: string[] = new Array(findings.length);
  for (const i of order) {
    const f = findings[i]!;
    const statement = statementAt(statements, f.range.start)?.normalised ?? '';
    const key = `${path}\0${f.ruleId}\0${statement}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out[i] = createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
  }
  return out;
}

/** `checkout`: CI_PROJECT_DIR (paths are made relative to it). */
export function formatGitlab(input: ReportInput, checkout: string | undefined): string {
  const issues: CodeQualityIssue[] = [];
  for (const f of input.files) {
    if (!f.findings.length) continue;
    const path = ciPath(f.findings[0]!.file, f.displayPath, checkout);
    const fingerprints = gitlabFingerprints(path, f.text, f.findings);
    for (const [i, d] of f.findings.entries()) {
      issues.push({
        description: d.message,
        check_name: d.ruleId,
        fingerprint: fingerprints[i]!,
        severity: SEVERITY[d.severity],
        location: { path, lines: { begin: d.start.line + 1 } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
