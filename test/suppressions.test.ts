// Bulk suppressions, the engine's part (engine/suppressions.ts): which findings a suppressions file
// hides, and how --suppress-all, --suppress-rule and --prune-suppressions rewrite it (ESLint's model).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applySuppressions,
  ConfigError,
  parseSuppressions,
  pruneSuppressions,
  serializeSuppressions,
  suppressFindings,
  type Suppressions,
} from '../server/src/engine/index.js';

const f = (ruleId: string, n = 1): { ruleId: string; n: number }[] => Array.from({ length: n }, (_, i) => ({ ruleId, n: i }));
const rulesOf = (findings: { ruleId: string }[]): string[] => findings.map((x) => x.ruleId);

describe('applySuppressions', () => {
  const suppressions: Suppressions = { 'db/structure.sql': { 'naming-table': { count: 2 }, 'prefer-jsonb': { count: 1 } } };

  test('hides a rule while its findings are at most the count; other rules and files are untouched', () => {
    const out = applySuppressions(
      [
        { key: 'db/structure.sql', findings: [...f('naming-table', 2), ...f('no-char-type')] },
        { key: 'db/other.sql', findings: f('naming-table') },
      ],
      suppressions,
    );
    assert.deepEqual(rulesOf(out.files[0]!.findings), ['no-char-type']);
    assert.equal(out.files[0]!.suppressed, 2);
    assert.deepEqual(rulesOf(out.files[1]!.findings), ['naming-table'], 'keys are per file');
    assert.equal(out.suppressed, 2);
    // prefer-jsonb's suppression is no longer used by any finding.
    assert.deepEqual(out.unused, { 'db/structure.sql': { 'prefer-jsonb': { count: 1 } } });
  });

  test('when a count grows, every finding of that rule in that file is reported again (which one is new cannot be told)', () => {
    const out = applySuppressions([{ key: 'db/structure.sql', findings: [...f('naming-table', 3), ...f('prefer-jsonb')] }], suppressions);
    assert.deepEqual(rulesOf(out.files[0]!.findings), ['naming-table', 'naming-table', 'naming-table']);
    assert.equal(out.suppressed, 1);
    assert.deepEqual(out.unused, {});
  });

  test('fewer findings than the count: hidden, and the difference is unused', () => {
    const out = applySuppressions([{ key: 'db/structure.sql', findings: [...f('naming-table'), ...f('prefer-jsonb')] }], suppressions);
    assert.deepEqual(out.files[0]!.findings, []);
    assert.deepEqual(out.unused, { 'db/structure.sql': { 'naming-table': { count: 1 } } });
  });

  test('syntax errors are never suppressed', () => {
    const out = applySuppressions([{ key: 'a.sql', findings: f('syntax-error') }], { 'a.sql': { 'syntax-error': { count: 5 } } });
    assert.deepEqual(rulesOf(out.files[0]!.findings), ['syntax-error']);
    assert.deepEqual(suppressFindings([{ key: 'a.sql', findings: f('syntax-error') }], {}), {});
  });

  test('suppressions of files not linted in this run are neither applied nor unused', () => {
    assert.deepEqual(applySuppressions([{ key: 'b.sql', findings: [] }], suppressions).unused, {});
  });
});

describe('rewriting the file', () => {
  test('--suppress-all records every rule, keeping entries of files not linted now', () => {
    const existing: Suppressions = { 'old.sql': { 'naming-table': { count: 1 } }, 'a.sql': { 'prefer-jsonb': { count: 9 } } };
    const next = suppressFindings([{ key: 'a.sql', findings: [...f('naming-table', 2), ...f('prefer-jsonb', 3)] }], existing);
    assert.deepEqual(next, { 'old.sql': { 'naming-table': { count: 1 } }, 'a.sql': { 'prefer-jsonb': { count: 3 }, 'naming-table': { count: 2 } } });
    assert.deepEqual(existing['a.sql'], { 'prefer-jsonb': { count: 9 } }, 'the input is not modified');
  });

  test('--suppress-rule records only that rule', () => {
    const next = suppressFindings([{ key: 'a.sql', findings: [...f('naming-table', 2), ...f('prefer-jsonb')] }], {}, new Set(['prefer-jsonb']));
    assert.deepEqual(next, { 'a.sql': { 'prefer-jsonb': { count: 1 } } });
  });

  test('--prune-suppressions lowers counts to what occurs and drops what no longer does', () => {
    const existing: Suppressions = { 'a.sql': { 'naming-table': { count: 3 }, 'prefer-jsonb': { count: 1 } }, 'b.sql': { 'no-char-type': { count: 1 } } };
    const { unused } = applySuppressions(
      [
        { key: 'a.sql', findings: f('naming-table') },
        { key: 'b.sql', findings: [] },
      ],
      existing,
    );
    assert.deepEqual(pruneSuppressions(existing, unused), { 'a.sql': { 'naming-table': { count: 1 } } });
  });

  test('the file is written with sorted keys, so that rewriting changes only what changed', () => {
    const text = serializeSuppressions({ 'z.sql': { b: { count: 1 }, a: { count: 2 } }, 'a.sql': { c: { count: 3 } }, 'empty.sql': {} });
    assert.equal(text, '{\n  "a.sql": {\n    "c": {\n      "count": 3\n    }\n  },\n  "z.sql": {\n    "a": {\n      "count": 2\n    },\n    "b": {\n      "count": 1\n    }\n  }\n}\n');
    assert.deepEqual(parseSuppressions(text, 'x.json'), { 'a.sql': { c: { count: 3 } }, 'z.sql': { a: { count: 2 }, b: { count: 1 } } });
  });
});

describe('parseSuppressions', () => {
  const problem = (text: string): ConfigError => {
    try {
      parseSuppressions(text, 'f.json');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e;
    }
    assert.fail(`accepted ${text}`);
  };

  test('names the line and column of what is wrong', () => {
    let e = problem('{\n  "a.sql": {\n    "naming-table": { "count": 0 }\n  }\n}\n');
    assert.deepEqual([e.line, e.column], [3, 5]);
    assert.match(e.problem, /"a\.sql" → "naming-table" must be \{ "count": <a positive integer> \}/);
    e = problem('{\n  "a.sql": [1]\n}');
    assert.deepEqual([e.line, e.column], [2, 3]);
    e = problem('{ "a.sql": { "x": { "count": 1 } }');
    assert.match(e.problem, /invalid JSON/);
    assert.match(problem('[]').problem, /expected an object of file paths/);
    assert.match(problem('{ "a.sql": { "x": { "count": 1.5 } } }').problem, /positive integer/);
  });

  test('accepts an empty file object and rules the linter no longer has (prune removes them)', () => {
    assert.deepEqual(parseSuppressions('{}', 'f.json'), {});
    assert.deepEqual(parseSuppressions('{ "a.sql": { "retired-rule": { "count": 2 } } }', 'f.json'), { 'a.sql': { 'retired-rule': { count: 2 } } });
  });
});
