// The `git` executable, asked what changed: shared by the CLI (--since, --changed, --staged) and the
// language server (sqlSchemaLint.baseRef). Git is spawned without a shell, its arguments an array, so
// a ref or path is never interpreted by one. No git library: the few questions below are plumbing
// commands whose output is stable (`-z`, NUL-separated, never quoted).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { realpathSync } from 'node:fs';

/** Why git could not answer; each has one line for the user. */
export type GitProblem = 'git-missing' | 'not-a-repository' | 'unknown-ref' | 'shallow' | 'no-merge-base' | 'failed';

export class GitError extends Error {
  constructor(
    readonly problem: GitProblem,
    message: string,
  ) {
    super(message);
  }
}

interface GitOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** The git executable; tests point it elsewhere only through PATH, as a user's machine would. */
const GIT = 'git';

/**
 * Runs git in `cwd`. GIT_OPTIONAL_LOCKS=0: `git diff` would otherwise refresh and rewrite the index
 * as a side effect, which the language server watches (a loop), and which races a user's own git.
 */
function runGit(args: string[], cwd: string, input?: string): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(GIT, ['-c', 'core.quotepath=off', ...args], {
        cwd,
        shell: false,
        windowsHide: true,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      reject(spawnError(e));
      return;
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(spawnError(e)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err.trim() }));
    // A git that exits before reading its input (a bad ref) closes the pipe: that is not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

function spawnError(e: unknown): GitError {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return new GitError('git-missing', 'the git executable was not found on PATH');
  return new GitError('failed', `git could not be started: ${err?.message ?? String(e)}`);
}

async function gitOk(args: string[], cwd: string, input?: string): Promise<Buffer> {
  const r = await runGit(args, cwd, input);
  if (r.code !== 0) throw new GitError('failed', `git ${args[0]} failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
  return r.stdout;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/^fatal: /, '');
}

function splitZ(buf: Buffer): string[] {
  const parts = buf.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export interface Repository {
  /** The working tree's top folder, symbolic links resolved (git reports it so). */
  top: string;
  /** The .git folder (for a linked worktree, its own one), to watch HEAD and the index. */
  gitDir: string;
  shallow: boolean;
}

/** The repository holding `dir`; throws GitError('not-a-repository') outside one, ('git-missing') without git. */
export async function openRepository(dir: string): Promise<Repository> {
  const r = await runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--is-shallow-repository'], dir);
  if (r.code !== 0) {
    if (/not a git repository/i.test(r.stderr)) throw new GitError('not-a-repository', `${dir} is not inside a git repository`);
    throw new GitError('failed', `git rev-parse failed: ${firstLine(r.stderr)}`);
  }
  const [top, gitDir, shallow] = r.stdout.toString('utf8').trim().split('\n');
  if (!top || !gitDir) throw new GitError('not-a-repository', `${dir} is not inside a git working tree`);
  return { top: path.resolve(top), gitDir: path.resolve(gitDir), shallow: shallow === 'true' };
}

/** The commit a ref names, or undefined when it names none here. */
export async function resolveCommit(repo: Repository, ref: string): Promise<string | undefined> {
  // `--end-of-options`: a ref that starts with "-" is a ref, never an option.
  const r = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], repo.top);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** HEAD's commit; undefined on a branch with no commit yet. */
export function headCommit(repo: Repository): Promise<string | undefined> {
  return resolveCommit(repo, 'HEAD');
}

/** `git merge-base <ref> HEAD`, with the reason when there is none (unknown ref, shallow clone, unrelated histories). */
export async function mergeBase(repo: Repository, ref: string): Promise<string> {
  const [commit, head] = await Promise.all([resolveCommit(repo, ref), headCommit(repo)]);
  if (!commit) {
    const hint = repo.shallow ? `; this is a shallow clone, so it may not have been fetched: fetch the full history (\`fetch-depth: 0\` in actions/checkout, or \`git fetch --unshallow\`)` : '';
    throw new GitError('unknown-ref', `unknown git ref "${ref}" (no branch, tag or commit of that name here)${hint}`);
  }
  if (!head) throw new GitError('no-merge-base', `HEAD has no commit yet, so nothing is shared with "${ref}"`);
  if (commit === head) return head; // --since HEAD
  const r = await runGit(['merge-base', commit, head], repo.top);
  if (r.code === 0) return r.stdout.toString('utf8').trim();
  if (repo.shallow)
    throw new GitError('shallow', `no merge base between "${ref}" and HEAD: this is a shallow clone; fetch the full history (\`fetch-depth: 0\` in actions/checkout, or \`git fetch --unshallow\`)`);
  throw new GitError('no-merge-base', `"${ref}" and HEAD have no commit in common`);
}

/** The branch to compare with when none is configured: the remote's default branch, else main, else master. */
export async function defaultBaseRef(repo: Repository): Promise<string | undefined> {
  const r = await runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], repo.top);
  if (r.code === 0 && r.stdout.toString('utf8').trim()) return r.stdout.toString('utf8').trim();
  for (const ref of ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master']) if (await resolveCommit(repo, ref)) return ref;
  return undefined;
}

