// Pending and applied migrations, shared by the CLI and the language server. The history is always
// replayed whole; this only decides which files' findings are reported (and which --fix may edit):
// a file is pending when it is new or changed relative to a base, otherwise applied.
// The base comes from git (--since, --changed, --staged, sqlSchemaLint.baseRef) or from the config's
// `appliedThrough` version. The engine never sees git: it gets each edited file's text at the base.
import { isAtOrBefore } from '../engine/model/order.js';
import { changesAgainst, headCommit, mergeBase, openRepository, realPath, textsAt, type Repository } from './git.js';

export type GitMode = 'since' | 'changed' | 'staged';

/** What git said about the files, at one moment. */
export interface GitBoundary {
  kind: 'git';
  mode: GitMode;
  /** The ref given (--since, baseRef); HEAD for --changed and --staged. */
  ref: string;
  /** The commit compared with (the merge base for --since); undefined before the first commit. */
  base: string | undefined;
  repo: Repository;
  /** Files (real paths) that are at the base and unchanged. */
  applied: Set<string>;
  /** Files git listed as added, modified, renamed or copied since the base (real paths): pending. */
  changed: Set<string>;
  /** Those of them that existed at the base (modified, renamed, copied): real path -> its path at the base. */
  edited: Map<string, string>;
  /** Files git did not list (untracked, ignored, created since) are pending, except with --staged. */
  unlistedPending: boolean;
}

export interface VersionBoundary {
  kind: 'appliedThrough';
  appliedThrough: string;
}

export type Boundary = GitBoundary | VersionBoundary;

/** Asks git which files are applied: `since` compares with the merge base of `ref` and HEAD, `changed` with HEAD, `staged` the index with HEAD. Throws GitError. */
export async function gitBoundary(dir: string, mode: GitMode, ref = 'HEAD'): Promise<GitBoundary> {
  const repo = await openRepository(dir);
  const base = mode === 'since' ? await mergeBase(repo, ref) : await headCommit(repo);
  const { changed, atBase } = await changesAgainst(repo, base, mode === 'staged' ? 'index' : 'worktree');
  const applied = new Set<string>();
  for (const f of atBase) if (!changed.has(f)) applied.add(f);
  const edited = new Map<string, string>();
  for (const [f, c] of changed) {
    const from = c.from ?? f;
    if (atBase.has(from)) edited.set(f, from);
  }
  return { kind: 'git', mode, ref: mode === 'since' ? ref : 'HEAD', base, repo, applied, changed: new Set(changed.keys()), edited, unlistedPending: mode !== 'staged' };
}

/** Answers "is this file pending?" for many files (folder symbolic links resolved once per folder). */
export class PendingClassifier {
  private readonly realDirs = new Map<string, string>();

  constructor(readonly boundary: Boundary) {}

  isPending(file: string, relPath: string): boolean {
    const b = this.boundary;
    if (b.kind === 'appliedThrough') return !isAtOrBefore(relPath, b.appliedThrough);
    const real = this.real(file);
    if (b.applied.has(real)) return false;
    return b.changed.has(real) || b.unlistedPending;
  }

  /** The path git names the file by: as given when git listed it so, else with symbolic links resolved (one realpath per folder). */
  real(file: string): string {
    const b = this.boundary;
    if (b.kind === 'git' && (b.applied.has(file) || b.changed.has(file))) return file;
    return realPath(file, this.realDirs);
  }

  /** The texts at the base of those `files` that existed there and were edited since (for edited-applied-migration). */
  async baseTexts(files: readonly string[]): Promise<Map<string, string>> {
    const b = this.boundary;
    const out = new Map<string, string>();
    if (b.kind !== 'git' || !b.base) return out;
    const from = new Map<string, string>();
    for (const f of files) {
      const at = b.edited.get(this.real(f));
      if (at) from.set(at, f);
    }
    if (!from.size) return out;
    for (const [at, text] of await textsAt(b.repo, b.base, [...from.keys()])) out.set(from.get(at)!, text);
    return out;
  }
}
