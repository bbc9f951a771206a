// Reading a project from disk, shared by the CLI and the language server: finding .sql files,
// finding the config file, and reading files without ever throwing on bad input.
import { promises as fs, constants as fsConstants, close, closeSync, fstat, fstatSync, lstatSync, open, openSync, readFile, readFileSync, statSync, existsSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, parseConfig, type ResolvedConfig } from '../engine/config.js';
import type { ToolFile } from '../engine/migration-tools/types.js';
import { STATS_FILE_NAME, parseTableStats, type TableStats } from '../engine/locks/table-stats.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A path that was not linted, and why (listed by the CLI in every output format, logged by the server). */
export interface SkippedPath {
  path: string;
  reason: string;
}

export interface FoundFiles {
  files: string[];
  /** Inputs that do not exist. */
  missing: string[];
  /** .sql files that are not regular files, links that cannot be followed, folders that cannot be searched. */
  skipped: SkippedPath[];
}

/**
 * All .sql files under the given paths (files are taken as given), skipping node_modules and VCS folders.
 * Symbolic links are followed, to files and folders alike; each real folder is searched and each real
 * file taken once, under its own path when the walk reaches it without a link (links are followed after
 * everything else, so a link into the tree adds nothing and a link to an ancestor cannot loop).
 */
export async function findSqlFiles(paths: string[]): Promise<FoundFiles> {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: SkippedPath[] = [];
  const realFiles = new Set<string>();
  const realDirs = new Set<string>();
  const links: { link: string; isSql: boolean }[] = [];
  const take = (file: string, real: string): void => {
    if (realFiles.has(real)) return;
    realFiles.add(real);
    files.push(file);
  };
  const walk = async (dir: string, realDir: string): Promise<void> => {
    if (realDirs.has(realDir)) return;
    realDirs.add(realDir);
    let entries: Dirent[];
    try {
      // Sorted: which of two links to one folder names its files must not depend on the file system's order.
      entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      skipped.push({ path: dir, reason: `folder not searched: ${describeFsError(e)}` });
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const isSql = e.name.toLowerCase().endsWith('.sql');
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(full, path.join(realDir, e.name));
      } else if (e.isSymbolicLink()) {
        if (!SKIP_DIRS.has(e.name)) links.push({ link: full, isSql });
      } else if (isSql) {
        if (e.isFile()) take(full, path.join(realDir, e.name));
        else skipped.push({ path: full, reason: notRegularFile(e) });
      }
    }
  };
  const follow = async (link: string, isSql: boolean): Promise<void> => {
    let real: string;
    let st: Stats;
    try {
      real = await fs.realpath(link);
      st = await fs.stat(real);
    } catch (e) {
      // A link that resolves to nothing is no folder: it matters only when it is named like a migration,
      // or when it could not be resolved for want of permission (it may be a folder of migrations).
      if (isSql || (e as NodeJS.ErrnoException).code === 'EACCES') skipped.push({ path: link, reason: await describeLinkError(link, e) });
      return;
    }
    if (st.isDirectory()) await walk(link, real);
    else if (!isSql) return;
    else if (st.isFile()) take(link, real);
    else skipped.push({ path: link, reason: notRegularFile(st) });
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let st: Stats;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !(await fs.lstat(abs).catch(() => undefined))) missing.push(p);
      else skipped.push({ path: abs, reason: await describeLinkError(abs, e) });
      continue;
    }
    const real = await fs.realpath(abs);
    if (st.isDirectory()) await walk(abs, real);
    else if (st.isFile()) take(abs, real);
    else skipped.push({ path: abs, reason: notRegularFile(st) });
  }
  // Links found while following links are followed too; realDirs and realFiles end every loop.
  while (links.length) {
    const { link, isSql } = links.shift()!;
    await follow(link, isSql);
  }
  return { files: files.sort(), missing, skipped };
}

/** Why a directory entry or a stat result is not a file that can be read: a FIFO would block a read forever. */
function notRegularFile(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  const kind = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isDirectory() ? 'a folder' : 'not a file';
  return `not a regular file (${kind}); not read`;
}

