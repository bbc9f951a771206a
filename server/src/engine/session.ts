// What an editor keeps between lints of one project, so that a keystroke costs work proportional to
// the edited file and what depends on it, not to the length of the history: the history's order, its
// files (reused while unchanged, with the facts gathered from them: see history-spans.ts), the final
// model, and the model as it stood before some files (checkpoints). Linting the edited file starts
// from a ready model; when the edited file is the newest, the final model is that model plus the file.
// An edit in the middle of the history replays the later files into the final model once per edit.
import { HistorySpan, historyFile, setSpans } from './history-spans.js';
import { replayFiles } from './model/replay.js';
import { SchemaModel } from './model/schema.js';
import type { HistoryFile } from './rules/types.js';

/** Checkpoints kept besides the empty model before the first file (each edited file keeps one). */
const MAX_CHECKPOINTS = 6;
/** Overlays a checkpoint may stack on a model of its own (lookups walk the stack): deeper ones are copied flat. */
const MAX_DEPTH = 2;

function depth(model: SchemaModel): number {
  let d = 0;
  for (let m = model.parent; m; m = m.parent) d++;
  return d;
}

export class LintSession {
  private order: { relPaths: string[]; key: readonly unknown[]; permutation: number[] } | undefined;
  private history: HistoryFile[] = [];
  /** The sources the history's files were made from, and what else made them (see historyFiles). */
  private sources: readonly unknown[] = [];
  private sourcesKey: unknown;
  private spans: HistorySpan[] = [];
  private final: SchemaModel | undefined;
  /** Frozen models by the position of the file they stand before; recently used ones last. */
  private readonly checkpoints = new Map<number, SchemaModel>([[0, new SchemaModel()]]);

  /**
   * The files in history order (`order` sorts them), remembered while the paths and everything else
   * the order depends on (`key`: the settings, compared by identity) stay the same.
   */
  orderFiles<T extends { relPath: string }>(files: T[], key: readonly unknown[], order: (files: T[]) => T[]): T[] {
    const o = this.order;
    if (o && o.key.length === key.length && o.key.every((k, i) => k === key[i]) && o.relPaths.length === files.length && files.every((f, i) => f.relPath === o.relPaths[i])) {
      return o.permutation.map((i) => files[i]!);
    }
    const positions = new Map(files.map((f, i) => [f, i]));
    const ordered = order(files);
    this.order = { relPaths: files.map((f) => f.relPath), key, permutation: ordered.map((f) => positions.get(f)!) };
    return ordered;
  }

  /**
   * The history's files for the lint of these sources (in history order): where the same source
   * object stands at the same position as in the last lint, made with the same `key` (what else
   * makes a file: the migration-tool setup), the last lint's file (an editor keeps the objects of
   * the files it did not touch), else a new one from `make`.
   */
  historyFiles<S>(ordered: readonly S[], make: (source: S, index: number) => HistoryFile, key: unknown): HistoryFile[] {
    const last = key === this.sourcesKey ? this.sources : [];
    const files = ordered.map((source, i) => (last[i] === source && this.history[i] ? this.history[i]! : make(source, i)));
    this.sources = ordered;
    this.sourcesKey = key;
    return files;
  }

  /**
   * Takes the history of a new lint: files equal to the last lint's (same path, parse and position)
   * are replaced by the last lint's objects, so that what was gathered and replayed from them is
   * reused; returns the history to lint and its final model.
   */
  update(fresh: HistoryFile[]): { history: HistoryFile[]; final: SchemaModel } {
    const prev = this.history;
    const history = fresh.map((f, i) => {
      const p = prev[i];
      return p && p.path === f.path && p.relPath === f.relPath && p.parsed === f.parsed && p.isDown === f.isDown && p.run === f.run && p.baseText === f.baseText ? p : f;
    });
    const changed: number[] = [];
    history.forEach((f, i) => {
      if (f !== prev[i]) changed.push(i);
    });
    if (!changed.length && history.length === prev.length && this.final) {
      setSpans(history, this.spans);
      return { history, final: this.final };
    }
    // The first position whose model differs: files before it are unchanged.
    const first = changed[0] ?? Math.min(history.length, prev.length);
    for (const i of [...this.checkpoints.keys()]) if (i > first) this.checkpoints.delete(i);
    const at = this.splitAt(history, prev.length === history.length && changed.length === 1 ? first : undefined);
    this.spans = this.split(history, at);
    this.history = history;
    setSpans(history, this.spans);
    // The final model, built on the model before the file most likely linted next (kept as a
    // checkpoint): on the first lint that replays the history once, not twice.
    const base = Math.max(first, at);
    const final = base === 0 ? new SchemaModel() : this.modelBefore(base).overlay();
    replayFiles(final, history.slice(base));
    this.final = final;
    return { history, final };
  }

