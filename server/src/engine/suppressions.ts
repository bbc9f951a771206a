// Bulk suppressions, on ESLint's model (eslint.org/docs/latest/use/suppressions): a committed file
// counts, per file and rule, the findings that existed when it was written. A file whose findings of a
// rule are at most that count shows none of them; when the count grows, all of them are shown again,
// because which one is new cannot be told. Pure logic: reading and writing the file is in
// server/src/node/suppressions.ts.
//
// Unlike ESLint, every severity is counted, not only errors: warnings gate CI too (`--max-warnings`,
// pull-request annotations), and a schema dump's thousands of warnings are what buries a new one.
// `syntax-error` is never suppressed: a statement PostgreSQL cannot parse is not legacy to live with.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from './config.js';

export const SUPPRESSIONS_FILE_NAME = '.sql-schema-lint-suppressions.json';

/** Relative path (forward slashes, from the suppressions file's folder) -> rule id -> how many findings are tolerated. */
export type Suppressions = Record<string, Record<string, { count: number }>>;

/** Rules whose findings a suppressions file never hides. */
export const UNSUPPRESSIBLE_RULES: ReadonlySet<string> = new Set(['syntax-error']);

/** The findings of one file, keyed as in the suppressions file. */
export interface SuppressionInput<F extends { ruleId: string }> {
  key: string;
  findings: F[];
}

export interface SuppressionOutcome<F> {
  /** Per input file, in input order: the findings still reported. */
  files: { key: string; findings: F[]; suppressed: number }[];
  /** Findings hidden in all. */
  suppressed: number;
  /** Counts no finding used up, for the files given (as ESLint's unused suppressions). */
  unused: Suppressions;
}

function countByRule<F extends { ruleId: string }>(findings: F[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) if (!UNSUPPRESSIBLE_RULES.has(f.ruleId)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/** Hides, per file and rule, the findings the suppressions allow; a rule over its count is reported whole. */
export function applySuppressions<F extends { ruleId: string }>(inputs: SuppressionInput<F>[], suppressions: Suppressions): SuppressionOutcome<F> {
  const files: SuppressionOutcome<F>['files'] = [];
  const unused: Suppressions = {};
  let total = 0;
  for (const { key, findings } of inputs) {
    const entry = suppressions[key];
    if (!entry) {
      files.push({ key, findings, suppressed: 0 });
      continue;
    }
    const counts = countByRule(findings);
    const hidden = new Set<string>();
    for (const [ruleId, allowed] of Object.entries(entry)) {
      const found = counts.get(ruleId) ?? 0;
      if (found > 0 && found <= allowed.count) hidden.add(ruleId);
      if (found < allowed.count) (unused[key] ??= {})[ruleId] = { count: allowed.count - found };
    }
    const kept = hidden.size ? findings.filter((f) => !hidden.has(f.ruleId)) : findings;
    const suppressed = findings.length - kept.length;
    total += suppressed;
    files.push({ key, findings: kept, suppressed });
  }
  return { files, suppressed: total, unused };
}

/**
 * `--suppress-all` / `--suppress-rule`: the current count of every (file, rule) found, over the existing
 * suppressions (entries of files and rules not linted now are kept, as ESLint keeps them).
 */
export function suppressFindings<F extends { ruleId: string }>(inputs: SuppressionInput<F>[], existing: Suppressions, onlyRules?: ReadonlySet<string>): Suppressions {
  const out = cloneSuppressions(existing);
  for (const { key, findings } of inputs) {
    for (const [ruleId, count] of countByRule(findings)) {
      if (onlyRules && !onlyRules.has(ruleId)) continue;
      (out[key] ??= {})[ruleId] = { count };
    }
  }
  return out;
}

/** `--prune-suppressions`: lowers each count to what still occurs and drops what no longer does. */
export function pruneSuppressions(existing: Suppressions, unused: Suppressions): Suppressions {
  const out = cloneSuppressions(existing);
  for (const [key, rules] of Object.entries(unused)) {
    const entry = out[key];
    if (!entry) continue;
    for (const [ruleId, { count }] of Object.entries(rules)) {
      const allowed = entry[ruleId];
      if (!allowed) continue;
      if (allowed.count <= count) delete entry[ruleId];
      else allowed.count -= count;
    }
    if (Object.keys(entry).length === 0) delete out[key];
  }
  return out;
}

export function countSuppressed(s: Suppressions): { files: number; findings: number } {
  let findings = 0;
  for (const rules of Object.values(s)) for (const { count } of Object.values(rules)) findings += count;
  return { files: Object.keys(s).length, findings };
}

function cloneSuppressions(s: Suppressions): Suppressions {
  const out: Suppressions = {};
  for (const [key, rules] of Object.entries(s)) {
    out[key] = {};
    for (const [ruleId, { count }] of Object.entries(rules)) out[key]![ruleId] = { count };
  }
  return out;
}

/** Sorted keys, two-space indent, final newline: rewriting an unchanged file changes no byte, and diffs stay small. */
export function serializeSuppressions(s: Suppressions): string {
  const sorted: Suppressions = {};
  for (const key of Object.keys(s).sort()) {
    const rules = s[key]!;
    const ids = Object.keys(rules).sort();
    if (!ids.length) continue;
    sorted[key] = {};
    for (const id of ids) sorted[key]![id] = { count: rules[id]!.count };
  }
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** Parses a suppressions file; throws ConfigError (file, line, column, problem) when it is not of the expected shape. */
export function parseSuppressions(text: string, file: string): Suppressions {
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const fail = (offset: number, problem: string): never => {
    const before = text.slice(0, offset).split(/\r?\n/);
    throw new ConfigError(file, before.length, before[before.length - 1]!.length + 1, problem);
  };
  const locate = (needle: string, from = 0): number => Math.max(0, text.indexOf(JSON.stringify(needle), from));
  if (errors.length) fail(errors[0]!.offset, `invalid JSON: ${printParseErrorCode(errors[0]!.error)}`);
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(raw)) return fail(0, 'expected an object of file paths to { "<rule-id>": { "count": <n> } }');
  const out: Suppressions = {};
  for (const [key, rules] of Object.entries(raw)) {
    const at = locate(key);
    if (!isObject(rules)) fail(at, `"${key}" must be an object of rule ids to { "count": <n> }`);
    out[key] = {};
    for (const [ruleId, value] of Object.entries(rules as Record<string, unknown>)) {
      const count = isObject(value) ? value.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) fail(locate(ruleId, at), `"${key}" → "${ruleId}" must be { "count": <a positive integer> }`);
      out[key]![ruleId] = { count: count as number };
    }
  }
  return out;
}
