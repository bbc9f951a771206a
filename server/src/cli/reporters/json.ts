// The JSON output is a public contract (version 1): fields are only ever added, never renamed or removed.
import type { ReportInput } from './types.js';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(input: ReportInput): string {
  const diagnostics = input.files.flatMap((f) =>
    f.findings.map((d) => ({
      file: f.displayPath,
      rule: d.ruleId,
      severity: d.severity,
      message: d.message,
      line: d.start.line + 1,
      column: d.start.character + 1,
      endLine: d.end.line + 1,
      endColumn: d.end.character + 1,
      fixable: !!d.fix,
    })),
  );
  // Added to version 1 (fields are only ever added): `suppressed`, findings hidden by
  // .sql-schema-lint-suppressions.json; `migrationTool`, the tool most files belong to; `pending` only when a
  // boundary was in force (--since, --changed, --staged, appliedThrough, --fix's default); `skipped`, inputs
  // that were not linted (not a regular file, unreadable, binary, over 10 MB, a broken link or a link loop);
  // `verify` (only from `sql-schema-lint verify`): which PostgreSQL checked, how many migrations it
  // applied, and each migration it did not check with the reason.
  const verify = input.verify && {
    checkedBy: input.verify.checkedBy,
    applied: input.verify.applied,
    migrations: input.verify.migrations,
    ...(input.verify.failed ? { failed: input.verify.failed } : {}),
    notChecked: input.verify.notChecked.map((n) => ({ file: n.displayPath, reason: n.reason })),
    ...(input.verify.stopped ? { stopped: { file: input.verify.stopped.displayPath, reason: input.verify.stopped.reason } } : {}),
  };
  return (
    JSON.stringify(
      {
        version: JSON_FORMAT_VERSION,
        files: input.files.length,
        diagnostics,
        suppressed: input.suppressed ?? 0,
        skipped: input.skipped.map((s) => ({ file: s.displayPath, reason: s.reason })),
        ...(input.migrationTool ? { migrationTool: input.migrationTool } : {}),
        ...(input.pending ? { pending: input.pending } : {}),
        ...(verify ? { verify } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}
