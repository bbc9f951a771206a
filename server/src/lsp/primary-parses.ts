// Indexing parses a workspace's unopened migrations with PostgreSQL's parser alone (about six times
// faster than with pgsql-ast-parser too), so that the first diagnostics of an open migration come
// after seconds, not half a minute, on a history of thousands of files. Their facts equal the primary
// AST's (test/parse/parity.test.ts); this parses them again with the primary AST in the background,
// a few milliseconds at a time between requests, and keeps each file's parse when its facts come out
// the same (they do, unless an adapter has a bug): nothing linted from it changes. It waits while the
// user types.
import { withPrimaryAst, type ParsedFile } from '../engine/index.js';
import { describeError, type Logger } from './log.js';

/** Work done per turn of the event loop: a request waits at most about this long. */
const SLICE_MS = 5;
/** While the user types (an edit less than this ago), the work waits: its garbage would slow the keystrokes. */
const QUIET_MS = 400;

export interface ParsedFiles {
  get(path: string): { text: string; parsed: ParsedFile } | undefined;
  /** A file's parse changed although its text did not. */
  replaced(path: string, entry: { text: string; parsed: ParsedFile }): void;
  /** When a document last changed (performance.now()). */
  lastEdit(): number;
}

export class PrimaryParses {
  /** Paths whose cached parse lacks the primary AST. */
  private readonly pending = new Set<string>();
  private running = false;

  constructor(
    private readonly files: ParsedFiles,
    private readonly log: Logger,
  ) {}

  /** The file's cached parse was made without the primary AST. */
  add(path: string): void {
    this.pending.add(path);
  }

  /** The file was parsed again (or left the workspace): nothing to redo. */
  forget(path: string): void {
    this.pending.delete(path);
  }

  has(path: string): boolean {
    return this.pending.has(path);
  }

  /** Parses one file with the primary AST now (an editor opened it). */
  now(path: string): void {
    if (!this.pending.delete(path)) return;
    const entry = this.files.get(path);
    if (!entry) return;
    try {
      const parsed = withPrimaryAst(entry.parsed);
      if (parsed !== entry.parsed) {
        this.log.info(`${path}: the primary AST gave other facts than PostgreSQL's; using them`);
        this.files.replaced(path, { text: entry.text, parsed });
      }
    } catch (e) {
      this.log.once(`primary:${path}`, 'error', `Parsing ${path} again failed; its first parse is kept: ${describeError(e)}`);
    }
  }

  /** Works through the pending files in the background, a slice per turn of the event loop. */
  async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.size) {
        const quietFor = performance.now() - this.files.lastEdit();
        if (quietFor < QUIET_MS) {
          await new Promise<void>((resolve) => setTimeout(resolve, QUIET_MS - quietFor));
          continue;
        }
        const until = performance.now() + SLICE_MS;
        for (const path of this.pending) {
          this.now(path);
          if (performance.now() > until) break;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }
}
