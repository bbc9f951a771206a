// The project configuration file `.sql-schema-lint.json` (JSON with comments), shared by the
// editor and the CLI. Every problem is reported once, with file, line and column; nothing throws past here.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isVersionString } from './model/order.js';
import { rulesById } from './rules/index.js';
import type { AnyRule, JsonSchemaProperty, Severity, SeveritySetting } from './rules/types.js';
import { MIGRATION_TOOL_IDS, type MigrationToolId } from './migration-tools/types.js';
import type { TableStats } from './locks/table-stats.js';

export const CONFIG_FILE_NAME = '.sql-schema-lint.json';
export const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  /** The config file it came from, if any. */
  file?: string;
  rules: Map<string, RuleSetting>;
  migrations: string[];
  ignore: string[];
  postgresVersion: number;
  /** The migration tool that runs every file (`"migrationTool"`); undefined detects it per file. */
  migrationTool?: MigrationToolId;
  /** Migrations whose version sorts at or before this one are applied: replayed, not reported (strong_migrations' start_after). */
  appliedThrough?: string;
  /** Below both limits a table is small: size-dependent findings on it drop to info (with table statistics). */
  smallTable: SmallTableThreshold;
  /** .sql-schema-lint-stats.json, when the project has one (read by the CLI and the language server). */
  tableStats?: TableStats;
}

export interface SmallTableThreshold {
  rows: number;
  bytes: number;
}

export const DEFAULT_SMALL_TABLE: Readonly<SmallTableThreshold> = Object.freeze({ rows: 10_000, bytes: 100 * 1024 * 1024 });

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

export const DEFAULT_POSTGRES_VERSION = 16;

export function defaultConfig(): ResolvedConfig {
  const rules = new Map<string, RuleSetting>();
  for (const r of rulesById.values()) rules.set(r.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions as object) } });
  return { rules, migrations: [], ignore: [], postgresVersion: DEFAULT_POSTGRES_VERSION, smallTable: { ...DEFAULT_SMALL_TABLE } };
}