  /** Where the history splits into spans: before the changed file, else before the newest up migration. */
  private splitAt(history: HistoryFile[], changed: number | undefined): number {
    if (changed !== undefined) return changed;
    let at = Math.max(0, history.length - 1);
    while (at > 0 && history[at]!.isDown) at--;
    return at;
  }

  /**
   * Spans for the new history: the files before position `at`, the file there and the files after
   * it, reusing the last lint's spans that cover the same files. `at` is the changed file, or, without
   * a single change (a new project, files added or removed), the newest up migration, the file most
   * likely edited next.
   */
  private split(history: HistoryFile[], at: number): HistorySpan[] {
    const reuse = (from: number, to: number): HistorySpan =>
      this.spans.find((s) => s.files.length === to - from && s.files.every((f, i) => f === history[from + i])) ?? new HistorySpan(history.slice(from, to));
    return [reuse(0, at), reuse(at, at + 1), reuse(at + 1, history.length)].filter((s) => s.files.length > 0);
  }

  /** The model as it stood before the history's file at `position` (frozen: overlay it to change it). */
  modelBefore(position: number): SchemaModel {
    let from = 0;
    for (const i of this.checkpoints.keys()) if (i <= position && i > from) from = i;
    const start = this.checkpoints.get(from)!;
    this.touch(from);
    if (from === position) return start;
    // From the empty model, a model of its own: an overlay of nothing only makes lookups slower.
    let model = from === 0 ? new SchemaModel() : start.overlay();
    replayFiles(model, this.history.slice(from, position));
    if (depth(model) > MAX_DEPTH) model = model.clone();
    this.keep(position, model);
    return model;
  }

  /**
   * The model right after the file at `path` (hover and navigation look there for what a later file
   * dropped or renamed), from a checkpoint; undefined when `history` is not the last lint's.
   */
  modelAfter(history: readonly HistoryFile[], path: string): SchemaModel | undefined {
    if (history.length !== this.history.length || history.some((f, i) => f !== this.history[i])) return undefined;
    const file = historyFile(history, path);
    return file ? this.modelBefore(file.index + 1) : undefined;
  }

  private keep(position: number, model: SchemaModel): void {
    this.checkpoints.set(position, model);
    while (this.checkpoints.size > MAX_CHECKPOINTS + 1) {
      const oldest = [...this.checkpoints.keys()].find((i) => i !== 0)!;
      this.checkpoints.delete(oldest);
    }
  }

  private touch(position: number): void {
    const model = this.checkpoints.get(position);
    if (model && position !== 0) {
      this.checkpoints.delete(position);
      this.checkpoints.set(position, model);
    }
  }
}

/**
 * The model before each linted file, asked in history order. With a session and a file or two to
 * lint (an editor's keystroke), from the session's checkpoints; otherwise by replaying the history
 * once as the lint goes (each model is valid until the next call).
 */
export class ModelsBefore {
  private readonly running = new SchemaModel();
  private next = 0;

  constructor(
    private readonly history: readonly HistoryFile[],
    private readonly session: LintSession | undefined,
  ) {}

  /** Few enough files to lint that the session's checkpoints beat one replay of the whole history. */
  static fromCheckpoints(session: LintSession | undefined, only: ReadonlySet<string> | undefined): session is LintSession {
    return !!session && !!only && only.size <= 2;
  }

  before(file: HistoryFile): SchemaModel {
    return this.upTo(file.index);
  }

  /** The model right after the file (its down sections are linted with it). */
  after(file: HistoryFile): SchemaModel {
    return this.upTo(file.index + 1);
  }

  private upTo(position: number): SchemaModel {
    if (this.session) return this.session.modelBefore(position);
    replayFiles(this.running, this.history.slice(this.next, position));
    this.next = Math.max(this.next, position);
    return this.running;
  }
}
