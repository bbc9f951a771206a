// Shared test helpers: lint in-memory projects with the real engine.
import { before } from 'node:test';
import { defaultConfig, lintProject, loadPostgresParser, type ResolvedConfig, type SourceFile, type ToolFile } from '../../server/src/engine/index.js';

/** Loads libpg-query once per test file. */
export function usePostgresParser(): void {
  before(async () => {
    await loadPostgresParser();
  });
}

/** Builds an in-memory project from { 'relative/path.sql': text }, in the given order of keys; `baseTexts` gives files' texts at the base (as git would). */
export function project(files: Record<string, string>, baseTexts: Record<string, string> = {}): SourceFile[] {
  return Object.entries(files).map(([rel, text]) => ({ path: '/project/' + rel, relPath: rel, text, ...(rel in baseTexts ? { baseText: baseTexts[rel] } : {}) }));
}

/** A config with only the given rules on (at their default severity unless told). */
export function onlyRules(ids: string[], options: Record<string, Record<string, unknown>> = {}): ResolvedConfig {
  const config = defaultConfig();
  for (const [id, setting] of config.rules) {
    if (ids.includes(id)) config.rules.set(id, { severity: setting.severity === 'off' ? 'warning' : setting.severity, options: { ...setting.options, ...(options[id] ?? {}) } });
    else config.rules.set(id, { ...setting, severity: 'off' });
  }
  return config;
}

/** The migration tools' own files of an in-memory project: { 'prisma/migrations/migration_lock.toml': '…' }. */
export function toolFiles(files: Record<string, string> = {}): ToolFile[] {
  return Object.entries(files).map(([relPath, text]) => ({ relPath, text }));
}

export function lint(files: Record<string, string>, config: ResolvedConfig = defaultConfig(), tools?: ToolFile[], baseTexts: Record<string, string> = {}) {
  return lintProject(project(files, baseTexts), config, { toolFiles: tools });
}
