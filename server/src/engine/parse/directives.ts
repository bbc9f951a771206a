// Suppression directives in SQL comments, ESLint-style:
//   -- sql-schema-lint-disable-next-line [rule-a, rule-b]
//   … -- sql-schema-lint-disable-line [rules]
//   -- sql-schema-lint-disable [rules]   …   -- sql-schema-lint-enable [rules]
// and the same inside /* … */. No list means every rule. Text after " -- " is a free description.
import type { Comment } from './document.js';
import type { LineIndex, Range } from './positions.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Empty: all rules. */
  rules: { id: string; range: Range }[];
  range: Range;
  /** The 0-based line the directive applies to (next-line / line kinds). */
  line: number;
}

export const DIRECTIVE_PREFIX = 'sql-schema-lint-';
const PATTERN = /^(\s*)sql-schema-lint-(disable-next-line|disable-line|disable|enable)(?=\s|$)/;

export function parseDirectives(comments: Comment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const isLine = c.text.startsWith('--');
    const bodyStart = 2;
    const body = isLine ? c.text.slice(2) : c.text.slice(2, c.text.endsWith('*/') ? -2 : undefined);
    const m = PATTERN.exec(body);
    if (!m) continue;
    const kind = m[2] as DirectiveKind;
    let list = body.slice(m[0].length);
    const descr = list.search(/\s--\s|\s--$/);
    if (descr >= 0) list = list.slice(0, descr);
    const rules: Directive['rules'] = [];
    const listOffset = c.range.start + bodyStart + m[0].length;
    const re = /[^,\s]+/g;
    let r: RegExpExecArray | null;
    while ((r = re.exec(list))) rules.push({ id: r[0], range: { start: listOffset + r.index, end: listOffset + r.index + r[0].length } });
    const startLine = lines.positionAt(c.range.start).line;
    const endLine = lines.positionAt(c.range.end).line;
    out.push({ kind, rules, range: c.range, line: kind === 'disable-next-line' ? endLine + 1 : startLine });
  }
  return out;
}

/** Whether a finding of `ruleId` starting at `offset` (on `line`) is suppressed. */
export function isSuppressed(directives: Directive[], ruleId: string, offset: number, line: number): Directive | undefined {
  const matches = (d: Directive): boolean => d.rules.length === 0 || d.rules.some((r) => r.id === ruleId);
  let block: Directive | undefined;
  for (const d of directives) {
    if (d.range.start > offset && d.kind !== 'disable-line') break;
    if ((d.kind === 'disable-next-line' || d.kind === 'disable-line') && d.line === line && matches(d)) return d;
    if (d.kind === 'disable' && d.range.end <= offset && matches(d)) block = d;
    if (d.kind === 'enable' && d.range.end <= offset && block && (d.rules.length === 0 || d.rules.some((r) => r.id === ruleId))) block = undefined;
  }
  return block;
}
