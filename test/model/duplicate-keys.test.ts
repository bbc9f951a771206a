// In one CREATE TABLE, a UNIQUE with the columns of the PRIMARY KEY or of an earlier UNIQUE makes no
// constraint of its own (PostgreSQL builds one index for them); an unnamed first one takes the name
// of a named repeat.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('a UNIQUE repeating the primary key or an earlier UNIQUE is dropped; a named repeat names the first', () => {
  const r = lint(REPLAY_CASES.duplicateKeys);
  const t = r.final.table(undefined, 'auth_users')!;
  assert.deepEqual(
    t.constraints.map((c) => [c.kind, c.name, c.columns.join(',')]).sort(),
    [
      ['primaryKey', 'auth_users_pkey', 'id'],
      ['unique', 'alias_named', 'alias'],
      ['unique', 'auth_users_email_key', 'email'],
      ['unique', 'nick_named', 'nick'],
    ],
  );
  assert.equal(r.final.indexes.get('public.auth_users_id_key'), undefined);
  assert.equal(r.final.indexes.get('public.auth_users_nick_key'), undefined);
  assert.equal(r.final.indexes.get('public.nick_named')?.constraint, 'nick_named');
});

test('UNIQUE constraints on different columns, or added by a later ALTER TABLE, are all kept', () => {
  const r = lint({ '0001.sql': 'CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE, c int, UNIQUE (a, b));\nALTER TABLE t ADD CONSTRAINT t_a_again UNIQUE (a);' });
  assert.deepEqual(r.final.table(undefined, 't')!.constraints.map((c) => c.name).sort(), ['t_a_again', 't_a_b_key', 't_b_key', 't_pkey']);
});
