// A PRIMARY KEY or UNIQUE constraint and its index share their name in PostgreSQL: renaming either
// renames both. A plain index's rename touches no constraint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('ALTER INDEX … RENAME renames the constraint the index backs', () => {
  const r = lint(REPLAY_CASES.keyRenames);
  const person = r.final.table(undefined, 'person')!;
  assert.deepEqual(person.constraints.map((c) => c.name).sort(), ['idx_person_actor_id', 'person__pkey']);
  assert.equal(r.final.indexes.get('public.person__pkey')?.constraint, 'person__pkey');
  assert.equal(r.final.indexes.get('public.idx_person_actor_id')?.constraint, 'idx_person_actor_id');
});

test('RENAME CONSTRAINT renames the index behind it; a plain index keeps no constraint', () => {
  const r = lint(REPLAY_CASES.keyRenames);
  assert.deepEqual(r.final.table(undefined, 'notification')!.constraints.map((c) => c.name).sort(), ['notification_email_key', 'notification_pkey']);
  assert.equal(r.final.indexes.get('public.comment_reply_pkey'), undefined);
  assert.equal(r.final.indexes.get('public.notification_pkey')?.constraint, 'notification_pkey');
  assert.equal(r.final.indexes.get('public.notification_email_key')?.table, 'public.notification');
  assert.equal(r.final.indexes.get('public.idx_notification_email')?.constraint, undefined);
});
