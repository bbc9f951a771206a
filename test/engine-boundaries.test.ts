// The engine knows nothing of editors or the CLI (style guide: Squawk's linter crate has no LSP dependency).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const engine = join(__dirname, '..', 'server', 'src', 'engine');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('server/src/engine imports no vscode, vscode-languageserver*, CLI, LSP or node:fs module', () => {
  const bad: string[] = [];
  for (const f of files(engine)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (/^vscode|\/lsp\/|\/cli\/|\/node\/|^node:fs|^fs$|^node:child_process/.test(spec)) bad.push(`${relative(engine, f)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
