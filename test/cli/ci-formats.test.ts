// --format github (workflow commands that annotate a pull request) and --format gitlab (a Code Quality
// report), run as a process: escaping as each system specifies, severities, paths relative to the CI
// checkout, and GitLab fingerprints that survive lines inserted above a finding.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { escapeGithubData, escapeGithubProperty, formatGithub } from '../../server/src/cli/reporters/github.js';
import type { Finding } from '../../server/src/engine/index.js';
import { fixture, runCli } from '../helpers/cli.js';

const MONEY = 'CREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision\n);\n';

function finding(message: string, lines: [number, number] = [2, 2]): Finding {
  return {
    ruleId: 'no-float-for-money',
    severity: 'warning',
    messageId: 'x',
    message,
    data: {},
    file: '/repo/db/0001.sql',
    range: { start: 0, end: 1 },
    start: { line: lines[0], character: 9 },
    end: { line: lines[1], character: 25 },
    suggestions: [],
    related: [],
  };
}

describe('--format github', () => {
  test('escapes data (%, CR, LF) and properties (also : and ,) as the runner does', () => {
    assert.equal(escapeGithubData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeGithubProperty('db/a,b:c%.sql\n'), 'db/a%2Cb%3Ac%25.sql%0A');
    const out = formatGithub({ files: [{ displayPath: 'db/a,b:c.sql', findings: [finding('50% off\nthen: more, again')] }], skipped: [] }, undefined);
    assert.equal(out.split('\n')[0], '::warning file=db/a%2Cb%3Ac.sql,line=3,col=10,endLine=3,endColumn=26,title=no-float-for-money::50%25 off%0Athen: more, again');
  });

  test('a finding over several lines has no columns (GitHub accepts them only on one line)', () => {
    const out = formatGithub({ files: [{ displayPath: 'a.sql', findings: [finding('m', [1, 3])] }], skipped: [] }, undefined);
    assert.equal(out.split('\n')[0], '::warning file=a.sql,line=2,endLine=4,title=no-float-for-money::m');
  });

  test('from the CLI: error, warning and notice by severity, paths relative to GITHUB_WORKSPACE, a summary last, exit code as usual', () => {
    const dir = fixture({
      'db/migrations/0001_a,b.sql': MONEY + 'CREATE TABLE x (id int,);\nCREATE TYPE mood AS ENUM (\'happy\');\n',
      '.sql-schema-lint.json': '{ "rules": { "prefer-check-over-enum": "info" } }',
    });
    const r = runCli(['.', '--format', 'github'], join(dir, 'db'));
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.some((l) => l.startsWith('::warning file=migrations/0001_a%2Cb.sql,line=3,col=10,endLine=3,endColumn=26,title=no-float-for-money::Column "amount" holds money')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::error file=migrations/0001_a%2Cb.sql,line=5,') && l.includes('title=syntax-error::')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::notice ') && l.includes('title=prefer-check-over-enum::')), r.stdout);
    assert.equal(lines.at(-1), '3 problems (1 error, 1 warning, 1 info) in 1 file; 1 fixable with --fix.');
    const inCheckout = runCli(['.', '--format', 'github'], join(dir, 'db'), { GITHUB_WORKSPACE: dir });
    assert.match(inCheckout.stdout, /^::warning file=db\/migrations\/0001_a%2Cb\.sql,line=3,/m, 'relative to the checkout, not the working directory');
  });
});

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const gitlab = (dir: string, env?: Record<string, string>): Issue[] => {
  const r = runCli(['.', '--format', 'gitlab'], dir, env);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as Issue[];
};

describe('--format gitlab', () => {
  const HISTORY =
    'SET lock_timeout = \'5s\';\nCREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision,\n  fee real\n);\n' +
    'CREATE TABLE refunds (id bigserial PRIMARY KEY, amount real);\nCREATE TABLE refunds2 (id bigserial PRIMARY KEY, amount real);\n';

  test('a Code Quality report: description, check_name, fingerprint, severity, location.path, location.lines.begin', () => {
    const dir = fixture({ 'db/0001.sql': HISTORY + 'CREATE TABLE x (id int,);\n' });
    const issues = gitlab(dir, { CI_PROJECT_DIR: dir });
    assert.ok(issues.length >= 5);
    for (const i of issues) {
      assert.deepEqual(Object.keys(i), ['description', 'check_name', 'fingerprint', 'severity', 'location']);
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.equal(i.location.path, 'db/0001.sql');
    }
    assert.equal(issues.find((i) => i.check_name === 'syntax-error')!.severity, 'major');
    assert.equal(issues.find((i) => i.check_name === 'no-float-for-money')!.severity, 'minor');
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'every finding has its own fingerprint, also two of one rule in one statement');
    assert.deepEqual(
      issues.filter((i) => i.check_name === 'no-float-for-money').map((i) => i.location.lines.begin),
      [4, 5, 7, 8],
    );
  });

  test('fingerprints do not change when lines are inserted above a finding, and do when the statement changes', () => {
    const dir = fixture({ 'db/0001.sql': HISTORY });
    const before = gitlab(dir);
    writeFileSync(join(dir, 'db/0001.sql'), '-- a header comment\n\n\n' + HISTORY.replace('CREATE TABLE refunds (', 'CREATE INDEX idx_payments_fee ON payments (fee);\n\nCREATE   TABLE refunds (\n'));
    const after = gitlab(dir);
    const key = (i: Issue): string => `${i.check_name} ${i.fingerprint}`;
    assert.deepEqual(after.map(key).sort(), before.map(key).sort(), 'same findings, same fingerprints');
    assert.notDeepEqual(
      after.map((i) => i.location.lines.begin),
      before.map((i) => i.location.lines.begin),
      'the lines did move',
    );
    writeFileSync(join(dir, 'db/0001.sql'), HISTORY.replace('amount real);\nCREATE TABLE refunds2', 'amount real, note text);\nCREATE TABLE refunds2'));
    const edited = gitlab(dir);
    assert.equal(edited.filter((i) => !before.some((b) => b.fingerprint === i.fingerprint)).length, 1, 'only the edited statement\'s finding gets a new fingerprint');
  });
});
