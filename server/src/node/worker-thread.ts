// Starting worker threads the same way from a bundle and from source.
import { Worker } from 'node:worker_threads';

/** Starts a worker thread on `script` with `data` as its workerData. */
export function startWorker(script: string, data: unknown): Worker {
  // From source (tests run TypeScript through tsx), the worker must register tsx itself: Node 20
  // does not pass the --import hooks on to a worker's entry.
  return script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, workerData: data })
    : new Worker(script, { workerData: data });
}
