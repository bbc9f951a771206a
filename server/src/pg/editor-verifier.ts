// Verify-on-save for the editor: tries an edited migration against PostgreSQL (PGlite) as it stands
// after the migrations before it. A worker thread (editor-worker.ts) holds PGlite at that state and
// tries each save in BEGIN … ROLLBACK, in milliseconds. When an earlier migration changes (or the
// file tried is one its tool runs outside a transaction, which spends the state), a new worker
// starts from the newest data-directory snapshot whose history is still a prefix of the current one
// and applies only the files after it. Snapshots (gzip, a few MB each) are kept here, in the
// caller's thread, so that a worker can always be terminated: its PGlite memory goes with it.
import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ApplyResult, HistoryStep, StepFailure, TryResult } from './apply-history.js';
import { workerScript } from './apply-in-worker.js';
import { startWorker } from '../node/worker-thread.js';
import type { BuildRequest, WorkerMessage, WorkerRequest } from './editor-worker.js';

export interface EditorCheck {
  /** Statements run before the history (the tool's bookkeeping table). */
  setup: string[];
  /** The up migrations before the edited one, in history order. */
  before: HistoryStep[];
  /** The edited migration. */
  step: HistoryStep;
  /** Extensions the project's migrations create (contrib bundles to load). */
  extensions: string[];
}

export type EditorVerdict =
  | { kind: 'checked'; serverVersion: string; failure?: Omit<StepFailure, 'step'>; ms: number; rebuilt: boolean }
  /** The edited file was not checked, and why (an earlier migration fails, an extension PGlite lacks, a time-out). */
  | { kind: 'not-checked'; serverVersion?: string; reason: 'earlier-failure' | 'missing-extension' | 'error'; failure?: StepFailure; path?: string; extension?: string; message: string };

export interface EditorVerifierOptions {
  /** Each worker operation (a rebuild, a try) is abandoned after this many milliseconds. */
  timeoutMs: number;
  /** Snapshots kept besides the empty cluster's (least recently used go first). */
  maxSnapshots?: number;
  workerScript?: string;
}

interface Live {
  worker: Worker;
  /** The history key of the state it holds. */
  key: string;
  extensions: Set<string>;
  serverVersion: string;
}

const stepDigests = new WeakMap<HistoryStep, string>();

function stepDigest(s: HistoryStep): string {
  let d = stepDigests.get(s);
  if (!d) stepDigests.set(s, (d = createHash('sha1').update(s.path).update('\0').update(s.run).update('\0').update(s.sql).digest('hex')));
  return d;
}

/** Keys of each prefix of the history: key[i] stands for the setup and the first i steps. */
export function prefixKeys(setup: readonly string[], steps: readonly HistoryStep[]): string[] {
  let key = createHash('sha1').update(JSON.stringify(setup)).digest('hex');
  const out = [key];
  for (const s of steps) {
    key = createHash('sha1').update(key).update(stepDigest(s)).digest('hex');
    out.push(key);
  }
  return out;
}

export class EditorVerifier {
  private live: Live | undefined;
  private base: ArrayBuffer | undefined;
  private readonly snapshots = new Map<string, ArrayBuffer>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Set by dispose(): no new worker is started. */
  private disposed = false;

  constructor(private readonly options: EditorVerifierOptions) {}

