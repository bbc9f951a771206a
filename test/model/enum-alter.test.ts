// ALTER TYPE on enums is replayed: ADD VALUE (with BEFORE, AFTER, IF NOT EXISTS), RENAME VALUE, and
// RENAME TO, which columns of the type follow (Prisma's `X_new` enum swap ends with the old name).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { astOutcomeOf, pgFactsOf, plain } from '../parse/facts-of.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('ALTER TYPE … ADD VALUE puts the value where PostgreSQL does; RENAME VALUE renames it in place', () => {
  const r = lint(REPLAY_CASES.enumValues);
  assert.deepEqual(r.final.enums.get('public.mood')?.values, ['sad', 'meh', 'fine', 'happy', 'ecstatic']);
});

test("Prisma's enum swap leaves one type under the old name, with the new values, and the columns typed with it", () => {
  const r = lint(REPLAY_CASES.enumRename);
  assert.deepEqual([...r.final.enums.keys()].sort(), ['public.JobStatus', 'public.post_sort_type_enum']);
  assert.deepEqual(r.final.enums.get('public.JobStatus')?.values, ['QUEUED', 'RUNNING', 'DONE']);
  const job = r.final.table(undefined, 'Job')!;
  assert.equal(job.columns.get('status')!.type.name, 'JobStatus');
  assert.equal(job.columns.get('history')!.type.name, 'JobStatus');
  assert.equal(job.columns.get('history')!.type.isArray, true);
});

test('a column follows its type through ALTER TYPE … RENAME TO, and says so in its written type', () => {
  const r = lint(REPLAY_CASES.enumRename);
  const col = r.final.table(undefined, 'local_site')!.columns.get('default_sort_type')!;
  assert.equal(col.type.name, 'post_sort_type_enum');
  assert.equal(col.type.text, 'post_sort_type_enum');
  assert.deepEqual(r.final.enums.get('public.post_sort_type_enum')?.values, ['Hot', 'New']);
  assert.equal(r.final.enums.get('public.sort_type_enum'), undefined);
});

test('ALTER TYPE facts are the same from both parsers and name the type where it is written', () => {
  const text = 'ALTER TYPE app."Mood" RENAME TO feeling;\nALTER TYPE app.feeling ADD VALUE IF NOT EXISTS \'x\' AFTER \'y\';';
  const r = lint({ '0001.sql': text });
  const file = r.files[0]!.parsed;
  const outcome = astOutcomeOf(file, file.statements[0]!);
  assert.equal(outcome.status, 'ok');
  assert.deepEqual(outcome.status === 'ok' ? plain(outcome.facts) : undefined, plain(pgFactsOf(file, file.statements[0]!)!));
  const [rename, add] = file.statements.map((s) => s.facts[0]!);
  assert.equal(rename?.kind, 'rename');
  if (rename?.kind !== 'rename') return;
  assert.equal(rename.objectKind, 'type');
  assert.equal(rename.target.schema, 'app');
  assert.equal(text.slice(rename.target.range.start, rename.target.range.end), 'app."Mood"');
  assert.equal(rename.to.name, 'feeling');
  assert.deepEqual(add && add.kind === 'alterEnum' ? add.action : undefined, { type: 'addValue', value: 'x', ifNotExists: true, after: 'y' });
});