export interface ChangedFile {
  /** A: added, M: modified, R: renamed, C: copied, T: type changed. */
  status: string;
  /** For R and C: the path it had at the base (absolute). */
  from?: string;
}

export interface Changes {
  /** Files added, modified, renamed or copied relative to the base (absolute paths; deletions left out). */
  changed: Map<string, ChangedFile>;
  /** Every file at the base (absolute paths). */
  atBase: Set<string>;
}

/**
 * What differs from `base` (a commit; undefined: the empty tree of a branch without commits):
 * `worktree` compares the working tree (commits since, staged and unstaged changes), `index` only what
 * is staged. Untracked files are not listed: they are not at the base, which says they are new.
 */
export async function changesAgainst(repo: Repository, base: string | undefined, against: 'worktree' | 'index'): Promise<Changes> {
  const abs = (p: string): string => path.join(repo.top, p);
  const diffArgs = ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-z', '-M', ...(against === 'index' ? ['--cached'] : [])];
  // `git diff --cached` with no commit compares the index with the empty tree; `git diff` needs a commit.
  const changed = new Map<string, ChangedFile>();
  const [diff, tree] = await Promise.all([
    base || against === 'index' ? gitOk([...diffArgs, ...(base ? [base] : []), '--'], repo.top) : undefined,
    base ? gitOk(['ls-tree', '-r', '-z', '--name-only', '--full-tree', base], repo.top) : undefined,
  ]);
  if (diff) {
    const out = splitZ(diff);
    for (let i = 0; i < out.length; ) {
      const status = out[i++]!;
      const kind = status[0]!;
      if (kind === 'R' || kind === 'C') {
        const from = out[i++]!;
        const to = out[i++]!;
        changed.set(abs(to), { status: kind, from: abs(from) });
      } else {
        const p = out[i++]!;
        if (kind !== 'D') changed.set(abs(p), { status: kind });
      }
    }
  }
  const atBase = new Set<string>();
  if (tree) for (const p of splitZ(tree)) atBase.add(abs(p));
  return { changed, atBase };
}

/** The texts of files as they are in `commit` (one `git cat-file --batch` for all); missing ones are left out. */
export async function textsAt(repo: Repository, commit: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = files.filter((f) => !/[\n\r]/.test(f));
  if (!wanted.length) return out;
  const specs = wanted.map((f) => `${commit}:${path.relative(repo.top, f).split(path.sep).join('/')}`);
  const buf = await gitOk(['cat-file', '--batch'], repo.top, specs.join('\n') + '\n');
  let pos = 0;
  for (const file of wanted) {
    const eol = buf.indexOf(0x0a, pos);
    if (eol < 0) break;
    const header = buf.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<spec> missing"
    const size = Number(m[2]);
    if (m[1] === 'blob') {
      let text = buf.subarray(pos, pos + size).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      out.set(file, text);
    }
    pos += size + 1;
  }
  return out;
}

/** A path with its folder's symbolic links resolved, as git reports paths (the file itself may not exist yet). */
export function realPath(p: string, cache?: Map<string, string>): string {
  const dir = path.dirname(p);
  let real = cache?.get(dir);
  if (real === undefined) {
    try {
      real = realpathSync.native(dir);
    } catch {
      real = dir;
    }
    cache?.set(dir, real);
  }
  return path.join(real, path.basename(p));
}
