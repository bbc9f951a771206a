// What a tool does with one parsed file: its FileRun (sections, transactions, opt-out), the forward
// and down parts the engine lints and replays, which statements run inside a transaction block, and
// whether a statement may gain CONCURRENTLY.
import type { ParsedFile, Statement } from '../parse/document.js';
import type { HistoryFile } from '../rules/types.js';
import { versionOf } from '../model/order.js';
import { findMarkers, markerFamilies } from './markers.js';
import { migrationDirOf, versionKey } from './paths.js';
import { roleOf, toolsById, type MigrationSetup } from './registry.js';
import { within } from './sections.js';
import type { FileRun, Marker, MarkerFamily, MigrationTool, NewFile, OptOut, RunInput, Section, StatementInfo } from './types.js';
import { gatherHistory } from '../history-spans.js';

const markerCache = new WeakMap<ParsedFile, { markers: Marker[]; families: Set<MarkerFamily> }>();

/** The tool markers of a parsed file (cached with the parse). */
export function fileMarkers(parsed: ParsedFile): { markers: Marker[]; families: Set<MarkerFamily> } {
  let hit = markerCache.get(parsed);
  if (!hit) {
    const markers = findMarkers(parsed.text, parsed.comments);
    markerCache.set(parsed, (hit = { markers, families: markerFamilies(markers) }));
  }
  return hit;
}

/** A statement as a tool sees it, noting in `seen` whether the tool read `concurrently` (see concurrentlyAt). */
class ObservedStatement implements StatementInfo {
  constructor(
    readonly range: Statement['range'],
    readonly type: string,
    private readonly flag: boolean,
    private readonly seen: { concurrently: boolean },
  ) {}

  get concurrently(): boolean {
    this.seen.concurrently = true;
    return this.flag;
  }
}

function statementInfo(s: Statement, seen: { concurrently: boolean }): StatementInfo {
  const concurrently = s.facts.some((f) => (f.kind === 'createIndex' || f.kind === 'reindex' || (f.kind === 'drop' && f.objectKind === 'index')) && f.concurrently);
  return new ObservedStatement(s.range, s.type, concurrently, seen);
}

interface RunSource {
  tool: MigrationTool;
  input: RunInput;
  /** The whole parsed file (a HistoryFile's `parsed` may be only its up or down part). */
  parsed: ParsedFile;
  /**
   * The tool's run read no statement's `concurrently`: the run of the same file with one statement
   * made CONCURRENTLY is then this run (tools are pure functions of their input), and concurrentlyAt
   * need not ask the tool again for every statement (a quadratic cost on a long migration).
   */
  ignoresConcurrently: boolean;
}

const sources = new WeakMap<FileRun, RunSource>();
const runCache = new WeakMap<ParsedFile, WeakMap<MigrationSetup, Map<string, FileRun>>>();

/** What the file's tool does with it. Cached per parse, setup and path. */
export function fileRun(relPath: string, parsed: ParsedFile, setup: MigrationSetup): FileRun {
  let bySetup = runCache.get(parsed);
  if (!bySetup) runCache.set(parsed, (bySetup = new WeakMap()));
  let byPath = bySetup.get(setup);
  if (!byPath) bySetup.set(setup, (byPath = new Map()));
  const hit = byPath.get(relPath);
  if (hit) return hit;
  const { markers, families } = fileMarkers(parsed);
  const tool = setup.toolOf(relPath, families);
  const seen = { concurrently: false };
  const input: RunInput = { relPath, text: parsed.text, statements: parsed.statements.map((s) => statementInfo(s, seen)), markers, comments: parsed.comments, toolFiles: setup.toolFiles };
  const run = runOf(tool, input);
  sources.set(run, { tool, input, parsed, ignoresConcurrently: !seen.concurrently });
  byPath.set(relPath, run);
  return run;
}

function runOf(tool: MigrationTool, input: RunInput): FileRun {
  const role = roleOf(tool, input.relPath);
  const r = tool.run(input);
  if (role === 'up') return { tool: tool.id, role, ...r };
  // A down, undo, revert or verify file: all of it runs backwards (or not at all, for verify).
  const downSections: Section[] = [...r.upSections, ...r.downSections].map((s) => ({ ...s, direction: 'down' }));
  return { tool: tool.id, role, upSections: [], downSections, transaction: downSections[0]?.transaction ?? r.transaction, blocks: r.blocks };
}

/** The section of the file a text offset belongs to. */
export function sectionAt(run: FileRun, offset: number): Section | undefined {
  return run.upSections.find((s) => within(s.range, offset)) ?? run.downSections.find((s) => within(s.range, offset));
}

function inDown(run: FileRun, offset: number): boolean {
  return run.role !== 'up' || run.downSections.some((s) => within(s.range, offset));
}

/** A parsed file restricted to some of its statements, re-numbered (rules index statements by position). */
function view(parsed: ParsedFile, keep: (s: Statement) => boolean): ParsedFile {
  const statements: Statement[] = [];
  for (const s of parsed.statements) if (keep(s)) statements.push(s.index === statements.length ? s : { ...s, index: statements.length });
  return { ...parsed, statements };
}

