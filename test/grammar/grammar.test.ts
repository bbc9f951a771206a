// The directive grammar, tested with vscode-tmgrammar-test against VS Code's own SQL grammar (from tm-grammars).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

test('directive injection grammar scopes directives and rule ids', () => {
  const root = join(__dirname, '..', '..');
  const bin = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  const r = spawnSync(process.execPath, [bin, '-g', require.resolve('tm-grammars/grammars/sql.json'), 'test/grammar/directives.test.sql'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /run successful/);
});
