// No rule, replay step or reporter may do work proportional to the history per file, statement or
// finding: on a history of ten thousand migrations that is quadratic, and the lint takes minutes. This
// lints generated histories of 100 and 700 files and compares, per rule, the time a file typically
// takes, and the CPU time per file of ordering and replaying the history and of the reporters: a cost
// that grows clearly faster than the history fails. Trimmed means, the minimum of a few runs and a
// generous tolerance keep it stable on a loaded machine; a rule injected here that scans the final
// model once per file proves on every run that the comparison still catches what it is for.
// (Timings are asserted only as ratios between the two sizes, never against a budget: see test/bench.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultConfig, lintProject, parseDocument, rules, type AnyRule, type ParsedFile, type Rule, type RuleContext } from '../server/src/engine/index.js';
import { formatJson } from '../server/src/cli/reporters/json.js';
import { formatSarif } from '../server/src/cli/reporters/sarif.js';
import { formatText } from '../server/src/cli/reporters/text.js';
import type { ReportInput } from '../server/src/cli/reporters/types.js';
import { onlyRules, project, usePostgresParser } from './helpers/engine.js';
import { syntheticHistory } from './helpers/history.js';

usePostgresParser();

const SMALL = 100;
const LARGE = 700;
const RUNS = 3;
/**
 * A cost proportional to the history grows by LARGE / SMALL = 7 per file; what every file costs
 * anyway dilutes that, so the test flags a per-file cost that grows by more than TOLERANCE and by
 * more than GROWTH_FLOOR_MS (about 0.07 ms per file, 0.5 s in all, at 8,000 files). Linear rules
 * measure x0.8-1.3; the injected scan x5-7; require-primary-key scanning the final tables x2.5-3.
 */
const TOLERANCE = 1.8;
const GROWTH_FLOOR_MS = 0.005;
/**
 * The replay is compared between LARGE and REPLAY_LARGE files instead: a model of 100 files' tables
 * fits the CPU caches and replays three times faster per file than one of 700 with no less work. From
 * 700 to 2,100 files its cost per file still grows x1.2-1.5 with no more work (profiled: every map
 * operation and the garbage collector a little slower), hence REPLAY_TOLERANCE; a second test counts
 * its scans of the model, which no timing blurs. The larger history is parsed with PostgreSQL's
 * parser alone (same facts, six times faster to parse).
 */
const REPLAY_LARGE = 2100;
const REPLAY_TOLERANCE = 2;

const REPLAY = '(ordering and replay, without rules)';
const REPORTERS = '(reporters: json, sarif, text)';
const INJECTED = 'injected-quadratic-scan';

/** The trap this test exists for: every file scans every table of the final schema. */
const injected: Rule = {
  id: INJECTED,
  meta: {
    description: 'Disallow nothing: scans the final schema once per file.',
    category: 'schema design',
    defaultSeverity: 'info',
    messages: {},
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx: RuleContext<Record<string, never>>) {
    let columns = 0;
    for (const t of ctx.final.tables.values()) if (t.origin.file === ctx.file.path) columns += t.columns.size;
    if (columns < 0) ctx.report({ messageId: 'never', range: { start: 0, end: 0 } });
  },
};

/** Every rule off, the injected one too (it is not in the registry the defaults are made from). */
const NO_RULES = onlyRules([]);
NO_RULES.rules.set(INJECTED, { severity: 'off', options: {} });

/** Milliseconds per file (per rule) of one lint, as a trimmed mean: see `typical`. */
type Costs = Map<string, number>;

const originalChecks = new Map<Rule, Rule['check']>();
/** Per rule, the time each file took in the lint being measured. */
let perFile = new Map<string, number[]>();

before(() => {
  (rules as AnyRule[]).push(injected);
  for (const rule of rules) {
    const check = rule.check;
    originalChecks.set(rule, check);
    rule.check = (ctx) => {
      const t0 = performance.now();
      try {
        check.call(rule, ctx);
      } finally {
        const list = perFile.get(rule.id);
        if (list) list.push(performance.now() - t0);
        else perFile.set(rule.id, [performance.now() - t0]);
      }
    };
  }
});

after(() => {
  for (const [rule, check] of originalChecks) rule.check = check;
  (rules as AnyRule[]).splice(rules.indexOf(injected), 1);
});

/**
 * The mean without the slowest 3 % of files: a preempted process, a garbage collection or an index
 * built once per lint lands on a few files, while a cost proportional to the history lands on all of
 * them (or on every file with a finding).
 */
