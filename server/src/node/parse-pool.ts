// Parses files on more than one core. Parsing is most of a long history's lint (on a generated
// 8,000-file history, 10 of 15 s: pgsql-ast-parser alone 6.5 s) and each file parses on its own, so
// a worker thread parses files while this thread parses others; the worker's parses come back as data
// (parsed-data.ts). What uses them (replay, rules) stays on this thread.
//
// A worker pays off only with a core to spare and enough to parse: it takes about 0.1 s to start and
// warms up its own JIT, and the two threads then spend about a fifth more CPU on the same files than
// this thread alone (the copies, and two threads sharing the machine). On a machine busy with other
// work the history took a quarter longer that way. So ParseScheduler parses here first and starts a
// worker only when, from what it has seen, more than a second of parsing is left and the machine had
// at least half a core idle meanwhile. Then each file goes to the worker while it has few waiting and
// is parsed here otherwise: the threads share the work whatever their speeds.
//
// The CLI uses it. The language server does not: it indexes with PostgreSQL's parser alone (0.2 to
// 0.3 ms a file), and on two cores the copies and a second isolate's garbage collection took all
// the gain (an 8,000-file workspace was indexed no sooner).
import { availableParallelism, cpus } from 'node:os';
import { extname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { loadPostgresParser, parseDocument, type ParsedFile, type SourceFile } from '../engine/index.js';
import { parsedFileFromData, type ParsedFileData } from '../engine/parse/parsed-data.js';
import { startWorker } from './worker-thread.js';

/** A file to parse, sent to a worker. */
export interface ParseRequest {
  id: number;
  text: string;
  primaryAst: boolean;
}

/** What a worker posts: parsed files (no data: parsing failed, the caller parses it again). */
export interface ParseReply {
  parsed: { id: number; data?: ParsedFileData }[];
}

/** Files waiting at a worker: enough to keep it busy while this thread parses a file of its own. */
const DEPTH = 4;

interface Waiting {
  text: string;
  resolve: (parsed: ParsedFile) => void;
  reject: (e: Error) => void;
}

/** A worker thread that parses files (a pool of one: the caller's thread is the other core). */
export class ParsePool {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failed: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: ParseReply) => {
      for (const p of m.parsed) {
        const w = this.waiting.get(p.id);
        if (!w) continue;
        this.waiting.delete(p.id);
        if (p.data) w.resolve(parsedFileFromData(w.text, p.data));
        else w.reject(new Error('the parse worker failed on this file'));
      }
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the parse worker exited with code ${code}`)));
  }

  /** A pool; undefined when its worker cannot be started. */
  static start(): ParsePool | undefined {
    try {
      return new ParsePool(startWorker(join(__dirname, `parse-worker${extname(__filename)}`), undefined));
    } catch {
      return undefined;
    }
  }

  /** Whether the worker should be given another file now. */
  get hasRoom(): boolean {
    return !this.failed && this.waiting.size < DEPTH;
  }

  /** `parseDocument(text, { primaryAst })` on the worker; rejects when the worker fails (then parse here). */
  parse(text: string, primaryAst = true): Promise<ParsedFile> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { text, resolve, reject });
      this.worker.postMessage({ id, text, primaryAst } satisfies ParseRequest);
    });
  }

  /** Ends the worker; what it had not returned is rejected. */
  close(): void {
    this.fail(new Error('the parse pool was closed'));
    void this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(this.failed);
    this.waiting.clear();
  }
}

/** When a worker starts (tests lower the bars). */
export interface ParseSchedule {
  /** At least this much parsing is left, at the pace this thread parses (ms)… */
  minLeftMs: number;
  /** … and at least this many cores were idle on average since the last look. */
  minIdleCores: number;
  /** Looks at the machine every this many ms of parsing. */
  checkMs: number;
}

export const DEFAULT_PARSE_SCHEDULE: ParseSchedule = { minLeftMs: 1000, minIdleCores: 0.5, checkMs: 500 };

/** Parses a run of files here, and on a worker once one pays off (see the top of this file). */
export class ParseScheduler {
  private pool: ParsePool | undefined;
  private gaveUp = availableParallelism() < 2;
  private filesHere = 0;
  private msHere = 0;
  private lastCheck = performance.now();
  private lastTimes = cpuTimes();
  constructor(private readonly schedule: ParseSchedule = DEFAULT_PARSE_SCHEDULE) {}

  /** Whether files may be parsed on a worker: the caller must then let its event loop turn between files. */
  get pooled(): boolean {
    return this.pool !== undefined;
  }

  /** The worker's parse of `text` when one runs and has room; undefined: parse it here, and say so (parsedHere). */
  offer(text: string, primaryAst: boolean): Promise<ParsedFile> | undefined {
    return this.pool?.hasRoom ? this.pool.parse(text, primaryAst) : undefined;
  }

  /** This thread parsed a file in `ms`; `left` files are still to come. */
  parsedHere(ms: number, left: number): void {
    this.msHere += ms;
    this.filesHere++;
    if (this.pool || this.gaveUp) return;
    const now = performance.now();
    if (now - this.lastCheck >= this.schedule.checkMs) this.consider(left, now);
  }

  /** Ends the worker, if one was started. */
  close(): void {
    this.pool?.close();
    this.pool = undefined;
    this.gaveUp = true;
  }

  private consider(left: number, now: number): void {
    const times = cpuTimes();
    const idleCores = times.total > this.lastTimes.total ? (availableParallelism() * (times.idle - this.lastTimes.idle)) / (times.total - this.lastTimes.total) : 0;
    this.lastTimes = times;
    this.lastCheck = now;
    if ((this.msHere / this.filesHere) * left < this.schedule.minLeftMs || idleCores < this.schedule.minIdleCores) return;
    this.pool = ParsePool.start();
    if (!this.pool) this.gaveUp = true;
  }
}

/** The machine's CPU time so far (ms, all cores), and how much of it was idle. */
function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}

/** `parseDocument` of each text, in order, with a worker thread's help when it pays off (ParseScheduler). */
export async function parseFiles(texts: readonly string[], options: { primaryAst?: boolean; schedule?: ParseSchedule } = {}): Promise<ParsedFile[]> {
  const primaryAst = options.primaryAst ?? true;
  await loadPostgresParser();
  const scheduler = new ParseScheduler(options.schedule);
  const out: (ParsedFile | Promise<ParsedFile>)[] = [];
  try {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const offered = scheduler.offer(text, primaryAst);
      if (offered) out.push(offered.catch(() => parseDocument(text, { primaryAst })));
      else {
        const t0 = performance.now();
        out.push(parseDocument(text, { primaryAst }));
        scheduler.parsedHere(performance.now() - t0, texts.length - i - 1);
      }
      // The worker's parses arrive between files.
      if (scheduler.pooled) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return await Promise.all(out);
  } finally {
    scheduler.close();
  }
}

/** The files parsed (parseFiles), as lintProject's `parsedCache`. */
export async function parseSourceFiles(sources: readonly SourceFile[]): Promise<Map<string, { text: string; parsed: ParsedFile }>> {
  const parsed = await parseFiles(sources.map((s) => s.text));
  return new Map(sources.map((s, i) => [s.path, { text: s.text, parsed: parsed[i]! }]));
}
