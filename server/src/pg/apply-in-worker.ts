// Applies histories to PGlite in a worker thread, with a time limit: the caller's thread stays free
// (the language server keeps answering, a test can replay the model meanwhile), a hang becomes an
// error instead of a frozen process, and PGlite's 0.5–0.8 GB are returned when the worker ends.
import { extname, join } from 'node:path';
import { startWorker } from '../node/worker-thread.js';
import type { ApplyOptions, ApplyResult, HistoryStep } from './apply-history.js';
import type { Catalog } from './catalog.js';

/** One history to apply to a fresh database. */
export interface ApplyJob {
  steps: HistoryStep[];
  options?: ApplyOptions;
  /** Also read the catalog after the setup statements and after the history. */
  readCatalog?: boolean;
}

export interface ApplyJobResult {
  result: ApplyResult;
  /** After the history (with `readCatalog`). */
  catalog?: Catalog;
  /** After `options.setup`, before the history (with `readCatalog`): what the history did not create. */
  setupCatalog?: Catalog;
  serverVersion: string;
  /** Contrib bundles loaded. */
  extensions: string[];
  /** Milliseconds to start the instance, and to apply the history. */
  startMs: number;
  applyMs: number;
}

/** What the worker posts back. */
export type WorkerReply = { results: ApplyJobResult[] } | { error: string };

export interface WorkerOptions {
  /** The whole run is abandoned (the worker terminated) after this many milliseconds. */
  timeoutMs: number;
  /**
   * The worker's script. By default `history-worker` beside this module with this module's own
   * extension (`.ts` when run from source; a bundle must ship `history-worker.js` beside itself).
   */
  workerScript?: string;
}

/** A worker script of this folder: `.ts` beside this module from source, `.js` beside the bundle that holds it. */
export function workerScript(name: string): string {
  return join(__dirname, `${name}${extname(__filename)}`);
}

/**
 * Applies each job's history to its own fresh PGlite, one after the other in one worker thread,
 * and resolves with a result per job. Rejects when the time limit passes (the worker is terminated)
 * or the worker fails for a reason other than PostgreSQL rejecting a migration.
 */
export function applyInWorker(jobs: ApplyJob[], options: WorkerOptions): Promise<ApplyJobResult[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(options.workerScript ?? workerScript('history-worker'), jobs);
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`PGlite did not finish within ${options.timeoutMs} ms`))), options.timeoutMs);
    worker.on('message', (m: WorkerReply) => finish(() => ('error' in m ? reject(new Error(m.error)) : resolve(m.results))));
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the PGlite worker exited with code ${code}`))));
  });
}
