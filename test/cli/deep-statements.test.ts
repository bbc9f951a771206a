// Deep expressions through the CLI as a process (issue 15): they crashed the whole run (exit 2, a
// stack trace, nothing printed for any file). Now every file gets its findings and the statement
// beyond the parser's stack gets one finding of its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const terms = (n: number, op: string): string => Array.from({ length: n }, (_, i) => String(i % 100)).join(op);

test('deep statements: the CLI exits normally, prints JSON, and no file loses its findings', () => {
  const union = `CREATE VIEW v AS ${Array.from({ length: 2000 }, (_, i) => `SELECT ${i} AS a`).join(' UNION ALL ')};\n`;
  let calls = 'x';
  for (let i = 0; i < 3000; i++) calls = `abs(${calls})`;
  const dir = fixture({
    '0001_deep.sql': `${union}CREATE TABLE a (id bigint PRIMARY KEY, price real, v int DEFAULT ${terms(6000, ' + ')});\nSELECT ${calls} FROM a;\n`,
    '0002_beyond.sql': `CREATE TABLE b (id bigint PRIMARY KEY, v int DEFAULT ${terms(30000, ' + ')});\nCREATE TABLE c (id bigint PRIMARY KEY, price real);\n`,
    '0003_plain.sql': 'CREATE TABLE d (id bigint PRIMARY KEY, price real);\n',
  });
  const r = runCli(['.', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|RangeError|Maximum call stack/);
  const out = JSON.parse(r.stdout) as { files: number; diagnostics: { file: string; rule: string; line: number; message: string }[] };
  assert.equal(out.files, 3);
  const money = out.diagnostics.filter((d) => d.rule === 'no-float-for-money').map((d) => d.file).sort();
  assert.deepEqual(money, ['0001_deep.sql', '0002_beyond.sql', '0003_plain.sql']);
  const complex = out.diagnostics.filter((d) => d.rule === 'statement-too-complex');
  assert.deepEqual(complex.map((d) => [d.file, d.line]), [['0002_beyond.sql', 1]]);
  assert.equal(out.diagnostics.filter((d) => d.rule === 'syntax-error').length, 0, 'valid SQL is never a syntax error');
});
