// Per-resource settings from the client (`workspace/configuration`, section `sqlSchemaLint`), cached per
// scope until the client says they changed. Clients without the configuration request get the defaults
// merged with `initializationOptions.settings`.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type Settings } from './protocol.js';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private fallback: Settings;

  constructor(
    private readonly connection: Connection,
    private readonly canAsk: boolean,
    initial?: unknown,
  ) {
    this.fallback = normalizeSettings(initial);
  }

  /** Settings for a scope (a workspace folder URI, or undefined for files outside every folder). */
  get(scopeUri: string | undefined): Promise<Settings> {
    const key = scopeUri ?? '';
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.canAsk
        ? this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }).then(
            (raw) => normalizeSettings(raw, this.fallback),
            () => this.fallback,
          )
        : Promise.resolve(this.fallback);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** `workspace/didChangeConfiguration`: forget everything; push-style clients send the new values. */
  changed(pushed?: unknown): void {
    this.cache.clear();
    const section = (pushed as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (!this.canAsk && section) this.fallback = normalizeSettings(section);
  }
}

/** Anything the client sent, as complete Settings (wrong types fall back to the defaults). */
export function normalizeSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const s: Settings = { ...base, migrations: [...base.migrations] };
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') s.run = r.run;
  if (Array.isArray(r.migrations)) s.migrations = r.migrations.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (r.postgresVersion === null || (typeof r.postgresVersion === 'number' && Number.isInteger(r.postgresVersion) && r.postgresVersion >= 9 && r.postgresVersion <= 30))
    s.postgresVersion = r.postgresVersion;
  if (typeof r.lintUnopenedFiles === 'boolean') s.lintUnopenedFiles = r.lintUnopenedFiles;
  if (r.report === 'pending' || r.report === 'all') s.report = r.report;
  if (typeof r.baseRef === 'string') s.baseRef = r.baseRef.trim();
  if (r.lockHints === 'on' || r.lockHints === 'off') s.lockHints = r.lockHints;
  if (r.verify === 'off' || r.verify === 'onSave') s.verify = r.verify;
  return s;
}
