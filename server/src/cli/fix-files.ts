// --fix: computes the fixes of the whole project, refuses the files the user may not or should not
// write, and writes the others (keeping each file's identity, see write.ts).
import { fixProject, type ResolvedConfig, type SourceFile, type ToolFile } from '../engine/index.js';
import type { ReportInput } from './reporters/types.js';
import { unwritableReason, writeFixedFile } from './write.js';

export interface FixOutcome {
  fixed: NonNullable<ReportInput['fixed']>;
  /** Files with fixes that were refused or could not be written, and why. */
  notFixed: { displayPath: string; reason: string }[];
}

/** Applies the safe fixes to the `fixable` files of `sources`, on disk and in memory (their text becomes the fixed text). */
export async function fixFiles(
  sources: SourceFile[],
  config: ResolvedConfig,
  fixable: ReadonlySet<string>,
  toolFiles: readonly ToolFile[],
  display: (p: string) => string,
): Promise<FixOutcome> {
  const targets = new Set(fixable);
  let changes = fixProject(sources, config, targets, toolFiles);
  const notFixed: FixOutcome['notFixed'] = [];
  for (const file of changes.keys()) {
    const reason = await unwritableReason(file);
    if (!reason) continue;
    notFixed.push({ displayPath: display(file), reason });
    targets.delete(file);
  }
  // Fixes in one file can be chosen knowing the others are fixed too: compute them again without the refused files.
  if (notFixed.length) changes = fixProject(sources, config, targets, toolFiles);
  const fixed: FixOutcome['fixed'] = [];
  for (const s of sources) {
    const c = changes.get(s.path);
    if (!c) continue;
    try {
      await writeFixedFile(s.path, c.text);
      s.text = c.text;
      fixed.push({ displayPath: display(s.path), fixes: c.fixes });
    } catch (e) {
      notFixed.push({ displayPath: display(s.path), reason: `cannot write: ${(e as Error).message}` });
    }
  }
  return { fixed, notFixed };
}
