import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const CLEAN = 'CREATE TABLE users (id bigserial PRIMARY KEY, total numeric(12, 2));\n';
const MONEY = 'CREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision\n);\n';
const BROKEN = 'CREATE TABLE x (id int,);\n';

test('--help and --version exit 0', () => {
  const dir = fixture({});
  assert.equal(runCli(['--help'], dir).code, 0);
  assert.match(runCli(['--help'], dir).stdout, /Usage: sql-schema-lint/);
  assert.match(runCli(['--version'], dir).stdout, /^\d+\.\d+\.\d+\n$/);
});

test('exit codes: 0 clean, 0 warnings only, 1 errors, 1 over --max-warnings, 2 usage', () => {
  assert.equal(runCli(['.'], fixture({ 'm/0001.sql': CLEAN })).code, 0);
  const warn = fixture({ 'm/0001.sql': MONEY });
  assert.equal(runCli(['m'], warn).code, 0);
  assert.equal(runCli(['m', '--max-warnings', '0'], warn).code, 1);
  assert.equal(runCli(['m', '--max-warnings', '1'], warn).code, 0);
  assert.equal(runCli(['.'], fixture({ '0001.sql': BROKEN })).code, 1);
  const usage = runCli(['--bogus'], warn);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown option --bogus/);
  assert.equal(runCli(['missing-dir'], warn).code, 2);
  assert.equal(runCli(['--rule', 'no-such-rule=error'], warn).code, 2);
  assert.equal(runCli(['m', '--rule', 'no-float-for-money=error'], warn).code, 1);
});

test('text output: file:line:col  severity  message  rule-id, and a summary', () => {
  const r = runCli(['.'], fixture({ 'm/0001.sql': MONEY }));
  assert.match(r.stdout, /^m\/0001\.sql:3:10  warning  Column "amount" holds money .*  no-float-for-money$/m);
  assert.match(r.stdout, /1 problem \(0 errors, 1 warning, 0 info\) in 1 file; 1 fixable with --fix\./);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when not a TTY');
});

test('JSON output follows the version 1 contract', () => {
  const dir = fixture({ 'db/migrations/0001.sql': MONEY, 'db/migrations/0002.sql': BROKEN });
  const r = runCli(['db', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  // Fields are only ever added: `suppressed`, `skipped` and `migrationTool` came after the first three.
  assert.deepEqual(Object.keys(out), ['version', 'files', 'diagnostics', 'suppressed', 'skipped', 'migrationTool']);
  assert.equal(out.suppressed, 0, 'no suppressions file');
  assert.deepEqual(out.skipped, []);
  assert.equal(out.version, 1);
  assert.equal(out.migrationTool, 'plain', 'numbered files without markers: no tool recognised');
  assert.equal(out.files, 2);
  assert.deepEqual(out.diagnostics[0], {
    file: 'db/migrations/0001.sql',
    rule: 'no-float-for-money',
    severity: 'warning',
    message: out.diagnostics[0].message,
    line: 3,
    column: 10,
    endLine: 3,
    endColumn: 26,
    fixable: true,
  });
  assert.equal(out.diagnostics[1].rule, 'syntax-error');
  assert.equal(out.diagnostics[1].severity, 'error');
  assert.equal(out.diagnostics[1].fixable, false);
});

test('SARIF output validates against the SARIF 2.1.0 schema and carries rule metadata', () => {
  const r = runCli(['.', '--format', 'sarif'], fixture({ '0001.sql': MONEY + BROKEN }));
  const log = JSON.parse(r.stdout);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv');
  const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const valid = ajv.validate(schema, log);
  assert.ok(valid, JSON.stringify(ajv.errors, null, 1));
  const rules = log.runs[0].tool.driver.rules;
  assert.ok(rules.find((x: { id: string; helpUri: string }) => x.id === 'no-float-for-money' && /docs\/rules\/no-float-for-money\.md$/.test(x.helpUri)));
  assert.equal(log.runs[0].results.length, 2);
  // The one web base, configurable for a fork or a mirror (editors open the installed pages instead).
  const mirrored = JSON.parse(runCli(['.', '--format', 'sarif'], fixture({ '0001.sql': MONEY }), { SQL_SCHEMA_LINT_DOCS_URL: 'https://docs.example.com/rules' }).stdout);
  assert.equal(mirrored.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'no-float-for-money').helpUri, 'https://docs.example.com/rules/no-float-for-money.md');
});

test('--fix writes atomically, reports what changed, and leaves other files alone', () => {
  const dir = fixture({ 'm/0001.sql': MONEY, 'm/0002.sql': CLEAN });
  const before2 = statSync(join(dir, 'm/0002.sql')).mtimeMs;
  const r = runCli(['m', '--fix'], dir);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /m\/0001\.sql: fixed 1 problem/);
  assert.equal(readFileSync(join(dir, 'm/0001.sql'), 'utf8'), MONEY.replace('double precision', 'NUMERIC(12, 2)'));
  assert.equal(statSync(join(dir, 'm/0002.sql')).mtimeMs, before2);
  assert.deepEqual(readdirSync(join(dir, 'm')).sort(), ['0001.sql', '0002.sql'], 'no temporary files left');
  assert.match(r.stdout, /No problems/);
});

test('a bad config file: one clear message with file, line and column; exit 2', () => {
  const bad = fixture({ '.sql-schema-lint.json': '{\n  // comments are fine\n  "rules": {\n    "no-flot-for-money": "error"\n  }\n}\n', '0001.sql': CLEAN });
  const r = runCli(['.'], bad);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /invalid configuration: \.sql-schema-lint\.json:4:5: unknown rule "no-flot-for-money"/);
  const syntax = runCli(['.'], fixture({ '.sql-schema-lint.json': '{ "rules": { ', '0001.sql': CLEAN }));
  assert.equal(syntax.code, 2);
  assert.match(syntax.stderr, /invalid configuration: \.sql-schema-lint\.json:1:\d+: invalid JSON/);
  const opt = runCli(['.'], fixture({ '.sql-schema-lint.json': '{ "rules": { "no-float-for-money": ["error", { "precision": "x" }] } }', '0001.sql': CLEAN }));
  assert.match(opt.stderr, /option "precision" must be an integer/);
});

test('the config file sets severities and options for the CLI', () => {
  const dir = fixture({ '.sql-schema-lint.json': '{ "rules": { "no-float-for-money": ["error", { "precision": 19, "scale": 4 }] } }', 'm/0001.sql': MONEY });
  const r = runCli(['m', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).diagnostics[0].severity, 'error');
  assert.match(JSON.parse(r.stdout).diagnostics[0].message, /NUMERIC\(19, 4\)/);
});

test('unreadable, binary and huge files are skipped with a reason (exit 2), the rest is linted', (t) => {
  // 0004.sql is just over the 10 MB limit.
  const dir = fixture({ '0001.sql': MONEY, '0002.sql': Buffer.from([0x43, 0, 1, 2, 0, 0xff]), '0003.sql': CLEAN, '0004.sql': 'SELECT 1;\n'.repeat(1_100_000) });
  chmodSync(join(dir, '0003.sql'), 0o000);
  const r = runCli(['.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /0002\.sql: skipped: binary file/);
  assert.match(r.stdout, /0004\.sql: skipped: file is 10\.5 MB; files over 10 MB are not linted/);
  if (process.getuid?.() === 0) t.diagnostic('running as root: permission bits do not stop reads, so 0003.sql is read');
  else assert.match(r.stdout, /0003\.sql: skipped: permission denied/);
  assert.match(r.stdout, /no-float-for-money/);
});
