// The history in spans: runs of consecutive files whose history-wide facts (the names each file
// introduces, the words it mentions, its DO blocks, …) are gathered once per span and shared by every
// lint that keeps those files unchanged. The CLI lints one span, the whole history. The editor keeps
// the files before and after the one being typed in as spans of their own, so a keystroke gathers
// the facts of one file only, however long the history (see session.ts).
import type { HistoryFile } from './rules/types.js';

export class HistorySpan {
  private readonly gathered = new Map<(files: readonly HistoryFile[]) => unknown, unknown>();
  private byPath: Map<string, HistoryFile> | undefined;

  /** `files` are consecutive files of the history, in order (their `index` is their position in it). */
  constructor(readonly files: readonly HistoryFile[]) {}

  /** What `gather` finds in this span's files, computed on first use. */
  gather<T>(gather: (files: readonly HistoryFile[]) => T): T {
    if (this.gathered.has(gather)) return this.gathered.get(gather) as T;
    const value = gather(this.files);
    this.gathered.set(gather, value);
    return value;
  }

  file(path: string): HistoryFile | undefined {
    this.byPath ??= new Map(this.files.map((f) => [f.path, f]));
    return this.byPath.get(path);
  }
}

const spansByHistory = new WeakMap<readonly HistoryFile[], readonly HistorySpan[]>();

/** Declares how a history is split into spans (lintProject does, for the editor's re-lints). */
export function setSpans(history: readonly HistoryFile[], spans: readonly HistorySpan[]): void {
  spansByHistory.set(history, spans);
}

/** The history's spans, in order; a history nobody split is one span. */
export function spansOf(history: readonly HistoryFile[]): readonly HistorySpan[] {
  let spans = spansByHistory.get(history);
  if (!spans) spansByHistory.set(history, (spans = [new HistorySpan(history)]));
  return spans;
}

/** What `gather` finds in each span of the history, in history order: the caller combines them. */
export function gatherHistory<T>(history: readonly HistoryFile[], gather: (files: readonly HistoryFile[]) => T): T[] {
  return spansOf(history).map((s) => s.gather(gather));
}

/** The history's file at `path`, found without a scan of the history. */
export function historyFile(history: readonly HistoryFile[], path: string): HistoryFile | undefined {
  for (const s of spansOf(history)) {
    const f = s.file(path);
    if (f) return f;
  }
  return undefined;
}

/** The newest up migration (not a down file): where new work belongs. */
export function newestUpMigration(history: readonly HistoryFile[]): HistoryFile | undefined {
  const spans = spansOf(history);
  for (let i = spans.length - 1; i >= 0; i--) {
    const newest = spans[i]!.gather(newestUpIn);
    if (newest) return newest;
  }
  return undefined;
}

function newestUpIn(files: readonly HistoryFile[]): HistoryFile | undefined {
  for (let i = files.length - 1; i >= 0; i--) if (!files[i]!.isDown) return files[i];
  return undefined;
}
