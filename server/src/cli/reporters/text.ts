import { summaryLine } from './summary.js';
import { verifyNotes, type PendingSummary, type ReportInput } from './types.js';

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', underline: '\x1b[4m', reset: '\x1b[0m' };

/** `file:line:col  severity  message  rule-id`, grouped per file, then a summary line. */
export function formatText(input: ReportInput, color: boolean): string {
  const paint = (c: keyof typeof C, s: string): string => (color ? C[c] + s + C.reset : s);
  const out: string[] = [];
  let errors = 0;
  let total = 0;
  for (const f of input.files) {
    if (!f.findings.length) continue;
    out.push(paint('underline', f.displayPath));
    for (const d of f.findings) {
      total++;
      if (d.severity === 'error') errors++;
      const sev = d.severity === 'error' ? paint('red', 'error  ') : d.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info   ');
      out.push(`${f.displayPath}:${d.start.line + 1}:${d.start.character + 1}  ${sev}  ${d.message}  ${paint('dim', d.ruleId)}`);
    }
    out.push('');
  }
  for (const s of input.skipped) out.push(`${s.displayPath}: skipped: ${s.reason}`);
  if (input.verify) out.push(...verifyNotes(input.verify));
  for (const f of input.fixed ?? []) out.push(`${f.displayPath}: fixed ${f.fixes} problem${f.fixes === 1 ? '' : 's'}`);
  for (const line of pendingNotes(input.pending)) out.push(paint('dim', line));
  out.push(paint('bold', (errors ? paint('red', '✖ ') : total ? paint('yellow', '⚠ ') : '✔ ') + summaryLine(input)));
  return out.join('\n') + '\n';
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What was reported and what was left alone, in words (the text report; stderr for the other formats). */
export function pendingNotes(p: PendingSummary | undefined): string[] {
  if (!p) return [];
  const against =
    p.by === 'since'
      ? `changed since ${p.ref}${p.base ? ` (merge base ${p.base.slice(0, 10)})` : ''}`
      : p.by === 'changed' || p.by === 'uncommitted'
        ? 'not committed yet'
        : p.by === 'staged'
          ? 'staged'
          : `after appliedThrough ${p.appliedThrough}`;
  const notes = [`Reported ${plural(p.files.length, 'pending file')}, ${against}; ${plural(p.applied, 'applied file')} replayed for context, not reported.`];
  if (p.leftAlone?.fixable)
    notes.push(
      `--fix edited only uncommitted files: ${plural(p.leftAlone.fixable, 'fixable problem')} in ${plural(p.leftAlone.files, 'committed file')} left alone. To fix them too, pass --include-applied (or --since <ref> for the files changed since <ref>).`,
    );
  return notes;
}
