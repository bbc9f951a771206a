// examples/ is the product's demo: each file's first line lists the findings it must produce
// (`-- Expected: rule-id (what), …` or `-- Expected: no findings`); the CLI must print exactly those rules.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';

const root = join(__dirname, '..');
const dir = join(root, 'examples', 'migrations');

test('the CLI on examples/ reports exactly the findings each file announces', () => {
  const r = runCli(['examples/', '--format', 'json'], root);
  assert.equal(r.code, 1, 'the examples contain errors (exit 1)');
  const out = JSON.parse(r.stdout) as { diagnostics: { file: string; rule: string; line: number }[] };
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const first = readFileSync(join(dir, name), 'utf8').split('\n')[0]!;
    const m = /^-- Expected: (.*)$/.exec(first);
    assert.ok(m, `${name} starts with an Expected line`);
    const expected = m[1] === 'no findings' ? [] : m[1]!.split(/,\s*(?![^()]*\))/).map((x) => x.replace(/\s*\(.*\)$/, '').trim()).sort();
    const actual = out.diagnostics.filter((d) => d.file === `examples/migrations/${name}`).map((d) => d.rule).sort();
    assert.deepEqual(actual, expected, name);
  }
});

test('every mission rule fires somewhere in examples/', () => {
  const r = runCli(['examples/', '--format', 'json'], root);
  const rules = new Set((JSON.parse(r.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule));
  for (const id of ['naming-table', 'naming-column', 'naming-foreign-key-column', 'naming-index', 'naming-constraint', 'naming-boolean', 'naming-timestamp', 'foreign-key-missing-index', 'no-float-for-money', 'not-null-without-default', 'unsafe-set-not-null', 'no-select-star'])
    assert.ok(rules.has(id), `${id} fires in examples/`);
});
