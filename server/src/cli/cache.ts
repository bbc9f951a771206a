// `--cache`, two layers in one file:
// 1. the lint result of a whole run, keyed by a hash of every input file's content, the files that
//    are reported (--since & co.), the resolved configuration and the build (findings depend on the
//    whole history, so a per-file key would be wrong). A warm run with unchanged inputs skips parsing
//    and linting entirely.
// 2. the parse of every statement of the run, keyed by the statement's text. When only pending files
//    are reported, what must be recomputed after a change is their findings, and those need the whole
//    history replayed, but not re-parsed: a run whose history gained or changed one migration parses
//    only that migration's statements and lints only the pending files.
// The file holds layer 1 as its first line and layer 2 as its second, so a hit reads only the first.
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import type { CachedStatementEntry, ResolvedConfig, SourceFile, Finding, MigrationToolId, ToolFile } from '../engine/index.js';
import { writeFileAtomic } from './write.js';

export interface CachedRun {
  key: string;
  files: { path: string; findings: Finding[]; tool?: MigrationToolId }[];
}

interface CachedStatements {
  build: string;
  statements: CachedStatementEntry[];
}

/**
 * The running build: the version, and the bundle's size and time, so that a rebuilt CLI with the same
 * version number (a development build) never reads parses or findings an older build wrote.
 */
export function buildId(version: string): string {
  try {
    const st = statSync(__filename);
    return `${version}:${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    return version;
  }
}

export function runKey(sources: SourceFile[], config: ResolvedConfig, version: string, command: string, toolFiles: readonly ToolFile[] = []): string {
  const h = createHash('sha256');
  h.update(version + '\0' + command + '\0');
  h.update(JSON.stringify({ rules: [...config.rules].sort(), migrations: config.migrations, ignore: config.ignore, pg: config.postgresVersion, tool: config.migrationTool, small: config.smallTable, stats: config.tableStats ? [...config.tableStats.tables] : null }));
  // The migration tools' files decide sections and transactions, so they are part of the input.
  for (const t of toolFiles) h.update(`\0${t.relPath}\0${t.text.length}\0${t.text}`);
  // One hash over every text, each prefixed by its length (a hash object per file cost more than the hashing).
  for (const s of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    h.update(`\0${s.path}\0${s.relPath}\0${s.text.length}\0`);
    h.update(s.text);
    // The text at the base decides edited-applied-migration's findings.
    if (s.baseText !== undefined) {
      h.update(`\0base\0${s.baseText.length}\0`);
      h.update(s.baseText);
    }
  }
  return h.digest('hex');
}

/** Line `n` (0: the run, 1: the statements) of the cache file; only that line is decoded. */
async function readLine(file: string, n: 0 | 1): Promise<string | undefined> {
  try {
    const buf = await fs.readFile(file);
    const nl = buf.indexOf(0x0a);
    if (n === 0) return buf.toString('utf8', 0, nl < 0 ? buf.length : nl);
    return nl < 0 ? undefined : buf.toString('utf8', nl + 1);
  } catch {
    return undefined;
  }
}

export async function readCache(file: string, key: string): Promise<CachedRun | undefined> {
  const line = await readLine(file, 0);
  try {
    const data = line && (JSON.parse(line) as CachedRun);
    return data && data.key === key ? data : undefined;
  } catch {
    // A missing or corrupt cache is just a cold run.
    return undefined;
  }
}

/** The statement parses an earlier run of the same build kept (none when the build differs or the file is unreadable). */
export async function readCachedStatements(file: string, build: string): Promise<CachedStatementEntry[]> {
  const line = await readLine(file, 1);
  try {
    const data = line ? (JSON.parse(line) as CachedStatements) : undefined;
    return data && data.build === build && Array.isArray(data.statements) ? data.statements : [];
  } catch {
    return [];
  }
}

export async function writeCache(file: string, run: CachedRun, statements?: CachedStatements): Promise<void> {
  try {
    await writeFileAtomic(file, JSON.stringify(run) + (statements ? '\n' + JSON.stringify(statements) : ''));
  } catch {
    // The cache is an optimisation: failing to write it never fails the lint.
  }
}
