// The project configuration file `.sql-schema-lint.json` (JSON with comments), shared by the
// editor and the CLI. Every problem is reported once, with file, line and column; nothing throws past here.
import { createScanner, findNodeAtLocation, parseTree, parse as parseJsonc, printParseErrorCode, type JSONPath, type ParseError } from 'jsonc-parser';
import { isVersionString } from './model/order.js';
import { rulesById } from './rules/index.js';
import type { AnyRule, JsonSchemaProperty, Severity, SeveritySetting } from './rules/types.js';
import { MIGRATION_TOOL_IDS, type MigrationToolId } from './migration-tools/types.js';
import type { TableStats } from './locks/table-stats.js';

export const CONFIG_FILE_NAME = '.sql-schema-lint.json';
export const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
/**
 * ESLint's "warn", accepted for "warning" in the config file and on the command line alike: people who
 * come from ESLint write it without thinking, and rejecting it in one place only was a trap.
 */
const SEVERITY_ALIASES: ReadonlyMap<string, SeveritySetting> = new Map([['warn', 'warning']]);
/** A configuration needs five levels ({rules: {id: [severity, {option: [...]}]}}); deeper input is not a configuration, and the JSON parser recurses. */
const MAX_NESTING = 32;

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
  // A byte order mark is not JSON, but editors on Windows write one.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const at = (offset: number): [number, number] => {
    const before = text.slice(0, offset).split(/\r?\n/);
    return [before.length, before[before.length - 1]!.length + 1];
  };
  const fail = (offset: number, problem: string): never => {
    const [l, c] = at(offset);
    throw new ConfigError(file, l, c, problem);
  };
  const deep = nestedTooDeep(text);
  if (deep !== undefined) fail(deep, `nested more than ${MAX_NESTING} levels deep; a configuration needs five at most`);
  const errors: ParseError[] = [];
  const raw = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
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
    const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    const offsetOf = (at: JSONPath): number => (tree && findNodeAtLocation(tree, at)?.offset) ?? 0;
    for (const [id, value] of Object.entries(raw.rules as Record<string, unknown>)) {
      const rule = rulesById.get(id);
      if (!rule) fail(locate(id), `unknown rule "${id}"`);
      const bad = checkRuleSetting(rule!, value);
      if (bad) fail(offsetOf(['rules', id, ...bad.at]) || locate(id), `rule "${id}": ${bad.problem}`);
      applyRuleSetting(config, rule!, value);
    }
  }
  return config;
}

/** Applies `"rule": "warning"` or `["warning", {options}]`; returns a problem or undefined. */
export function applyRuleSetting(config: ResolvedConfig, rule: AnyRule, value: unknown): string | undefined {
  const bad = checkRuleSetting(rule, value);
  if (bad) return bad.problem;
  const [severity, options] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
  config.rules.set(rule.id, { severity: SEVERITY_ALIASES.get(severity as string) ?? (severity as SeveritySetting), options: { ...(rule.meta.defaultOptions as object), ...(options as object) } });
  return undefined;
}

/** What is wrong with a rule's setting, and where in it (a JSON path below the rule's value). */
function checkRuleSetting(rule: AnyRule, value: unknown): { problem: string; at: JSONPath } | undefined {
  let severity: unknown = value;
  let options: unknown;
  const inArray = Array.isArray(value);
  if (inArray) {
    severity = value[0];
    options = value[1];
    if (value.length > 2) return { problem: 'expected ["<severity>", {options}]', at: [] };
  }
  if (typeof severity !== 'string' || !(SEVERITIES.includes(severity as SeveritySetting) || SEVERITY_ALIASES.has(severity)))
    return { problem: `severity must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')} ("warn" means "warning"), got ${JSON.stringify(severity)}`, at: inArray ? [0] : [] };
  if (options === undefined) return undefined;
  if (!options || typeof options !== 'object' || Array.isArray(options)) return { problem: 'options must be an object', at: [1] };
  for (const [k, v] of Object.entries(options)) {
    const prop = rule.meta.schema.properties[k];
    if (!prop) return { problem: `unknown option "${k}" (known: ${Object.keys(rule.meta.schema.properties).join(', ') || 'none'})`, at: [1, k] };
    const bad = checkOption(prop, v);
    if (bad) return { problem: `option "${k}" ${bad.problem}`, at: [1, k, ...bad.at] };
  }
  return undefined;
}

function checkOption(p: JsonSchemaProperty, v: unknown): { problem: string; at: JSONPath } | undefined {
  if (p.type === 'array' && p.items?.format === 'regex' && Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      if (typeof x !== 'string') break;
      try {
        new RegExp(x);
      } catch (e) {
        return { problem: `has an invalid regular expression ${JSON.stringify(x)}: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`, at: [i] };
      }
    }
  }
  const problem = optionTypeProblem(p, v);
  return problem ? { problem, at: [] } : undefined;
}

/** The offset where `text` nests deeper than MAX_NESTING, scanned without recursion. */
function nestedTooDeep(text: string): number | undefined {
  // jsonc-parser's SyntaxKind is a const enum, which isolatedModules cannot read: its values.
  const OPEN_BRACE = 1, CLOSE_BRACE = 2, OPEN_BRACKET = 3, CLOSE_BRACKET = 4, EOF = 17;
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let t: number = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

function optionTypeProblem(p: JsonSchemaProperty, v: unknown): string | undefined {
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
  const severity = { type: 'string', enum: [...SEVERITIES, ...SEVERITY_ALIASES.keys()] };
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
