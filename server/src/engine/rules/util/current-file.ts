// What rules and the lock model compute about the file being linted, kept while that file is linted.
// A lint works through its files one at a time (its rules, then its own result), so only the last
// file's answer is kept per lint run (its history array). Keeping every file's answer until the run
// ended held a hundred MB on an 8,000-file history, which the garbage collector kept copying and marking.
import type { HistoryFile } from '../types.js';

export interface CurrentFileCache<V> {
  (ctx: { history: readonly HistoryFile[]; file: { parsed: object } }, make: () => V): V;
  /** Lets this run's answer go (it is made again if asked for). */
  forget(history: readonly HistoryFile[]): void;
}

/** Every cache made by currentFileCache, for forgetCurrentFile. */
const caches: CurrentFileCache<unknown>[] = [];

export function currentFileCache<V>(): CurrentFileCache<V> {
  // Per lint run: an editor's next lint must not reuse answers computed against the previous history.
  const runs = new WeakMap<readonly HistoryFile[], { parsed: object; value: V }>();
  const cache = ((ctx, make) => {
    const last = runs.get(ctx.history);
    if (last?.parsed === ctx.file.parsed) return last.value;
    const value = make();
    runs.set(ctx.history, { parsed: ctx.file.parsed, value });
    return value;
  }) as CurrentFileCache<V>;
  cache.forget = (history) => runs.delete(history);
  caches.push(cache as CurrentFileCache<unknown>);
  return cache;
}

/**
 * Lets every answer about the file a lint run has just linted go: nothing reads them once its rules
 * are done, and a run's last file's answers were otherwise kept while its report was written.
 */
export function forgetCurrentFile(history: readonly HistoryFile[]): void {
  for (const c of caches) c.forget(history);
}
