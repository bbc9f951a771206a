// `--cache`: the lint result of a whole run, keyed by a hash of every input file's content, the
// resolved configuration and the tool version (findings depend on the whole history, so a per-file
// key would be wrong). A warm run with unchanged inputs skips parsing and linting entirely.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ResolvedConfig, SourceFile, Finding, MigrationToolId, ToolFile } from '../engine/index.js';
import { writeFileAtomic } from './write.js';

export interface CachedRun {
  key: string;
  files: { path: string; findings: Finding[]; tool?: MigrationToolId }[];
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

export async function readCache(file: string, key: string): Promise<CachedRun | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as CachedRun;
    return data.key === key ? data : undefined;
  } catch {
    // A missing or corrupt cache is just a cold run.
    return undefined;
  }
}

export async function writeCache(file: string, run: CachedRun): Promise<void> {
  try {
    await writeFileAtomic(file, JSON.stringify(run));
  } catch {
    // The cache is an optimisation: failing to write it never fails the lint.
  }
}