async function describeLinkError(p: string, e: unknown): Promise<string> {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop; not followed';
  if (code === 'ENOENT') {
    const target = await fs.readlink(p).catch(() => undefined);
    return target === undefined ? 'file not found' : `broken symbolic link (its target ${target} does not exist); not followed`;
  }
  return describeFsError(e);
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'ENOENT') return 'file not found';
  if (err.code === 'ELOOP') return 'symbolic link loop; not followed';
  if (err.code === 'ENXIO') return 'not a regular file (a socket); not read';
  return err.message;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/**
/**
 * Opens without blocking (opening a FIFO for reading waits for a writer otherwise) and reads only a
 * regular file, checked on the open file so that nothing can swap it in between.
 */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/**
 * Reads a SQL file as UTF-8; refuses anything but a regular file, binary files and files over 10 MB
 * with a reason instead of throwing. Callback I/O: fs.promises took twice the CPU, a quarter of
 * indexing 8,000 small files.
 */
export function readSqlFile(file: string): Promise<ReadResult> {
  return new Promise((resolve) => {
    open(file, OPEN_FLAGS, (openError, fd) => {
      if (openError) return resolve({ ok: false, reason: describeFsError(openError) });
      const done = (result: ReadResult): void => close(fd, () => resolve(result));
      fstat(fd, (statError, st) => {
        if (statError) return done({ ok: false, reason: describeFsError(statError) });
        const problem = unreadable(st);
        if (problem) return done({ ok: false, reason: problem });
        readFile(fd, (readError, buf) => done(readError ? { ok: false, reason: describeFsError(readError) } : decodeSql(buf)));
      });
    });
  });
}

/** Why an open file is not read: not a regular file, or too large. */
function unreadable(st: Stats): string | undefined {
  if (!st.isFile()) return notRegularFile(st);
  if (st.size > MAX_FILE_BYTES) return `file is ${(st.size / 1048576).toFixed(1)} MB; files over ${MAX_FILE_BYTES / 1048576} MB are not linted`;
  return undefined;
}

/** readSqlFile, blocking this thread. */
export function readSqlFileSync(file: string): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const problem = unreadable(fstatSync(fd));
    return problem ? { ok: false, reason: problem } : decodeSql(readFileSync(fd));
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A read slower than this (plus a millisecond per 100 KB read) is from a cold disk or a network drive, not the page cache… */
const SLOW_READ_MS = 2;
const CHARS_PER_MS = 100_000;
/** … or the thread lost its core meanwhile: so it takes a few slow reads, and one in twenty, to tell. */
const SLOW_READS = 5;

/**
 * Reads files synchronously while reads are fast (the files are in the page cache), which costs a
 * fraction of the CPU of callback I/O: reading 8,000 small migrations with callbacks took the language
 * server over a second longer to its first diagnostics. Once reads are slow, `fast` is false: the
 * caller reads the rest with readSqlFile, a few at a time, so that the disk's latency overlaps its
 * other work.
 */
export class SqlFileReader {
  fast = true;
  private reads = 0;
  private slow = 0;

  read(file: string): ReadResult {
    const t0 = performance.now();
    const r = readSqlFileSync(file);
    this.reads++;
    if (performance.now() - t0 > SLOW_READ_MS + (r.ok ? r.text.length : 0) / CHARS_PER_MS && ++this.slow >= SLOW_READS && this.slow * 20 >= this.reads) this.fast = false;
    return r;
  }
}

