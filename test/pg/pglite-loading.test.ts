// PGlite (27 MB of WASM and data) is loaded only when a history is applied: nothing imports it
// statically, and only server/src/pg/pglite.ts imports it at all, with `await import`.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const src = join(__dirname, '..', '..', 'server', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('@electric-sql/pglite is imported only by server/src/pg/pglite.ts, and only dynamically', () => {
  const found: string[] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(import\s+type\b[^;]*?from\s*|from\s*|import\(\s*|require\(\s*)['"`](@electric-sql\/pglite[^'"`]*)['"`]/g)) {
      if (m[1]!.startsWith('import type')) continue;
      found.push(`${relative(src, f).split('\\').join('/')}: ${m[1]!.trim().startsWith('import(') ? 'dynamic' : 'static'}`);
    }
  }
  assert.deepEqual([...new Set(found)], ['pg/pglite.ts: dynamic']);
});

test('the engine never imports the code that runs PostgreSQL', () => {
  const bad = files(join(src, 'engine')).filter((f) => /from\s+['"][^'"]*\/pg\/[^'"]*['"]/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(bad, []);
});
