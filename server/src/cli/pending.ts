// Which files the CLI reports and --fix may edit: --since <ref>, --changed, --staged, the config's
// appliedThrough, --include-applied, and --fix's safe default (only uncommitted files in a git
// repository). Every file is still read, parsed and replayed: the history is always whole.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig, SourceFile } from '../engine/index.js';
import { GitError } from '../node/git.js';
import { gitBoundary, PendingClassifier, type Boundary, type GitMode } from '../node/pending.js';
import type { CliArgs } from './args.js';
import type { PendingSummary } from './reporters/types.js';

export interface Selection {
  /** Paths whose findings are reported and which --fix may edit; undefined: every file. */
  pending?: ReadonlySet<string>;
  /** For the reporters; undefined when every file is pending because nothing says otherwise. */
  summary?: PendingSummary;
  /** --fix without a boundary in a git repository: committed files are left alone, and counted. */
  fixDefault: boolean;
}

/** A one-line reason to exit with 2. */
export class SelectionError extends Error {}

/** The flag that chose git, for messages. */
function gitFlag(args: CliArgs): string | undefined {
  return args.since !== undefined ? `--since ${args.since}` : args.changed ? '--changed' : args.staged ? '--staged' : undefined;
}

/** The boundary the flags and the config ask for (git is asked here); started before the files are read, so the two overlap. */
export interface Asked {
  boundary?: Boundary;
  by?: PendingSummary['by'];
  fixDefault: boolean;
  flag?: string;
}

export async function askBoundary(args: CliArgs, config: ResolvedConfig, root: string): Promise<Asked> {
  const flag = gitFlag(args);
  if (args.includeApplied) return { fixDefault: false };
  if (flag) {
    const mode: GitMode = args.since !== undefined ? 'since' : args.changed ? 'changed' : 'staged';
    return { boundary: await askGit(root, mode, args.since, flag), by: mode, fixDefault: false, flag };
  }
  if (config.appliedThrough !== undefined) return { boundary: { kind: 'appliedThrough', appliedThrough: config.appliedThrough }, by: 'appliedThrough', fixDefault: false };
  // Safe by default: --fix never rewrites a committed migration unless asked in so many words.
  if (args.fix) {
    const boundary = await uncommitted(root);
    if (boundary) return { boundary, by: 'uncommitted', fixDefault: true, flag: '--fix' };
  }
  return { fixDefault: false };
}

/** Decides the pending files and sets `baseText` on the edited ones (for edited-applied-migration). */
export async function selectFiles(asked: Asked, sources: SourceFile[], display: (p: string) => string): Promise<Selection> {
  const { boundary, by, fixDefault } = asked;
  if (!boundary || !by) return { fixDefault: false };
  const classifier = new PendingClassifier(boundary);
  const pending = new Set(sources.filter((s) => classifier.isPending(s.path, s.relPath)).map((s) => s.path));
  const bases = await classifier.baseTexts([...pending]).catch((e: unknown) => {
    throw gitFailure(e, asked.flag ?? '--fix');
  });
  for (const s of sources) {
    const base = bases.get(s.path);
    if (base !== undefined && base !== s.text) s.baseText = base;
  }
  const summary: PendingSummary = {
    by,
    files: sources.filter((s) => pending.has(s.path)).map((s) => display(s.path)),
    applied: sources.length - pending.size,
  };
  if (boundary.kind === 'git') {
    summary.ref = boundary.ref;
    summary.base = boundary.base ?? null;
  } else summary.appliedThrough = boundary.appliedThrough;
  return { pending, summary, fixDefault };
}

async function askGit(root: string, mode: GitMode, ref: string | undefined, flag: string): Promise<Boundary> {
  try {
    return await gitBoundary(root, mode, ref);
  } catch (e) {
    throw gitFailure(e, flag);
  }
}

function gitFailure(e: unknown, flag: string): Error {
  if (!(e instanceof GitError)) return e as Error;
  switch (e.problem) {
    case 'git-missing':
      return new SelectionError(`${flag} needs git, but the git executable was not found on PATH; install git or drop ${flag.split(' ')[0]}`);
    case 'not-a-repository':
      return new SelectionError(`${flag} needs a git repository, but ${e.message.replace(/ is not inside.*$/, '')} is not inside one`);
    default:
      return new SelectionError(`${flag}: ${e.message}`);
  }
}

/** --fix's default boundary: uncommitted files in a git repository; none outside git (a new project). */
async function uncommitted(root: string): Promise<Boundary | undefined> {
  try {
    return await gitBoundary(root, 'changed');
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (e.problem === 'not-a-repository') return undefined;
    if (e.problem === 'git-missing' && !insideGitFolder(root)) return undefined;
    throw new SelectionError(
      `--fix edits only uncommitted files in a git repository, but git could not say which they are (${e.message}); pass --include-applied to fix every file, or --since/--changed once git works`,
    );
  }
}

/** A .git folder (or a worktree's .git file) here or above: a repository, even without git to ask. */
function insideGitFolder(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** The cache key part of a selection: which files are reported, and the base texts they are compared with. */
export function selectionKey(selection: Selection): string {
  return selection.pending ? JSON.stringify([...selection.pending].sort()) : '*';
}

/** The files to report: the pending ones. Under --fix's default, counts the fixable findings left in committed files. */
export function reportedFiles<F extends { path: string; findings: { fix?: unknown }[] }>(files: F[], selection: Selection): F[] {
  const pending = selection.pending;
  if (!pending) return files;
  if (selection.fixDefault && selection.summary) {
    let fixable = 0;
    let inFiles = 0;
    for (const f of files) {
      if (pending.has(f.path)) continue;
      const n = f.findings.filter((d) => d.fix).length;
      fixable += n;
      if (n) inFiles++;
    }
    selection.summary.leftAlone = { fixable, files: inFiles };
  }
  return files.filter((f) => pending.has(f.path));
}
