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
  h.update(JSON.stringify({ rules: [...config.rules].sort(), migrations: config.migrations, ignore: config.ignore, pg: config.postgresVersion, tool: config.migrationTool }));
  // The migration tools' files decide sections and transactions, so they are part of the input.
  for (const t of toolFiles) h.update('\0' + t.relPath + '\0' + t.text);
  for (const s of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    h.update('\0' + s.path + '\0' + s.relPath + '\0' + createHash('sha256').update(s.text).digest('hex'));
    // The text at the base decides edited-applied-migration's findings.
    if (s.baseText !== undefined) h.update('\0base\0' + createHash('sha256').update(s.baseText).digest('hex'));
  }
  return h.digest('hex');
}

async function readLines(file: string): Promise<[string, string | undefined] | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? [text, undefined] : [text.slice(0, nl), text.slice(nl + 1)];
  } catch {
    return undefined;
  }
}

export async function readCache(file: string, key: string): Promise<CachedRun | undefined> {
  const lines = await readLines(file);
  try {
    const data = lines && (JSON.parse(lines[0]) as CachedRun);
    return data && data.key === key ? data : undefined;
  } catch {
    // A missing or corrupt cache is just a cold run.
    return undefined;
  }
}

/** The statement parses an earlier run of the same build kept (none when the build differs or the file is unreadable). */
export async function readCachedStatements(file: string, build: string): Promise<CachedStatementEntry[]> {
  const lines = await readLines(file);
  try {
    const data = lines?.[1] ? (JSON.parse(lines[1]) as CachedStatements) : undefined;
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
