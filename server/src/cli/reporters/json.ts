// The JSON output is a public contract (version 1): fields are only ever added, never renamed or removed.
import type { ReportInput } from './types.js';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(input: ReportInput): string {
  return [...jsonChunks(input)].join('');
}

/** Diagnostics per chunk of output: a 10 MB dump has 30,000, and its report as one string took 40 MB (two bytes a character). */
const CHUNK_DIAGNOSTICS = 1000;

/**
 * The JSON report in pieces, so that a large one is written without ever being one string (the
 * pieces joined equal JSON.stringify of the whole report, indented by 2).
 */
export function* jsonChunks(input: ReportInput): Generator<string> {
  const diagnostics = input.files.flatMap((f) => f.findings.map((d) => ({ file: f.displayPath, finding: d })));
  const diagnostic = ({ file, finding: d }: (typeof diagnostics)[number]): object => ({
    file,
    rule: d.ruleId,
    severity: d.severity,
    message: d.message,
    line: d.start.line + 1,
    column: d.start.character + 1,
    endLine: d.end.line + 1,
    endColumn: d.end.character + 1,
    fixable: !!d.fix,
  });
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
  // The report with a placeholder where the diagnostics go: the first string of the report, since only numbers come before it.
  const placeholder = JSON.stringify('diagnostics go here');
  const whole = JSON.stringify(
    {
      version: JSON_FORMAT_VERSION,
      files: input.files.length,
      diagnostics: 'diagnostics go here',
      suppressed: input.suppressed ?? 0,
      skipped: input.skipped.map((s) => ({ file: s.displayPath, reason: s.reason })),
      ...(input.migrationTool ? { migrationTool: input.migrationTool } : {}),
      ...(input.pending ? { pending: input.pending } : {}),
      ...(verify ? { verify } : {}),
    },
    null,
    2,
  );
  const at = whole.indexOf(placeholder);
  const head = whole.slice(0, at);
  const tail = whole.slice(at + placeholder.length);
  if (!diagnostics.length) {
    yield head + '[]' + tail + '\n';
    return;
  }
  // Each element as JSON.stringify indents an object two levels down: every line 4 more spaces.
  const element = (d: (typeof diagnostics)[number]): string => '    ' + JSON.stringify(diagnostic(d), null, 2).replace(/\n/g, '\n    ');
  for (let i = 0; i < diagnostics.length; i += CHUNK_DIAGNOSTICS) {
    const part = diagnostics.slice(i, i + CHUNK_DIAGNOSTICS).map(element).join(',\n');
    yield (i === 0 ? head + '[\n' : ',\n') + part;
  }
  yield '\n  ]' + tail + '\n';
}
