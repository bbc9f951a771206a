// Configuration problems through the CLI as a process: each gives one line `file:line:col: problem` on
// stderr and exit 2, never a stack trace; "warn" means "warning" in the config file and in --rule alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const MONEY = 'CREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision\n);\n';
const CONFIG = '.sql-schema-lint.json';

function lintWithConfig(config: string, args: string[] = []): ReturnType<typeof runCli> {
  return runCli(['.', '--format', 'json', ...args], fixture({ [CONFIG]: config, '0001_payments.sql': MONEY }));
}

function severities(stdout: string): string[] {
  return (JSON.parse(stdout) as { diagnostics: { rule: string; severity: string }[] }).diagnostics.map((d) => `${d.rule} ${d.severity}`);
}

test('a config nested 8,000 levels deep: one line, no stack trace', () => {
  const r = lintWithConfig(`{"rules": {"no-float-for-money": ${'['.repeat(8000)}${']'.repeat(8000)}}}`);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'sql-schema-lint: invalid configuration: .sql-schema-lint.json:1:64: nested more than 32 levels deep; a configuration needs five at most\n');
});

test('a config with a UTF-8 byte order mark is read, and positions ignore the mark', () => {
  const ok = lintWithConfig('\uFEFF{ "rules": { "no-float-for-money": "error" } }');
  assert.equal(ok.code, 1, ok.stderr);
  assert.deepEqual(severities(ok.stdout), ['no-float-for-money error']);
  const bad = lintWithConfig('\uFEFF{ "rules": { "no-such-rule": "error" } }');
  assert.equal(bad.stderr, 'sql-schema-lint: invalid configuration: .sql-schema-lint.json:1:14: unknown rule "no-such-rule"\n');
});

test('an invalid regular expression in a naming rule\'s ignore option is reported where it is written', () => {
  const r = lintWithConfig('{\n  "rules": {\n    "naming-table": ["warning", { "ignore": ["^ok$", "(unclosed"] }]\n  }\n}\n');
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'sql-schema-lint: invalid configuration: .sql-schema-lint.json:3:54: rule "naming-table": option "ignore" has an invalid regular expression "(unclosed": Unterminated group\n');
});

test('"warn" means "warning" in the config file and in --rule alike; other words are refused in the same terms', () => {
  const config = lintWithConfig('{ "rules": { "no-float-for-money": "warn" } }');
  assert.equal(config.code, 0, config.stderr);
  assert.deepEqual(severities(config.stdout), ['no-float-for-money warning']);
  const inArray = lintWithConfig('{ "rules": { "no-float-for-money": ["warn", { "precision": 19 }] } }');
  assert.deepEqual(severities(inArray.stdout), ['no-float-for-money warning']);
  const flag = lintWithConfig('{}', ['--rule', 'no-float-for-money=warn']);
  assert.deepEqual(severities(flag.stdout), ['no-float-for-money warning']);

  const expected = 'severity must be one of "off", "info", "warning", "error" ("warn" means "warning"), got "critical"';
  const badConfig = lintWithConfig('{ "rules": { "no-float-for-money": "critical" } }');
  assert.equal(badConfig.code, 2);
  assert.equal(badConfig.stderr, `sql-schema-lint: invalid configuration: .sql-schema-lint.json:1:36: rule "no-float-for-money": ${expected}\n`);
  const badFlag = lintWithConfig('{}', ['--rule', 'no-float-for-money=critical']);
  assert.equal(badFlag.code, 2);
  assert.equal(badFlag.stderr, `sql-schema-lint: --rule no-float-for-money: ${expected}\n`);
});