function typical(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const kept = sorted.slice(0, Math.max(1, Math.floor(sorted.length * 0.97)));
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

interface History {
  files: ReturnType<typeof project>;
  cache: Map<string, { text: string; parsed: ParsedFile }>;
  /** The last lint's findings, for the reporters. */
  report?: ReportInput;
}

function prepare(n: number, primaryAst = true): History {
  const files = project(syntheticHistory(n, { rich: true }));
  const cache = new Map(files.map((f) => [f.path, { text: f.text, parsed: parseDocument(f.text, { primaryAst }) }]));
  return { files, cache };
}

/** CPU milliseconds per file of ordering and replaying the history with every rule off (the best of three). */
function replayCost(history: History): number {
  const best = Math.min(...[0, 1, 2].map(() => timed(() => lintProject(history.files, NO_RULES, { parsedCache: history.cache }))));
  return best / history.files.length;
}

function measure(history: History): Costs {
  perFile = new Map();
  const result = lintProject(history.files, defaultConfig(), { parsedCache: history.cache });
  const costs: Costs = new Map();
  for (const [id, times] of perFile) costs.set(id, typical(times));
  history.report = { files: result.files.map((f) => ({ displayPath: f.relPath, findings: f.findings })), skipped: [] };
  return costs;
}

/**
 * Milliseconds per file of the json, sarif and text reporters. Each allocates its whole output, so
 * garbage collections weigh on it: the sizes alternate and the fastest of several runs counts.
 */
function reporterCosts(histories: History[]): number[] {
  const best = histories.map(() => Infinity);
  for (let run = 0; run < 8; run++)
    histories.forEach((h, i) => {
      const input = h.report!;
      const ms = timed(() => formatJson(input)) + timed(() => formatSarif(input, '0.0.0')) + timed(() => formatText(input, false));
      best[i] = Math.min(best[i]!, ms / input.files.length);
    });
  return best;
}

/** CPU milliseconds (user and system) that `run` takes: unlike wall time, not inflated when a loaded machine preempts the process. */
function timed(run: () => unknown): number {
  const t0 = process.cpuUsage();
  run();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

function minimum(runs: Costs[]): Costs {
  const out: Costs = new Map();
  for (const run of runs) for (const [id, ms] of run) out.set(id, Math.min(out.get(id) ?? Infinity, ms));
  return out;
}

interface Growth {
  id: string;
  smallPerFile: number;
  largePerFile: number;
  ratio: number;
}

function growths(small: Costs, large: Costs): Growth[] {
  return [...large.keys()].map((id) => {
    const smallPerFile = small.get(id) ?? 0;
    const largePerFile = large.get(id)!;
    return { id, smallPerFile, largePerFile, ratio: largePerFile / Math.max(smallPerFile, 1e-9) };
  });
}

const grewTooFast = (g: Growth): boolean => g.ratio > (g.id === REPLAY ? REPLAY_TOLERANCE : TOLERANCE) && g.largePerFile - g.smallPerFile > GROWTH_FLOOR_MS;

function describe(g: Growth): string {
  const [small, large] = g.id === REPLAY ? [LARGE, REPLAY_LARGE] : [SMALL, LARGE];
  return `${g.id}: ${(g.smallPerFile * 1000).toFixed(1)} µs/file at ${small} files, ${(g.largePerFile * 1000).toFixed(1)} µs/file at ${large} (x${g.ratio.toFixed(2)})`;
}

test(`per-file cost of every rule, the replay and the reporters stays flat from ${SMALL} to ${LARGE} files`, () => {
  const small = prepare(SMALL);
  const large = prepare(LARGE);
  // Warm up the JIT on the small history so that it is not charged to the first measurement.
  measure(small);
  const smallRuns: Costs[] = [];
  const largeRuns: Costs[] = [];
  for (let i = 0; i < RUNS; i++) {
    smallRuns.push(measure(small));
    largeRuns.push(measure(large));
  }
  const [smallCosts, largeCosts] = [minimum(smallRuns), minimum(largeRuns)];
  const [smallReporters, largeReporters] = reporterCosts([small, large]);
  smallCosts.set(REPORTERS, smallReporters!);
  largeCosts.set(REPORTERS, largeReporters!);
  // The replay, between LARGE and REPLAY_LARGE files (see REPLAY_LARGE), alternating.
  const replayLarge = prepare(REPLAY_LARGE, false);
  const replays = [0, 1].map(() => [replayCost(large), replayCost(replayLarge)] as const);
  smallCosts.set(REPLAY, Math.min(...replays.map((r) => r[0])));
  largeCosts.set(REPLAY, Math.min(...replays.map((r) => r[1])));
  const all = growths(smallCosts, largeCosts);
  const trap = all.find((g) => g.id === INJECTED)!;
  assert.ok(grewTooFast(trap), `the comparison must catch a rule that scans the final schema per file; it measured ${describe(trap)}`);
  const offenders = all.filter((g) => g.id !== INJECTED && grewTooFast(g));
  assert.deepEqual(offenders.map(describe), [], 'per-file cost grows with the history');
  if (process.env.SCALING_REPORT) for (const g of all.sort((a, b) => b.largePerFile - a.largePerFile)) console.log(describe(g));
});

/** A map this large is the model's (tables, indexes, views) or the history's, never a table's columns. */
const LARGE_MAP = 200;

/** How many times `run` iterates a Map of LARGE_MAP entries or more (a scan of the model or the history). */
function largeMapScans(run: () => void): number {
  const proto = Map.prototype as unknown as Record<string | symbol, (...args: unknown[]) => unknown>;
  const names: (string | symbol)[] = ['forEach', 'entries', 'keys', 'values', Symbol.iterator];
  const originals = new Map(names.map((n) => [n, proto[n]!]));
  let scans = 0;
  for (const [name, original] of originals)
    proto[name] = function (this: Map<unknown, unknown>, ...args: unknown[]) {
      if (this.size >= LARGE_MAP) scans++;
      return original.apply(this, args);
    };
  try {
    run();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return scans;
}

test(`replaying ${REPLAY_LARGE} files scans the model or the history a bounded number of times, not once per file`, () => {
  const history = prepare(REPLAY_LARGE, false);
  const scans = largeMapScans(() => lintProject(history.files, NO_RULES, { parsedCache: history.cache }));
  assert.ok(scans <= 10, `${scans} scans of a map of ${LARGE_MAP}+ entries while ordering and replaying ${REPLAY_LARGE} files`);
});