/** Parses a config file's text; throws ConfigError naming the file, line and problem. */
export function parseConfig(text: string, file: string): ResolvedConfig {
  const errors: ParseError[] = [];
  const raw = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const at = (offset: number): [number, number] => {
    const before = text.slice(0, offset).split(/\r?\n/);
    return [before.length, before[before.length - 1]!.length + 1];
  };
  const fail = (offset: number, problem: string): never => {
    const [l, c] = at(offset);
    throw new ConfigError(file, l, c, problem);
  };
  if (errors.length) fail(errors[0]!.offset, `invalid JSON: ${printParseErrorCode(errors[0]!.error)}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(0, 'the configuration must be a JSON object');
  const locate = (needle: string): number => {
    const i = text.indexOf(JSON.stringify(needle));
    return i < 0 ? 0 : i;
  };
  const config = defaultConfig();
  config.file = file;
  for (const key of Object.keys(raw)) {
    if (!['rules', 'migrations', 'ignore', 'postgresVersion', 'migrationTool', 'appliedThrough', 'smallTable', '$schema'].includes(key))
      fail(locate(key), `unknown setting "${key}" (expected rules, migrations, ignore, postgresVersion, migrationTool, appliedThrough, smallTable)`);
  }
  if (raw.migrationTool !== undefined && raw.migrationTool !== 'auto') {
    if (!MIGRATION_TOOL_IDS.includes(raw.migrationTool)) fail(locate('migrationTool'), `"migrationTool" must be "auto" or one of ${MIGRATION_TOOL_IDS.map((t) => `"${t}"`).join(', ')}`);
    config.migrationTool = raw.migrationTool;
  }
  if (raw.appliedThrough !== undefined) {
    if (typeof raw.appliedThrough !== 'string' || !isVersionString(raw.appliedThrough))
      fail(locate('appliedThrough'), '"appliedThrough" must be the version of the last applied migration, such as "20240101120000" or "0042"');
    config.appliedThrough = raw.appliedThrough;
  }
  if (raw.postgresVersion !== undefined) {
    if (typeof raw.postgresVersion !== 'number' || raw.postgresVersion < 9 || raw.postgresVersion > 30)
      fail(locate('postgresVersion'), '"postgresVersion" must be a PostgreSQL major version number such as 16');
    config.postgresVersion = raw.postgresVersion;
  }
  if (raw.smallTable !== undefined) {
    const t = raw.smallTable as { rows?: unknown; megabytes?: unknown };
    const ok = (v: unknown): boolean => v === undefined || (typeof v === 'number' && v >= 0);
    if (!t || typeof t !== 'object' || Array.isArray(t) || Object.keys(t).some((k) => k !== 'rows' && k !== 'megabytes') || !ok(t.rows) || !ok(t.megabytes))
      fail(locate('smallTable'), '"smallTable" must be an object like { "rows": 10000, "megabytes": 100 }');
    if (typeof t.rows === 'number') config.smallTable.rows = t.rows;
    if (typeof t.megabytes === 'number') config.smallTable.bytes = t.megabytes * 1024 * 1024;
  }
  for (const key of ['migrations', 'ignore'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((x: unknown) => typeof x !== 'string')) fail(locate(key), `"${key}" must be an array of glob strings`);
    config[key] = v;
  }
  if (raw.rules !== undefined) {
    if (!raw.rules || typeof raw.rules !== 'object' || Array.isArray(raw.rules)) fail(locate('rules'), '"rules" must be an object of rule id to setting');
    for (const [id, value] of Object.entries(raw.rules as Record<string, unknown>)) {
      const rule = rulesById.get(id);
      if (!rule) fail(locate(id), `unknown rule "${id}"`);
      const problem = applyRuleSetting(config, rule!, value);
      if (problem) fail(locate(id), `rule "${id}": ${problem}`);
    }
  }
  return config;
}

/** Applies `"rule": "warning"` or `["warning", {options}]`; returns a problem or undefined. */
export function applyRuleSetting(config: ResolvedConfig, rule: AnyRule, value: unknown): string | undefined {
  let severity: unknown = value;
  let options: unknown;
  if (Array.isArray(value)) {
    severity = value[0];
    options = value[1];
    if (value.length > 2) return 'expected ["<severity>", {options}]';
  }
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as SeveritySetting))
    return `severity must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(severity)}`;
  const merged: Record<string, unknown> = { ...(rule.meta.defaultOptions as object) };
  if (options !== undefined) {
    if (!options || typeof options !== 'object' || Array.isArray(options)) return 'options must be an object';
    for (const [k, v] of Object.entries(options)) {
      const prop = rule.meta.schema.properties[k];
      if (!prop) return `unknown option "${k}" (known: ${Object.keys(rule.meta.schema.properties).join(', ') || 'none'})`;
      const bad = checkOption(prop, v);
      if (bad) return `option "${k}" ${bad}`;
      merged[k] = v;
    }
  }
  config.rules.set(rule.id, { severity: severity as SeveritySetting, options: merged });
  return undefined;
}

function checkOption(p: JsonSchemaProperty, v: unknown): string | undefined {
  switch (p.type) {
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      if (typeof v !== 'string') return 'must be a string';
      return p.enum && !p.enum.includes(v) ? `must be one of ${p.enum.map((e) => `"${e}"`).join(', ')}` : undefined;
    case 'number':
    case 'integer':
      if (typeof v !== 'number' || (p.type === 'integer' && !Number.isInteger(v))) return `must be ${p.type === 'integer' ? 'an integer' : 'a number'}`;
      return p.minimum !== undefined && v < p.minimum ? `must be at least ${p.minimum}` : undefined;
    case 'array':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be an array of strings';
  }
}

export function isSeverity(s: SeveritySetting): s is Severity {
  return s !== 'off';
}

/** The JSON schema of the config file, generated from rule metadata (shipped as schemas/sql-schema-lint.schema.json). */
export function configJsonSchema(): object {
  const ruleProps: Record<string, object> = {};
  const severity = { type: 'string', enum: SEVERITIES };
  for (const r of rulesById.values()) {
    ruleProps[r.id] = {
      description: `${r.meta.description} (default: ${r.meta.defaultSeverity})`,
      oneOf: [
        severity,
        {
          type: 'array',
          items: [severity, { type: 'object', properties: r.meta.schema.properties, additionalProperties: false }],
          minItems: 1,
          maxItems: 2,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from the rule metadata by `npm run generate`; do not edit.',
    title: 'SQL Schema Lint configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: { type: 'object', properties: ruleProps, additionalProperties: false },
      migrations: { type: 'array', items: { type: 'string' }, description: 'Globs of migration files, in history order when several are given (files matching the first glob come first); default: every .sql file, ordered by version.' },
      ignore: { type: 'array', items: { type: 'string' }, description: 'Globs of .sql files not to lint or replay.' },
      postgresVersion: { type: 'integer', minimum: 9, maximum: 30, description: 'The PostgreSQL major version the migrations run on (some rules depend on it).', default: DEFAULT_POSTGRES_VERSION },
      migrationTool: {
        type: 'string',
        enum: ['auto', ...MIGRATION_TOOL_IDS],
        description:
          'The migration tool that runs the files, which decides their up and down sections and whether each runs in a transaction (docs/migration-tools.md); "auto" (default) detects it per file from its layout, markers and the files the tool leaves.',
        default: 'auto',
      },
      appliedThrough: {
        type: 'string',
        pattern: '^[VU]?\\d',
        description:
          'The version of the last migration applied in production (e.g. "20240101120000"): migrations that sort at or before it are applied, replayed for context but not reported or fixed. Unversioned files stay pending. The CLI flags --since, --changed and --staged take precedence.',
      },
      smallTable: {
        type: 'object',
        description:
          'With table statistics (.sql-schema-lint-stats.json, from `sql-schema-lint stats --query`), findings that rewrite, scan or index a table below both limits drop to info.',
        properties: {
          rows: { type: 'number', minimum: 0, default: DEFAULT_SMALL_TABLE.rows, description: 'Estimated rows below which a table is small.' },
          megabytes: { type: 'number', minimum: 0, default: DEFAULT_SMALL_TABLE.bytes / 1024 / 1024, description: 'Total size (heap, indexes, TOAST) in MB below which a table is small.' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}
