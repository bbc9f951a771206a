// --format json is written in pieces (a 10 MB dump's report is 20 MB of JSON): the pieces joined must
// be exactly JSON.stringify of the whole report, indented by 2, as version 1 has always printed it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { emitReport } from '../../server/src/cli/reporters/emit.js';
import { formatJson, jsonChunks } from '../../server/src/cli/reporters/json.js';
import { CLI, fixture } from '../helpers/cli.js';
import type { ReportInput } from '../../server/src/cli/reporters/types.js';
import type { Finding } from '../../server/src/engine/index.js';

function finding(i: number, message: string): Finding {
  return {
    ruleId: i % 2 ? 'no-float-for-money' : 'naming-index',
    severity: i % 3 ? 'warning' : 'error',
    messageId: 'x',
    message,
    data: {},
    file: '/repo/db/0001.sql',
    range: { start: i, end: i + 1 },
    start: { line: i, character: 2 },
    end: { line: i + 1, character: 7 },
    ...(i % 4 ? {} : { fix: { title: 't', edits: [] } }),
    suggestions: [],
    related: [],
  };
}

/** The pieces joined are what JSON.stringify prints for the same value, indented by 2: a round trip leaves them unchanged. */
function assertWhole(text: string): { diagnostics: { file: string; message: string; fixable: boolean }[] } & Record<string, unknown> {
  const value = JSON.parse(text);
  assert.equal(text, JSON.stringify(value, null, 2) + '\n');
  return value;
}

describe('--format json in pieces', () => {
  test('no diagnostics, no files', () => {
    const report = assertWhole(formatJson({ files: [], skipped: [] }));
    assert.deepEqual(report, { version: 1, files: 0, diagnostics: [], suppressed: 0, skipped: [] });
  });

  test('files without findings, skipped inputs whose names look like JSON, every optional field', () => {
    const input: ReportInput = {
      files: [{ displayPath: 'a.sql', findings: [] }],
      skipped: [{ displayPath: 'x "diagnostics go here".sql', reason: 'not a regular file' }],
      suppressed: 3,
      migrationTool: 'goose',
      pending: { by: 'since', ref: 'main', base: null, files: ['a.sql'], applied: 2 },
      verify: { checkedBy: 'PostgreSQL 18.1 (PGlite)', applied: 1, migrations: 2, notChecked: [{ displayPath: 'b.sql', reason: 'after the failure' }], failed: 'b.sql' },
    };
    const report = assertWhole(formatJson(input));
    assert.deepEqual(Object.keys(report), ['version', 'files', 'diagnostics', 'suppressed', 'skipped', 'migrationTool', 'pending', 'verify']);
    assert.deepEqual(report.skipped, [{ file: 'x "diagnostics go here".sql', reason: 'not a regular file' }]);
    assert.deepEqual(report.diagnostics, []);
  });

  test('thousands of diagnostics over several pieces: quotes, newlines, non-Latin-1 text and backslashes in messages and paths', () => {
    const messages = ['plain', 'a "quoted" name\nand a new line', 'ellipsis … and — dash', 'back\\slash\ttab', '', 'emoji 🐘'];
    const input: ReportInput = {
      files: [
        { displayPath: 'db/one.sql', findings: Array.from({ length: 1500 }, (_, i) => finding(i, messages[i % messages.length]!)) },
        { displayPath: 'db/"two"\\.sql', findings: [] },
        { displayPath: 'db/three.sql', findings: Array.from({ length: 1001 }, (_, i) => finding(i, messages[(i + 1) % messages.length]!)) },
      ],
      skipped: [],
      migrationTool: 'plain',
    };
    const pieces = [...jsonChunks(input)];
    assert.ok(pieces.length > 2, `written in ${pieces.length} pieces`);
    const report = assertWhole(pieces.join(''));
    assert.equal(report.diagnostics.length, 2501);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.message, d.fixable]),
      input.files.flatMap((f) => f.findings.map((d) => [f.displayPath, d.message, !!d.fix])),
    );
  });

  test('each piece waits until stdout has taken the one before (a slow pipe reader never has the whole report queued)', async () => {
    const input: ReportInput = { files: [{ displayPath: 'db/one.sql', findings: Array.from({ length: 3500 }, (_, i) => finding(i, 'm')) }], skipped: [] };
    const written: string[] = [];
    let waiting = false;
    let waits = 0;
    const code = await emitReport(
      input,
      { format: 'json', color: false },
      {
        stdout: (s) => {
          assert.ok(!waiting, 'written while the last piece was not taken');
          written.push(s);
        },
        stderr: () => {},
        isTTY: false,
        drained: () => {
          waits++;
          waiting = true;
          return new Promise((resolve) => setImmediate(() => ((waiting = false), resolve())));
        },
      },
      '0.0.0',
    );
    assert.equal(code, 1, 'the report has errors');
    assert.ok(written.length > 3, `${written.length} pieces`);
    assert.equal(waits, written.length);
    assert.equal(written.join(''), formatJson(input));
  });

  test('a reader that stops early (| head) ends the run quietly, with the lint\'s exit code', async () => {
    // Enough findings for a report far larger than a pipe's buffer, and a syntax error (an error: exit code 1).
    const dir = fixture({ 'big.sql': Array.from({ length: 3000 }, (_, i) => `CREATE TABLE t${i} (id int, price float, created timestamp);\n`).join('') + 'CREATE TABLE broken (;\n' });
    const child = spawn(process.execPath, [CLI, 'big.sql', '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let first = '';
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.match(first, /^\{\n {2}"version": 1/);
    assert.doesNotMatch(stderr, /Unhandled 'error' event|EPIPE|internal error/);
    assert.equal(code, 1, 'the findings include a syntax error');
  });
});
