// The migration-tool model on real histories (../shared/corpus): trigger.dev is Prisma, lemmy is
// Diesel, supabase-postgres is dbmate, whose down sections are neither replayed nor reported on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig, lintProject, migrationSetup, type SourceFile } from '../../server/src/engine/index.js';
import { corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

/** The files of one corpus source, relative to the source's folder (as linting that folder gives them). */
function source(name: string): SourceFile[] {
  return corpusFiles()
    .filter((f) => f.source === name)
    .map((f) => ({ path: f.abs, relPath: f.rel.slice(name.length + 1), text: readFileSync(f.abs, 'utf8') }));
}

test('corpus: trigger.dev is detected as Prisma and lemmy as Diesel, from their layouts', (t) => {
  if (!corpusAvailable()) return t.skip('../shared/corpus is absent: migration-tool detection not checked');
  const setup = migrationSetup();
  const none = new Set<never>();
  const prisma = source('trigger.dev').map((f) => f.relPath);
  assert.ok(prisma.length > 800);
  assert.deepEqual([...new Set(prisma.map((p) => setup.toolOf(p, none).id))], ['prisma']);
  const lemmy = source('lemmy').map((f) => f.relPath);
  const migrations = lemmy.filter((p) => p.startsWith('migrations/'));
  assert.deepEqual([...new Set(migrations.map((p) => setup.toolOf(p, none).id))], ['diesel']);
  // The replaceable schema is re-run by lemmy's own code, not by Diesel: plain files.
  assert.deepEqual([...new Set(lemmy.filter((p) => !p.startsWith('migrations/')).map((p) => setup.toolOf(p, none).id))], ['plain']);
  assert.deepEqual(
    [...new Set(migrations.map((p) => setup.toolOf(p, none).role?.(p)))].sort(),
    ['down', 'up'],
  );
});

test('corpus: supabase-postgres (dbmate) has no finding inside a down section and no replay of one', (t) => {
  if (!corpusAvailable()) return t.skip('../shared/corpus is absent: down sections not checked');
  const result = lintProject(source('supabase-postgres'), defaultConfig());
  // The migrations and the init scripts (which dbmate runs too) carry -- migrate:up; the schema dump is plain SQL.
  const dbmate = result.files.filter((f) => f.relPath.startsWith('migrations/db/'));
  assert.ok(dbmate.length >= 34);
  let sections = 0;
  for (const f of dbmate) {
    assert.equal(f.run.tool, 'dbmate', f.relPath);
    sections += f.run.downSections.length;
    for (const { range: down } of f.run.downSections) {
      const inDown = f.findings.filter((d) => d.range.start >= down.start && d.range.start < down.end);
      assert.deepEqual(inDown.map((d) => `${f.relPath}:${d.start.line + 1} ${d.ruleId}`), [], 'no finding inside a down section');
      const replayed = result.history.find((h) => h.path === f.path)!.parsed.statements;
      assert.ok(replayed.every((s) => s.range.start < down.start || s.range.start >= down.end), `${f.relPath}: the down section is not replayed`);
    }
  }
  assert.ok(sections >= 30, 'the migrations have their down sections');
  assert.equal(result.files.find((f) => f.relPath === 'migrations/schema.sql')?.run.tool, 'plain');
});
