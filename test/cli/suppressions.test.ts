// Bulk suppressions from the command line, run as a process: --suppress-all, --suppress-rule and
// --prune-suppressions write .sql-schema-lint-suppressions.json; later runs report only what is new.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const FILE = '.sql-schema-lint-suppressions.json';
// A schema dump edited in place: two float money columns, a json column, a singular table name.
const STRUCTURE = 'CREATE TABLE invoice (\n  id bigserial PRIMARY KEY,\n  total float8,\n  tax float8,\n  meta json\n);\n';
const HISTORY = { 'db/structure.sql': STRUCTURE, 'db/migrations/0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, price real);\n' };

interface Json {
  diagnostics: { file: string; rule: string }[];
  suppressed: number;
}
const json = (dir: string, args: string[] = []): Json & { code: number; stderr: string } => {
  const r = runCli(['.', '--format', 'json', ...args], dir);
  return { ...(JSON.parse(r.stdout) as Json), code: r.code, stderr: r.stderr };
};
const rows = (j: Json): string[] => j.diagnostics.map((d) => `${d.file} ${d.rule}`).sort();

describe('bulk suppressions (CLI)', () => {
  test('--suppress-all records every finding by file and rule; the next run reports none of them and exits 0', () => {
    const dir = fixture({ ...HISTORY, '.sql-schema-lint.json': '{ "rules": { "no-float-for-money": "error" } }' });
    assert.equal(runCli(['.'], dir).code, 1, 'errors before suppressing');
    const r = runCli(['.', '--suppress-all'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /Wrote \.sql-schema-lint-suppressions\.json: 5 findings in 2 files suppressed/);
    assert.match(r.stdout, /No problems in 2 files\. 5 findings suppressed/);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, FILE), 'utf8')), {
      'db/migrations/0001_users.sql': { 'no-float-for-money': { count: 1 } },
      'db/structure.sql': { 'naming-table': { count: 1 }, 'no-float-for-money': { count: 2 }, 'prefer-jsonb': { count: 1 } },
    });
    const again = json(dir);
    assert.equal(again.code, 0);
    assert.deepEqual(again.diagnostics, []);
    assert.equal(again.suppressed, 5);
  });

  test('a new finding of a suppressed rule brings back all that file\'s findings of the rule; other rules and files stay hidden', () => {
    const dir = fixture(HISTORY);
    runCli(['.', '--suppress-all'], dir);
    appendFileSync(join(dir, 'db/structure.sql'), 'ALTER TABLE invoice ADD COLUMN fee real;\n');
    writeFileSync(join(dir, 'db/migrations/0002_orders.sql'), 'CREATE TABLE orders (id bigserial PRIMARY KEY, amount real);\n');
    const j = json(dir);
    assert.deepEqual(rows(j), [
      'db/migrations/0002_orders.sql no-float-for-money',
      'db/structure.sql no-float-for-money',
      'db/structure.sql no-float-for-money',
      'db/structure.sql no-float-for-money',
    ]);
    assert.equal(j.suppressed, 3, 'naming-table and prefer-jsonb of structure.sql, no-float-for-money of 0001');
  });

  test('--suppress-rule records one rule; --prune-suppressions removes what was fixed and says so', () => {
    const dir = fixture(HISTORY);
    runCli(['.', '--suppress-rule', 'no-float-for-money'], dir);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, FILE), 'utf8'))['db/structure.sql']), ['no-float-for-money']);
    assert.deepEqual(rows(json(dir)), ['db/structure.sql naming-table', 'db/structure.sql prefer-jsonb']);

    // One float column fixed: the count is now too high, which the run points out.
    writeFileSync(join(dir, 'db/structure.sql'), STRUCTURE.replace('tax float8', 'tax numeric(12, 2)'));
    const stale = runCli(['.'], dir);
    assert.equal(stale.code, 0);
    assert.match(stale.stderr, /1 suppression is no longer needed .* --prune-suppressions/);
    const pruned = runCli(['.', '--prune-suppressions'], dir);
    assert.match(pruned.stderr, /Pruned \.sql-schema-lint-suppressions\.json: removed 1 suppression/);
    assert.equal(JSON.parse(readFileSync(join(dir, FILE), 'utf8'))['db/structure.sql']['no-float-for-money'].count, 1);
    assert.doesNotMatch(runCli(['.'], dir).stderr, /no longer needed/);
  });

  test('the file sits next to .sql-schema-lint.json and is keyed relative to it, wherever the CLI runs', () => {
    const dir = fixture({ ...HISTORY, '.sql-schema-lint.json': '{}' });
    runCli(['structure.sql', '--suppress-all'], join(dir, 'db'));
    assert.ok(existsSync(join(dir, FILE)) && !existsSync(join(dir, 'db', FILE)));
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, FILE), 'utf8'))), ['db/structure.sql']);
    const fromRoot = json(dir);
    assert.equal(fromRoot.suppressed, 4, 'run from the root: the same keys match');
    assert.deepEqual(rows(fromRoot), ['db/migrations/0001_users.sql no-float-for-money'], 'only structure.sql was suppressed');
  });

  test('without a config file it is created in the working directory and found from subfolders', () => {
    const dir = fixture(HISTORY);
    runCli(['db', '--suppress-all'], dir);
    assert.ok(existsSync(join(dir, FILE)));
    const r = runCli(['.', '--format', 'json'], join(dir, 'db'));
    assert.deepEqual((JSON.parse(r.stdout) as Json).diagnostics, []);
  });

  test('a malformed suppressions file: one clear line on stderr, exit 2', () => {
    const dir = fixture({ ...HISTORY, [FILE]: '{\n  "db/structure.sql": { "naming-table": { "count": "two" } }\n}\n' });
    const r = runCli(['.'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'sql-schema-lint: invalid suppressions file: .sql-schema-lint-suppressions.json:2:25: "db/structure.sql" → "naming-table" must be { "count": <a positive integer> }\n');
    writeFileSync(join(dir, FILE), '{ not json');
    assert.match(runCli(['.'], dir).stderr, /^sql-schema-lint: invalid suppressions file: \.sql-schema-lint-suppressions\.json:1:3: invalid JSON: \w+\n$/);
  });

  test('usage errors exit 2: unknown rule, syntax-error, conflicting options, with score', () => {
    const dir = fixture(HISTORY);
    assert.match(runCli(['.', '--suppress-rule', 'no-such-rule'], dir).stderr, /--suppress-rule: unknown rule "no-such-rule"/);
    assert.match(runCli(['.', '--suppress-rule', 'syntax-error'], dir).stderr, /syntax-error findings cannot be suppressed/);
    for (const args of [['--suppress-all', '--prune-suppressions'], ['--suppress-all', '--suppress-rule', 'naming-table'], ['score', '--suppress-all']]) {
      const r = runCli([...args, '.'], dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /cannot be used|ignores suppressions/);
    }
    assert.ok(!existsSync(join(dir, FILE)), 'nothing written');
  });

  test('score ignores suppressions: it measures the schema', () => {
    const dir = fixture(HISTORY);
    const before = runCli(['score', '.', '--format', 'json'], dir).stdout;
    runCli(['.', '--suppress-all'], dir);
    assert.ok(existsSync(join(dir, FILE)));
    assert.equal(runCli(['score', '.', '--format', 'json'], dir).stdout, before);
  });

  test('suppressions apply to cached runs too', () => {
    const dir = fixture(HISTORY);
    runCli(['.', '--cache'], dir);
    runCli(['.', '--suppress-all'], dir);
    assert.deepEqual(json(dir, ['--cache']).diagnostics, []);
    assert.deepEqual(json(dir, ['--cache']).diagnostics, [], 'warm cache');
  });
});
