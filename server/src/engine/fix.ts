// Applies edits to text. Overlapping edits are skipped (the next pass of the fix loop picks them up),
// as ESLint does.
import type { ResolvedConfig } from './config.js';
import { lintProject, type Finding, type SourceFile } from './lint.js';
import type { TextEdit } from './rules/types.js';
import type { ToolFile } from './migration-tools/types.js';

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.range.start < pos) continue;
    out += text.slice(pos, e.range.start) + e.newText;
    pos = e.range.end;
  }
  return out + text.slice(pos);
}

/** Picks the fixes of `findings` that do not overlap each other; edits for other files are left out. */
export function nonOverlappingFixEdits(findings: Finding[], file: string): TextEdit[] {
  const chosen: TextEdit[] = [];
  const taken: [number, number][] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    // A fix that must be applied alone waits for a pass of its own (or takes this one if it is first).
    if (f.fix.alone && chosen.length) continue;
    const edits = f.fix.edits.filter((e) => !e.file || e.file === file);
    if (edits.length !== f.fix.edits.length) continue;
    const overlaps = edits.some((e) => taken.some(([s, t]) => e.range.start < t && s < e.range.end || (e.range.start === e.range.end && e.range.start === s)));
    if (overlaps) continue;
    for (const e of edits) taken.push([e.range.start, e.range.end]);
    chosen.push(...edits);
    if (f.fix.alone) break;
  }
  return chosen;
}

export const MAX_FIX_PASSES = 10;

/** Runs the fix loop (up to 10 passes) over the files in `targets`; returns the new texts of files that changed. */
export function fixProject(files: SourceFile[], config: ResolvedConfig, targets: ReadonlySet<string>, toolFiles?: readonly ToolFile[]): Map<string, { text: string; fixes: number }> {
  const current = new Map(files.map((f) => [f.path, f.text]));
  const counts = new Map<string, number>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const result = lintProject(
      files.map((f) => ({ ...f, text: current.get(f.path)! })),
      config,
      { only: targets, toolFiles },
    );
    let changed = false;
    for (const fr of result.files) {
      if (!fr.linted) continue;
      const fixable = fr.findings.filter((f) => f.fix);
      const edits = nonOverlappingFixEdits(fixable, fr.path);
      if (!edits.length) continue;
      const before = current.get(fr.path)!;
      const after = applyEdits(before, edits);
      if (after !== before) {
        current.set(fr.path, after);
        counts.set(fr.path, (counts.get(fr.path) ?? 0) + fixable.filter((f) => f.fix!.edits.every((e) => edits.includes(e))).length);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const out = new Map<string, { text: string; fixes: number }>();
  for (const f of files) {
    const text = current.get(f.path)!;
    if (text !== f.text) out.set(f.path, { text, fixes: counts.get(f.path) ?? 0 });
  }
  return out;
}
