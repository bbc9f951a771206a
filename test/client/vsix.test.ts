// `npm run package` builds a .vsix that works offline: the bundled server and CLI, the WASM parser,
// PGlite's runtime files for verify (dist/pglite: PostgreSQL's WASM, its data file, the contrib
// bundles), snippets, grammar, schema and docs; no sources, tests or node_modules; under 20 MB
// (the limit for shipping PGlite; it was under 5 MB without it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

test('the .vsix holds what the extension needs and nothing else', (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'ssl-vsix-')), 'sql-schema-lint.vsix');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // Package the current dist/ (npm test has just built it); --production minification is for releases.
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const list = spawnSync('unzip', ['-Z1', out], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const files = list.stdout.trim().split('\n').map((f) => f.replace(/^extension\//, ''));
  const lower = files.map((f) => f.toLowerCase());
  for (const needed of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/libpg-query.wasm', 'dist/history-worker.js', 'dist/editor-worker.js', 'dist/parse-worker.js', 'dist/pglite/index.cjs', 'dist/pglite/pglite.wasm', 'dist/pglite/pglite.data', 'dist/pglite/initdb.wasm', 'dist/pglite/pgcrypto.tar.gz', 'dist/pglite/contrib/pgcrypto.cjs', 'dist/pglite/LICENSE', 'snippets/sql.code-snippets', 'syntaxes/sql-schema-lint-directives.tmLanguage.json', 'schemas/sql-schema-lint.schema.json', 'docs/rules/no-float-for-money.md', 'docs/score.md', 'readme.md', 'license.txt'])
    assert.ok(lower.includes(needed.toLowerCase()), `${needed} is in the .vsix`);
  const forbidden = files.filter((f) => /^(node_modules|test|server\/src|client\/src|examples)\/|\.ts$|\.map$/.test(f));
  assert.deepEqual(forbidden, [], 'no sources, tests, maps or node_modules');
  const mb = statSync(out).size / 1024 / 1024;
  t.diagnostic(`the .vsix weighs ${mb.toFixed(2)} MB`);
  assert.ok(mb < 20, `the .vsix is ${mb.toFixed(2)} MB (limit 20 MB)`);
});
