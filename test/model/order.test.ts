import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDownMigration, sortMigrations } from '../../server/src/engine/index.js';
import { orderFiles } from '../../server/src/engine/lint.js';

test('Flyway versions sort numerically: V2 before V10, V1_1 between V1 and V2', () => {
  assert.deepEqual(sortMigrations(['V10__c.sql', 'V2__b.sql', 'V1__a.sql', 'V1_1__a2.sql']), ['V1__a.sql', 'V1_1__a2.sql', 'V2__b.sql', 'V10__c.sql']);
});

test('golang-migrate, timestamps and zero-padded numbers', () => {
  assert.deepEqual(sortMigrations(['000010_x.up.sql', '000002_y.up.sql', '000002_y.down.sql']).slice(0, 2).sort(), ['000002_y.down.sql', '000002_y.up.sql']);
  assert.deepEqual(sortMigrations(['20240102000000_b.sql', '20231231235959_a.sql']), ['20231231235959_a.sql', '20240102000000_b.sql']);
  assert.deepEqual(sortMigrations(['0010_c.sql', '0002_b.sql', '0001_a.sql']), ['0001_a.sql', '0002_b.sql', '0010_c.sql']);
});

test('directory-per-migration layouts take the version from the folder (Prisma, Diesel, Rails)', () => {
  assert.deepEqual(
    sortMigrations(['migrations/20240301_add/migration.sql', 'migrations/20231201_init/migration.sql']),
    ['migrations/20231201_init/migration.sql', 'migrations/20240301_add/migration.sql'],
  );
  assert.deepEqual(
    sortMigrations(['migrations/2019-09-09-042010_add/up.sql', 'migrations/2019-02-26-002946_create_user/up.sql', 'migrations/2019-03-03-163336_create_post/up.sql']),
    ['migrations/2019-02-26-002946_create_user/up.sql', 'migrations/2019-03-03-163336_create_post/up.sql', 'migrations/2019-09-09-042010_add/up.sql'],
  );
});

test('down and undo migrations are recognised', () => {
  for (const p of ['000001_x.down.sql', 'migrations/2019_x/down.sql', 'U3__undo.sql', '0003_x.undo.sql']) assert.ok(isDownMigration(p), p);
  for (const p of ['000001_x.up.sql', 'migrations/2019_x/up.sql', 'V3__x.sql', 'downloads.sql', 'countdown.sql']) assert.ok(!isDownMigration(p), p);
});

test('config globs override the order and ignore files', () => {
  const files = ['schema/base.sql', 'migrations/0002_b.sql', 'migrations/0001_a.sql', 'seeds/data.sql'].map((relPath) => ({ relPath }));
  const ordered = orderFiles(files, { migrations: ['schema/*.sql', 'migrations/**'], ignore: ['seeds/**'] }).map((f) => f.relPath);
  assert.deepEqual(ordered, ['schema/base.sql', 'migrations/0001_a.sql', 'migrations/0002_b.sql']);
});

test('a down migration sorts right after its own up migration (it sees the schema its up file built)', () => {
  assert.deepEqual(
    sortMigrations(['m/2019-02-26-002946_a/down.sql', 'm/2019-03-01-000000_b/up.sql', 'm/2019-02-26-002946_a/up.sql']),
    ['m/2019-02-26-002946_a/up.sql', 'm/2019-02-26-002946_a/down.sql', 'm/2019-03-01-000000_b/up.sql'],
  );
  assert.deepEqual(sortMigrations(['000001_x.down.sql', '000002_y.up.sql', '000001_x.up.sql']), ['000001_x.up.sql', '000001_x.down.sql', '000002_y.up.sql']);
});

test('appliedThrough: a version covers the files that sort at or before it, in the history order', async () => {
  const { isAtOrBefore } = await import('../../server/src/engine/model/order.js');
  assert.equal(isAtOrBefore('V2__b.sql', 'V10'), true, 'V2 before V10, numerically');
  assert.equal(isAtOrBefore('V10__c.sql', '2'), false);
  assert.equal(isAtOrBefore('migrations/0042_x.sql', '0042'), true, 'at the boundary');
  assert.equal(isAtOrBefore('migrations/0042_x.down.sql', '42'), true, 'its down file too');
  assert.equal(isAtOrBefore('migrations/0043_y.sql', '0042'), false);
  assert.equal(isAtOrBefore('migrations/2019-02-26-002946_init/up.sql', '2019-02-26-002946'), true, 'Diesel folders');
  assert.equal(isAtOrBefore('migrations/2019-02-27-000000_next/up.sql', '2019-02-26'), false);
  assert.equal(isAtOrBefore('migrations/2019-02-26-235959_late/up.sql', '2019-02-26'), true, 'a shorter boundary covers what starts with it');
  assert.equal(isAtOrBefore('prisma/migrations/20240101120000_init/migration.sql', '20240101120000'), true);
  assert.equal(isAtOrBefore('V1_2__x.sql', '1.1'), false, 'V1_2 after 1.1');
  assert.equal(isAtOrBefore('db/structure.sql', '99999999999999'), false, 'an unversioned file is never covered');
});
