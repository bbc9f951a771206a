// The engine knows nothing of editors or the CLI (style guide: Squawk's linter crate has no LSP dependency),
// nor of the code that runs PostgreSQL; PGlite is loaded only when a history is applied.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const src = join(__dirname, '..', 'server', 'src');
const engine = join(src, 'engine');

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

test('@electric-sql/pglite is imported only by server/src/pg/pglite.ts, and only with await import (never on the lint path)', () => {
  const found = new Set<string>();
  for (const f of files(src)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(import\s+type\b[^;]*?from\s*|from\s*|import\(\s*|require\(\s*)['"`](@electric-sql\/pglite[^'"`]*)['"`]/g)) {
      if (m[1]!.startsWith('import type')) continue;
      found.add(`${relative(src, f).split('\\').join('/')}: ${m[1]!.startsWith('import(') ? 'dynamic' : 'static'}`);
    }
  }
  assert.deepEqual([...found], ['pg/pglite.ts: dynamic']);
});

test('server/src/engine never imports server/src/pg (the code that runs PostgreSQL)', () => {
  assert.deepEqual(
    files(engine).filter((f) => /from\s+['"][^'"]*\.\.\/pg\/[^'"]*['"]/.test(readFileSync(f, 'utf8'))),
    [],
  );
});
