// The Prisma naming preset on a real Prisma history (../shared/corpus/trigger.dev): the files Prisma
// Migrate runs are judged by Prisma's conventions, so what is left is what breaks them; forcing the
// seed's conventions ("sql") brings the snake_case findings back. (Files no tool claims keep the
// seed's conventions under "auto": see the rules' own tests.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lintProject, type Finding, type SourceFile } from '../../../server/src/engine/index.js';
import { corpusAvailable, corpusFiles } from '../../helpers/corpus.js';
import { onlyRules, usePostgresParser } from '../../helpers/engine.js';

usePostgresParser();

const NAMING = ['naming-table', 'naming-column', 'naming-boolean', 'naming-timestamp', 'naming-foreign-key-column', 'naming-index', 'naming-constraint'];

function source(name: string): SourceFile[] {
  return corpusFiles()
    .filter((f) => f.source === name)
    .map((f) => ({ path: f.abs, relPath: f.rel.slice(name.length + 1), text: readFileSync(f.abs, 'utf8') }));
}

function naming(files: SourceFile[], preset?: string): Finding[] {
  const config = onlyRules(NAMING, preset ? Object.fromEntries(NAMING.map((id) => [id, { preset }])) : {});
  return lintProject(files, config).files.flatMap((f) => f.findings);
}

const count = (findings: Finding[], rule: string): number => findings.filter((f) => f.ruleId === rule).length;

test('corpus: trigger.dev (Prisma) keeps only the names that break Prisma\'s conventions', (t) => {
  if (!corpusAvailable()) return t.skip('../shared/corpus is absent: the Prisma preset is not checked on trigger.dev');
  const files = source('trigger.dev');
  const auto = naming(files);
  const seed = naming(files, 'sql');
  // Prisma's model tables, camelCase fields, `_AToB` relation tables and their "A"/"B" keys are its design.
  for (const rule of ['naming-table', 'naming-column', 'naming-foreign-key-column'])
    assert.deepEqual(auto.filter((f) => f.ruleId === rule).map((f) => f.message), [], `${rule}: nothing left under the Prisma preset`);
  // Prisma's index and key names are accepted: what remains is named by hand.
  for (const f of auto.filter((x) => x.ruleId === 'naming-index' || x.ruleId === 'naming-constraint'))
    assert.doesNotMatch(String(f.data.name), /_(idx|key|pkey|fkey|AB_unique|B_index)$/, `${f.ruleId}: ${f.message}`);
  // The seed's conventions, forced, report Prisma's own names by the hundred.
  assert.ok(count(seed, 'naming-column') > 500, `naming-column under the sql preset: ${count(seed, 'naming-column')}`);
  assert.ok(count(seed, 'naming-table') > 50, `naming-table under the sql preset: ${count(seed, 'naming-table')}`);
  assert.ok(auto.length * 20 < seed.length, `Prisma preset ${auto.length} findings, sql preset ${seed.length}`);
});