  /** Checks one edited migration; calls run one at a time, in order. */
  check(req: EditorCheck): Promise<EditorVerdict> {
    const run = this.queue.then(() => this.run(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the worker and forgets the snapshots (the setting was turned off, the server stops). */
  dispose(): void {
    this.disposed = true;
    this.stopLive();
    this.snapshots.clear();
    this.base = undefined;
  }

  /** Bytes held by snapshots (for the log and the bench). */
  get snapshotBytes(): number {
    let n = this.base?.byteLength ?? 0;
    for (const s of this.snapshots.values()) n += s.byteLength;
    return n;
  }

  private stopLive(): void {
    void this.live?.worker.terminate();
    this.live = undefined;
  }

  private async run(req: EditorCheck): Promise<EditorVerdict> {
    if (this.disposed) return { kind: 'not-checked', reason: 'error', message: 'verify is off' };
    const keys = prefixKeys(req.setup, req.before);
    const want = keys[keys.length - 1]!;
    let rebuilt = false;
    if (!this.live || this.live.key !== want || !req.extensions.every((e) => this.live!.extensions.has(e))) {
      rebuilt = true;
      const built = await this.rebuild(req, keys);
      if (built) return built;
    }
    const live = this.live!;
    let reply: Extract<WorkerMessage, { kind: 'tried' }>;
    try {
      reply = await this.ask(live, req.step);
    } catch (e) {
      this.stopLive();
      return { kind: 'not-checked', reason: 'error', message: (e as Error).message };
    }
    // Run for real (outside a transaction): the state is spent; the next check restarts from the snapshot.
    if (reply.inPlace) this.stopLive();
    return this.verdictOf(reply.result, live.serverVersion, reply.ms, rebuilt);
  }

  private verdictOf(result: TryResult, serverVersion: string, ms: number, rebuilt: boolean): EditorVerdict {
    if (result.stopped) return { kind: 'not-checked', serverVersion, reason: 'missing-extension', extension: result.stopped.extension, path: result.stopped.path, message: `PGlite lacks extension "${result.stopped.extension}"` };
    const out: EditorVerdict = { kind: 'checked', serverVersion, ms, rebuilt };
    if (result.failure) out.failure = result.failure;
    return out;
  }

  /** Starts a worker at the state after `req.before`; a verdict when that state cannot be had. */
  private async rebuild(req: EditorCheck, keys: string[]): Promise<EditorVerdict | undefined> {
    this.stopLive();
    // The newest snapshot whose history is a prefix of this one.
    let from = -1;
    for (let i = keys.length - 1; i >= 0; i--)
      if (this.snapshots.has(keys[i]!)) {
        from = i;
        break;
      }
    const snapshot = from >= 0 ? this.snapshots.get(keys[from]!) : undefined;
    const dataDir = snapshot ?? this.base;
    const request: BuildRequest = {
      extensions: req.extensions,
      // A snapshot holds the setup already; the empty cluster's does not.
      setup: snapshot ? [] : req.setup,
      steps: req.before.slice(Math.max(from, 0)),
      baseSnapshot: !dataDir,
      // A copy: the worker owns what it is given, and the snapshot stays here.
      ...(dataDir ? { dataDir: dataDir.slice(0) } : {}),
    };
    if (snapshot) this.touch(keys[from]!);
    const worker = startWorker(this.options.workerScript ?? workerScript('editor-worker'), request);
    let built: Extract<WorkerMessage, { kind: 'built' }>;
    try {
      built = await this.await<'built'>(worker, (m) => m.kind === 'built');
    } catch (e) {
      void worker.terminate();
      return { kind: 'not-checked', reason: 'error', message: (e as Error).message };
    }
    if (built.base) this.base = built.base;
    const r: ApplyResult = built.result;
    if (r.failure) {
      void worker.terminate();
      return { kind: 'not-checked', serverVersion: built.serverVersion, reason: 'earlier-failure', failure: r.failure, path: r.failure.path, message: `an earlier migration fails: ${r.failure.error.message}` };
    }
    if (r.stopped) {
      void worker.terminate();
      return { kind: 'not-checked', serverVersion: built.serverVersion, reason: 'missing-extension', extension: r.stopped.extension, path: r.stopped.path, message: `PGlite lacks extension "${r.stopped.extension}"` };
    }
    const key = keys[keys.length - 1]!;
    if (built.snapshot) {
      this.snapshots.set(key, built.snapshot);
      this.touch(key);
    }
    this.live = { worker, key, extensions: new Set(req.extensions), serverVersion: built.serverVersion };
    return undefined;
  }

  /** Marks a snapshot as recently used and drops the least recently used beyond the limit. */
  private touch(key: string): void {
    const s = this.snapshots.get(key);
    if (!s) return;
    this.snapshots.delete(key);
    this.snapshots.set(key, s);
    const max = this.options.maxSnapshots ?? 3;
    while (this.snapshots.size > max) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  private ask(live: Live, step: HistoryStep): Promise<Extract<WorkerMessage, { kind: 'tried' }>> {
    const id = this.nextId++;
    const p = this.await<'tried'>(live.worker, (m) => m.kind === 'tried' && m.id === id);
    live.worker.postMessage({ kind: 'try', id, step } satisfies WorkerRequest);
    return p;
  }

  /** The worker's next message that `match`es, an error, or a time-out (the caller terminates it). */
  private await<K extends WorkerMessage['kind']>(worker: Worker, match: (m: WorkerMessage) => boolean): Promise<Extract<WorkerMessage, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (m: WorkerMessage): void => {
        if (m.kind === 'error') {
          done();
          reject(new Error(`PGlite failed: ${m.error}`));
        } else if (match(m)) {
          done();
          resolve(m as Extract<WorkerMessage, { kind: K }>);
        }
      };
      const onError = (e: Error): void => {
        done();
        reject(e);
      };
      const onExit = (code: number): void => {
        done();
        reject(new Error(`the PGlite worker exited with code ${code}`));
      };
      const timer = setTimeout(() => {
        done();
        void worker.terminate();
        reject(new Error(`PostgreSQL (PGlite) did not answer within ${Math.round(this.options.timeoutMs / 1000)} s`));
      }, this.options.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }
}
