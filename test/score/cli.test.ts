// `sql-schema-lint score` as a process: the JSON contract (version 1), Markdown and text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const DIMENSIONS = [
  ['Schema Design', 20],
  ['Indexing', 15],
  ['Query Quality', 20],
  ['Migration Safety', 10],
  ['Security', 15],
  ['Monitoring', 10],
  ['Backup/Recovery', 10],
];
const BANDS = ['Critical risk', 'Needs work', 'Solid', 'Professional', 'Expert'];

const PROJECT = {
  'migrations/0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
  'migrations/0002_orders.sql':
    'CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id), tenant_id bigint NOT NULL, total double precision, created_at timestamptz NOT NULL DEFAULT now());\nCREATE VIEW order_list AS SELECT * FROM orders;',
};

describe('sql-schema-lint score', () => {
  test('--format json follows the version 1 contract exactly', () => {
    const dir = fixture(PROJECT);
    const r = runCli(['score', 'migrations', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), ['version', 'score', 'band', 'dimensions', 'tables', 'migrations']);
    assert.equal(json.version, 1);
    assert.ok(Number.isInteger(json.score) && json.score >= 0 && json.score <= 100);
    assert.ok(BANDS.includes(json.band));
    assert.equal(json.tables, 2);
    assert.equal(json.migrations, 2);
    assert.deepEqual(json.dimensions.map((d: { name: string; weight: number }) => [d.name, d.weight]), DIMENSIONS);
    for (const d of json.dimensions) {
      assert.deepEqual(Object.keys(d), ['name', 'weight', 'score', 'findings', 'reasons']);
      assert.ok(d.score === null || (typeof d.score === 'number' && d.score >= 0 && d.score <= 10), `${d.name}: ${d.score}`);
      assert.ok(Number.isInteger(d.findings) && d.findings >= 0);
      assert.ok(Array.isArray(d.reasons) && d.reasons.length > 0 && d.reasons.every((x: unknown) => typeof x === 'string'));
    }
    const byName = Object.fromEntries(json.dimensions.map((d: { name: string }) => [d.name, d]));
    assert.equal(byName['Monitoring'].score, null);
    assert.equal(byName['Backup/Recovery'].score, null);
    assert.ok(byName['Query Quality'].findings >= 1, 'SELECT * counted');
    // The overall score is the weighted mean of the assessed dimensions, renormalised.
    const assessed = json.dimensions.filter((d: { score: number | null }) => d.score !== null);
    const w = assessed.reduce((s: number, d: { weight: number }) => s + d.weight, 0);
    assert.equal(json.score, Math.round((assessed.reduce((s: number, d: { weight: number; score: number }) => s + d.weight * d.score, 0) / w) * 10));
  });

  test('--format markdown and the default text report', () => {
    const dir = fixture(PROJECT);
    const md = runCli(['score', 'migrations', '--format', 'markdown'], dir);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Schema score: \d+\/100 \((Critical risk|Needs work|Solid|Professional|Expert)\)\n/);
    assert.match(md.stdout, /\| Schema Design \| 20 % \| \d+(\.\d)?\/10 \| \d+ \|/);
    assert.match(md.stdout, /## What cost the most points \(of 100\)/);
    assert.match(md.stdout, /`migrations\/0002_orders\.sql:1`/);
    const text = runCli(['score', 'migrations'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Schema score: \d+\/100 \(\w[\w ]*\) — 2 tables, 2 migrations\n/);
    assert.match(text.stdout, /Monitoring +10 % +·{10} +not assessed/);
  });

  test('the examples/ project: every dimension the SQL can show is assessed', () => {
    const r = runCli(['score', join(__dirname, '..', '..', 'examples'), '--format', 'json'], process.cwd());
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.dimensions.filter((d: { score: number | null }) => d.score === null).map((d: { name: string }) => d.name),
      ['Monitoring', 'Backup/Recovery'],
    );
    assert.ok(json.score < 90, 'the examples announce findings');
  });

  test('a lint-only format is a usage error', () => {
    const dir = fixture(PROJECT);
    const r = runCli(['score', 'migrations', '--format', 'sarif'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
  });

  test('docs/score.md documents the contract it tests', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'score.md'), 'utf8');
    for (const [name, weight] of DIMENSIONS) assert.ok(doc.includes(`${name}`) && doc.includes(`${weight} %`), String(name));
    for (const b of BANDS) assert.ok(doc.includes(b), b);
    assert.ok(doc.includes('"version": 1'));
  });
});