/** Reads files (SqlFileReader, then a few reads in flight at once: one at a time, the CLI waited on a cold disk for half a second on the corpus); results are in `files` order. */
export async function readSqlFiles(files: readonly string[], concurrency = 16): Promise<ReadResult[]> {
  const out: ReadResult[] = new Array(files.length);
  const reader = new SqlFileReader();
  let next = 0;
  for (; next < files.length && reader.fast; next++) out[next] = reader.read(files[next]!);
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      out[i] = await readSqlFile(files[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}

export function decodeSql(buf: Buffer): ReadResult {
  if (buf.subarray(0, 8000).includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); not linted' };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/** The nearest `.sql-schema-lint.json` in `dir` or an ancestor (a broken link counts: loading it says so). */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const candidate = path.join(d, CONFIG_FILE_NAME);
    if (lstatSync(candidate, { throwIfNoEntry: false })) return candidate;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/** A config file's text (without a byte order mark); throws ConfigError when it is not a readable regular file. */
export function readConfigText(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ConfigError(file, 1, 1, 'is a directory, not a config file');
    if (!st.isFile()) throw new ConfigError(file, 1, 1, `cannot read the config file: ${notRegularFile(st)}`);
    return readFileSync(fd, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' && lstatSync(file, { throwIfNoEntry: false }) ? 'broken symbolic link' : code === 'ENOENT' ? 'file not found' : describeFsError(e);
    throw new ConfigError(file, 1, 1, `cannot read the config file: ${reason}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Loads a config file; throws ConfigError (with file, line and column) on any problem. */
export function loadConfigFile(file: string | undefined): ResolvedConfig {
  if (!file) return defaultConfig();
  return parseConfig(readConfigText(file), file);
}

/**
 * The project's table statistics: the nearest .sql-schema-lint-stats.json in `dir` (the config file's
 * folder) or an ancestor, as the config file is found; throws ConfigError when unreadable or invalid.
 */
export function loadTableStats(dir: string): TableStats | undefined {
  let d = path.resolve(dir);
  while (!existsSync(path.join(d, STATS_FILE_NAME)) && path.dirname(d) !== d) d = path.dirname(d);
  const file = path.join(d, STATS_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new ConfigError(file, 1, 1, `cannot read the table statistics: ${(e as Error).message}`);
  }
  return parseTableStats(text, file);
}

/** The project root for relative paths: the config file's folder, else the common folder of the inputs. */
export function projectRoot(configFile: string | undefined, inputs: string[]): string {
  if (configFile) return path.dirname(configFile);
  const abs = inputs.map((p) => path.resolve(p));
  if (abs.length === 0) return process.cwd();
  const dirs = abs.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : path.dirname(p)));
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) while (!(d + path.sep).startsWith(common + path.sep) && common !== path.dirname(common)) common = path.dirname(common);
  return common;
}

/** Files migration tools leave beside their migrations (engine/migration-tools reads them; docs/migration-tools.md). */
const TOOL_FILE_NAMES = ['migration_lock.toml', 'atlas.sum', 'sqitch.plan', 'diesel.toml', 'metadata.toml', 'flyway.conf', 'flyway.toml'];
const TOOL_FILE_NAME_SET = new Set(TOOL_FILE_NAMES);
const MAX_TOOL_FILE_BYTES = 1024 * 1024;

/** A file findToolFiles reads, by its name (and Supabase's config by its folder). */
export function isToolFile(file: string): boolean {
  const name = path.basename(file);
  return TOOL_FILE_NAME_SET.has(name) || name.toLowerCase().endsWith('.sql.conf') || (name === 'config.toml' && path.basename(path.dirname(file)) === 'supabase');
}

/** Glob patterns of the files isToolFile accepts, for the editor's file watchers. */
export const TOOL_FILE_GLOBS: readonly string[] = [`**/{${TOOL_FILE_NAMES.join(',')}}`, '**/*.sql.conf', '**/supabase/config.toml'];

/**
 * The migration tools' own files (migration_lock.toml, atlas.sum, sqitch.plan, diesel.toml, Diesel's
 * metadata.toml, Flyway's flyway.conf and `<script>.sql.conf`, supabase/config.toml) in the folders of
 * the .sql files and their ancestors up to `root`, with paths relative to `root`. Unreadable files are
 * skipped: they only help detection.
 */
export async function findToolFiles(root: string, sqlFiles: readonly string[]): Promise<ToolFile[]> {
  const absRoot = path.resolve(root);
  const dirs = new Set<string>();
  for (const f of sqlFiles) {
    for (let d = path.dirname(path.resolve(f)); ; d = path.dirname(d)) {
      if (dirs.has(d)) break;
      dirs.add(d);
      if (d === absRoot || !d.startsWith(absRoot + path.sep) || path.dirname(d) === d) break;
    }
  }
  const wanted: string[] = [];
  await Promise.all(
    [...dirs].map(async (dir) => {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch {
        return;
      }
      for (const n of names) if (isToolFile(path.join(dir, n))) wanted.push(path.join(dir, n));
    }),
  );
  const out: ToolFile[] = [];
  await Promise.all(
    wanted.map(async (file) => {
      try {
        const st = await fs.stat(file);
        if (!st.isFile() || st.size > MAX_TOOL_FILE_BYTES) return;
        out.push({ relPath: toPosix(path.relative(absRoot, file)), text: await fs.readFile(file, 'utf8') });
      } catch {
        // Only detection depends on it.
      }
    }),
  );
  return out.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}