const partsCache = new WeakMap<FileRun, { up: ParsedFile; down?: ParsedFile }>();

/**
 * The part of the file the tool runs forward, and its down sections. A file without down sections is
 * its own up part; a down file is all down part (its `up` is then the whole file, flagged down by the caller).
 */
export function directionParts(parsed: ParsedFile, run: FileRun): { up: ParsedFile; down?: ParsedFile } {
  let hit = partsCache.get(run);
  if (hit) return hit;
  if (run.role !== 'up' || !run.downSections.length) hit = { up: parsed };
  else hit = { up: view(parsed, (s) => !inDown(run, s.range.start)), down: view(parsed, (s) => inDown(run, s.range.start)) };
  partsCache.set(run, hit);
  return hit;
}

const statesCache = new WeakMap<ParsedFile, WeakMap<FileRun, boolean[]>>();

/**
 * For each statement of a history file (of its `parsed` part), whether it runs inside a transaction
 * block: one its tool opens around the section, an implicit one (several statements sent as one query
 * or batch, a goose block sent whole), or an explicit BEGIN before it that no COMMIT or ROLLBACK closed.
 */
export function transactionStates(file: Pick<HistoryFile, 'parsed' | 'run'>): boolean[] {
  let byRun = statesCache.get(file.parsed);
  if (!byRun) statesCache.set(file.parsed, (byRun = new WeakMap()));
  let states = byRun.get(file.run);
  if (states) return states;
  states = [];
  let open = false;
  const blocks = blockOf(file.run, file.parsed.statements);
  const sizes = blockSizes(file.run, file.parsed.statements);
  file.parsed.statements.forEach((s, i) => {
    const section = sectionAt(file.run, s.range.start);
    const runner = section ? section.transaction !== 'none' : false;
    const block = blocks[i]!;
    states.push(runner || open || (block >= 0 && sizes[block]! > 1));
    for (const f of s.facts) if (f.kind === 'transaction') open = f.op === 'begin' ? true : f.op === 'commit' || f.op === 'rollback' ? false : open;
  });
  byRun.set(file.run, states);
  return states;
}

