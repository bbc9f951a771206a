import type { ReportInput } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 problems (1 error, 2 warnings, 0 info) in 12 files; 2 fixable with --fix." and what was suppressed. */
export function summaryLine(input: ReportInput): string {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const f of input.files) {
    for (const d of f.findings) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
      if (d.fix) fixable++;
    }
  }
  const total = errors + warnings + infos;
  const files = plural(input.files.length, 'file');
  const summary =
    total === 0
      ? `No problems in ${files}.`
      : `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info) in ${files}` + (fixable ? `; ${fixable} fixable with --fix.` : '.');
  return input.suppressed ? `${summary} ${plural(input.suppressed, 'finding')} suppressed (.sql-schema-lint-suppressions.json).` : summary;
}
