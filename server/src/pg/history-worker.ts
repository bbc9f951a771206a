// Worker-thread entry of apply-in-worker.ts: applies each job's history to its own fresh PGlite
// and posts the results back. PGlite runs PostgreSQL synchronously inside WASM, blocking its thread
// for seconds, can hang on input PostgreSQL waits for, and frees its memory only when the thread
// ends; here it blocks and holds only this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { applyHistory, extensionsNamedIn } from './apply-history.js';
import type { ApplyJob, ApplyJobResult, WorkerReply } from './apply-in-worker.js';
import { readCatalog } from './catalog.js';
import { openPglite } from './pglite.js';

async function run(jobs: ApplyJob[]): Promise<ApplyJobResult[]> {
  const out: ApplyJobResult[] = [];
  let template: Blob | undefined;
  for (const job of jobs) {
    const t0 = performance.now();
    const pg = await openPglite({ extensions: extensionsNamedIn(job.steps), ...(template ? { dataDir: template } : {}) });
    // Later jobs start from a copy of this fresh cluster: loading it is faster than initdb.
    if (!template && jobs.length > 1) template = await pg.dumpDataDir();
    const startMs = performance.now() - t0;
    try {
      for (const sql of job.options?.setup ?? []) await pg.session.exec(sql);
      const setupCatalog = job.readCatalog ? await readCatalog(pg.session) : undefined;
      const t1 = performance.now();
      const result = await applyHistory(pg.session, job.steps, { ...job.options, setup: [] });
      const applyMs = performance.now() - t1;
      const r: ApplyJobResult = { result, serverVersion: pg.serverVersion, extensions: pg.extensions, startMs, applyMs };
      if (job.readCatalog) {
        r.catalog = await readCatalog(pg.session);
        r.setupCatalog = setupCatalog!;
      }
      out.push(r);
    } finally {
      await pg.close();
    }
  }
  return out;
}

run(workerData as ApplyJob[]).then(
  (results) => parentPort!.postMessage({ results } satisfies WorkerReply),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
);
