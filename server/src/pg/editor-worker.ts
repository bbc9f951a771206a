// Worker-thread entry of editor-verifier.ts: one PGlite at the state after the files before the
// edited one. It starts from a data-directory snapshot (or initdb), applies the files it is given,
// snapshots the result for later restarts, then tries the edited file as often as asked: inside a
// transaction that is rolled back, or, for a file whose outcome a transaction would change (its
// tool runs it outside one and it holds CONCURRENTLY, ALTER TYPE … ADD VALUE, …, or its own BEGIN
// and COMMIT), for real, after which the caller starts a new worker from the snapshot. PGlite
// blocks this thread, never the server's.
import { parentPort, workerData } from 'node:worker_threads';
import { applyHistory, canTryStep, tryStep, type ApplyResult, type HistoryStep, type TryResult } from './apply-history.js';
import { openPglite, type PgliteInstance } from './pglite.js';

/** workerData: how to build the state. */
export interface BuildRequest {
  /** A gzip data-directory snapshot to start from; without it, initdb. */
  dataDir?: ArrayBuffer;
  /** Contrib bundles to load (the whole project's CREATE EXTENSIONs). */
  extensions: string[];
  /** Run before `steps` (the bookkeeping table; empty when the snapshot holds it). */
  setup: string[];
  steps: HistoryStep[];
  /** Snapshot the empty cluster before `setup` (to skip initdb next time; only without `dataDir`). */
  baseSnapshot: boolean;
}

export type WorkerRequest = { kind: 'try'; id: number; step: HistoryStep };

export type WorkerMessage =
  | { kind: 'built'; result: ApplyResult; serverVersion: string; snapshot?: ArrayBuffer; base?: ArrayBuffer; ms: number }
  | { kind: 'tried'; id: number; result: TryResult; inPlace: boolean; ms: number }
  | { kind: 'error'; id?: number; error: string };

async function snapshot(pg: PgliteInstance): Promise<ArrayBuffer> {
  return (await pg.dumpDataDir('gzip')).arrayBuffer();
}

async function build(req: BuildRequest): Promise<PgliteInstance> {
  const t0 = performance.now();
  const pg = await openPglite({ extensions: req.extensions, ...(req.dataDir ? { dataDir: new Blob([req.dataDir]) } : {}) });
  const base = !req.dataDir && req.baseSnapshot ? await snapshot(pg) : undefined;
  for (const sql of req.setup) await pg.session.exec(sql);
  const result = await applyHistory(pg.session, req.steps, { missingExtension: 'stop' });
  const ok = !result.failure && !result.stopped;
  const snap = ok && req.steps.length ? await snapshot(pg) : undefined;
  const transfer = [snap, base].filter((b): b is ArrayBuffer => !!b);
  const message: WorkerMessage = { kind: 'built', result, serverVersion: pg.serverVersion, ms: performance.now() - t0, ...(snap ? { snapshot: snap } : {}), ...(base ? { base } : {}) };
  parentPort!.postMessage(message, transfer);
  return pg;
}

async function tryIt(pg: PgliteInstance, step: HistoryStep): Promise<{ result: TryResult; inPlace: boolean }> {
  if (canTryStep(step)) return { result: await tryStep(pg.session, step, { missingExtension: 'stop' }), inPlace: false };
  // Its tool runs it outside a transaction: run it as the tool does; this state is spent.
  const r = await applyHistory(pg.session, [step], { missingExtension: 'stop' });
  const result: TryResult = { skipped: r.skipped, createdRoles: r.createdRoles };
  if (r.failure) result.failure = r.failure;
  if (r.stopped) result.stopped = r.stopped;
  return { result, inPlace: true };
}

const ready = build(workerData as BuildRequest);
ready.catch((e: unknown) => parentPort!.postMessage({ kind: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage));

parentPort!.on('message', (m: WorkerRequest) => {
  void (async () => {
    try {
      const pg = await ready;
      const t0 = performance.now();
      const { result, inPlace } = await tryIt(pg, m.step);
      parentPort!.postMessage({ kind: 'tried', id: m.id, result, inPlace, ms: performance.now() - t0 } satisfies WorkerMessage);
    } catch (e) {
      parentPort!.postMessage({ kind: 'error', id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
    }
  })();
});