/** The statements (in file order) whose start lies in `range`: from index `from` up to `to`. */
function spanOf(statements: readonly { range: { start: number } }[], range: { start: number; end: number }): { from: number; to: number } {
  const firstAtOrAfter = (offset: number): number => {
    let lo = 0;
    let hi = statements.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (statements[mid]!.range.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const from = firstAtOrAfter(range.start);
  return { from, to: Math.max(from, firstAtOrAfter(range.end)) };
}

/**
 * For each statement (in file order), the index of the first of the run's blocks holding its start,
 * or -1; found by binary search per block, not by a scan of the blocks per statement (a goose file
 * can have thousands of each).
 */
function blockOf(run: FileRun, statements: readonly { range: { start: number } }[]): number[] {
  const out: number[] = statements.map(() => -1);
  for (let i = run.blocks.length - 1; i >= 0; i--) {
    const { from, to } = spanOf(statements, run.blocks[i]!);
    for (let j = from; j < to; j++) out[j] = i;
  }
  return out;
}

/** How many statements start in each of the run's blocks. */
function blockSizes(run: FileRun, statements: readonly { range: { start: number } }[]): number[] {
  return run.blocks.map((b) => {
    const { from, to } = spanOf(statements, b);
    return to - from;
  });
}

/** Whether a statement of the file runs inside a transaction block (see `transactionStates`). */
export function runsInTransaction(file: Pick<HistoryFile, 'parsed' | 'run'>, statement: Statement): boolean {
  return transactionStates(file)[statement.index] ?? false;
}

/** Why CONCURRENTLY cannot simply be added, and what the tool offers instead. */
export interface ConcurrentlyVerdict {
  /** Adding CONCURRENTLY (or appending a CONCURRENTLY statement) leaves a file its tool still runs. */
  allowed: boolean;
  /** `block`: an explicit BEGIN … COMMIT or a goose block; `tool`: the tool's transaction; `implicit`: one multi-statement query or batch. */
  reason?: 'block' | 'tool' | 'implicit';
  /** The tool's name, for messages. */
  toolName: string;
  /** The tool's in-place opt-out, when it makes this statement run outside a transaction. */
  optOut?: OptOut;
  /** Allowed only while the statement stays alone in what the tool sends as one query (another statement added to the file would put it in a transaction). */
  alone?: boolean;
}

/**
 * Whether `statement` (or, when undefined, a statement appended at the end of the file) can carry
 * CONCURRENTLY with the file still running the way its tool runs it. The tool's model is asked again
 * as if the statement had CONCURRENTLY, since some tools decide from it (Flyway runs a migration whose
 * only statements are non-transactional outside a transaction; a lone statement sent as one query runs
 * outside any).
 */
export function concurrentlyAt(file: Pick<HistoryFile, 'parsed' | 'run'>, statement?: Statement): ConcurrentlyVerdict {
  const source = sources.get(file.run);
  const toolName = source?.tool.name ?? file.run.tool;
  if (!source) return { allowed: !statement || !runsInTransaction(file, statement), toolName };
  if (!statement) return appendedVerdict(file, source, toolName);
  const { tool, input } = source;
  const at = statement.range.start;
  if (source.ignoresConcurrently) return verdict(file.parsed, file.run, at, toolName, blockSizesOf(file.run, input.statements));
  const statements = input.statements.map((s) => (s.range.start === at ? { range: s.range, type: s.type, concurrently: true } : s));
  const after = runOf(tool, { ...input, statements });
  return verdict(file.parsed, after, at, toolName, blockSizes(after, statements));
}

const appendedCache = new WeakMap<FileRun, WeakMap<ParsedFile, ConcurrentlyVerdict>>();

/** The verdict for a CONCURRENTLY statement appended at the end of the file (asked for every finding of some rules: computed once per file). */
function appendedVerdict(file: Pick<HistoryFile, 'parsed' | 'run'>, source: RunSource, toolName: string): ConcurrentlyVerdict {
  let byParsed = appendedCache.get(file.run);
  if (!byParsed) appendedCache.set(file.run, (byParsed = new WeakMap()));
  let v = byParsed.get(file.parsed);
  if (!v) {
    // Appended after everything else, inside the last up section.
    const { tool, input } = source;
    const at = input.text.length;
    const statements = [...input.statements, { range: { start: at, end: at + 1 }, type: 'IndexStmt', concurrently: true }];
    const after = runOf(tool, { ...input, text: input.text + '\n', statements });
    byParsed.set(file.parsed, (v = verdict(file.parsed, after, at, toolName, blockSizes(after, statements))));
  }
  return v;
}

const sizesCache = new WeakMap<FileRun, number[]>();

/** blockSizes of a file's own run over its own statements, kept with the run. */
function blockSizesOf(run: FileRun, statements: readonly StatementInfo[]): number[] {
  let sizes = sizesCache.get(run);
  if (!sizes) sizesCache.set(run, (sizes = blockSizes(run, statements)));
  return sizes;
}

/** The verdict at offset `at`, given the tool's run of the file as it would be after the edit. */
function verdict(parsed: ParsedFile, after: FileRun, at: number, toolName: string, sizes: readonly number[]): ConcurrentlyVerdict {
  const section = sectionAt(after, at);
  const explicit = explicitBlockAt(parsed, at);
  const inBlock = after.blocks.some((b, i) => within(b, at) && sizes[i]! > 1);
  if (explicit || inBlock) return { allowed: false, reason: 'block', toolName };
  if (!section || section.transaction === 'none') return { allowed: true, toolName, ...(section && section.sending !== 'statements' ? { alone: true } : {}) };
  // The opt-out as it would be after the edit (dbmate's and Diesel's work only for a statement alone);
  // the tools' opt-outs are written for the forward part.
  return { allowed: false, reason: section.transaction, toolName, optOut: section.transaction === 'tool' && section.direction === 'up' ? after.optOut : undefined };
}

const explicitCache = new WeakMap<ParsedFile, boolean[]>();

/** An explicit BEGIN before `offset` that no COMMIT or ROLLBACK closed (of the file's statements before it). */
function explicitBlockAt(parsed: ParsedFile, offset: number): boolean {
  // Whether a block is open before each statement (and after the last), computed once per file.
  let openBefore = explicitCache.get(parsed);
  if (!openBefore) {
    openBefore = [];
    let open = false;
    for (const s of parsed.statements) {
      openBefore.push(open);
      for (const f of s.facts) if (f.kind === 'transaction') open = f.op === 'begin' ? true : f.op === 'commit' || f.op === 'rollback' ? false : open;
    }
    openBefore.push(open);
    explicitCache.set(parsed, openBefore);
  }
  return openBefore[spanOf(parsed.statements, { start: offset, end: offset }).from]!;
}

/** The versions the files take, by migration folder (gathered once per span of the history). */
function gatherTaken(files: readonly { relPath: string }[]): Set<string> {
  const taken = new Set<string>();
  for (const h of files) {
    const v = versionOf(h.relPath);
    if (v) taken.add(`${migrationDirOf(h.relPath)}\u0000${versionKey(v)}`);
  }
  return taken;
}

/**
 * A new migration of its own for `statementSql`, named by the file's tool to run right after the
 * file (undefined when the tool has no such layout or no free name).
 */
export function ownMigration(file: Pick<HistoryFile, 'relPath' | 'run'>, history: readonly { relPath: string }[], statementSql: string): NewFile[] | undefined {
  const tool = toolsById.get(file.run.tool);
  if (!tool?.ownMigration) return undefined;
  // Only paths are read: a history of paths alone (a test's) is one span of its own.
  const taken = gatherHistory(history as readonly HistoryFile[], gatherTaken);
  return tool.ownMigration(file.relPath, statementSql, (dir, version) => {
    const parts = version.match(/\d+/g)?.map((d) => BigInt(d)) ?? [];
    return taken.some((t) => t.has(`${dir}\u0000${versionKey(parts)}`));
  });
}
