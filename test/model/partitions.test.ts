// ALTER TABLE … ATTACH / DETACH PARTITION are replayed (pg_dump attaches partitions that way).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('an attached table is a partition of its parent until it is detached', () => {
  const r = lint(REPLAY_CASES.partitions);
  assert.equal(r.final.table(undefined, 'events_default')!.partitionOf, 'public.events');
  assert.equal(r.final.table(undefined, 'events_2026')!.partitionOf, undefined);
});
