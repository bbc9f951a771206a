// Verify-on-save over stdio, as VS Code drives it: with `sqlSchemaLint.verify: "onSave"`, saving a
// migration tries it on PostgreSQL 18 (PGlite, in the server's worker thread) after the migrations
// before it, and the next pull carries PostgreSQL's error as a migration-fails diagnostic that names
// the PostgreSQL that checked it. Typing hides it until the next save; an earlier migration that
// changes is applied again from a snapshot; an earlier one that fails makes this one "not checked".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, tempProject, uri, waitFor } from './harness.js';

const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n';
const ORDERS = 'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  user_email text REFERENCES users (email)\n);\n';
const CHECK_MS = 240_000;

describe('verify on save (PGlite in the language server)', () => {
  let dir: string;
  let client: TestClient;
  let orders: string;
  before(async () => {
    dir = tempProject({ 'migrations/0001_users.sql': USERS, 'migrations/0002_orders.sql': ORDERS, '.sql-schema-lint.json': '{ "postgresVersion": 15 }' });
    client = await TestClient.start({ folders: [dir], settings: { verify: 'onSave' } });
    orders = await client.open(join(dir, 'migrations/0002_orders.sql'), ORDERS);
  });
  after(() => client.stop());

  const verified = (file: string): number => client.logs.filter((l) => l.startsWith(`Verified migrations/${file} `)).length;
  /** Saves and waits until the server has checked this save. */
  async function saveAndCheck(u: string, file: string): Promise<Diagnostic[]> {
    const n = verified(file);
    await client.save(u);
    await waitFor(`the check of ${file}`, () => verified(file) > n, CHECK_MS);
    return client.pull(u);
  }

  test('nothing before a save; after it, PostgreSQL\'s error at the failing name, saying which PostgreSQL checked', async () => {
    assert.deepEqual((await client.pull(orders)).filter((d) => d.code === 'migration-fails'), [], 'linting alone never reports it');
    const diags = await saveAndCheck(orders, '0002_orders.sql');
    const d = diags.find((x) => x.code === 'migration-fails');
    assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 2, character: 29 }, end: { line: 2, character: 34 } }, 'on "users" in REFERENCES users (email)');
    assert.match(String(d.message), /there is no unique constraint matching given keys for referenced table "users" \(SQLSTATE 42830\)/);
    assert.match(String(d.message), /checked on PostgreSQL 18\.\d+ \(PGlite\), while postgresVersion is 15/);
    assert.match(d.codeDescription!.href, /docs\/rules\/migration-fails\.md$/);
  });

  test('typing hides it (its ranges belong to the saved text); a fixed file saved again has none', async () => {
    await client.replace(orders, 'user_email text REFERENCES users (email)', 'user_id bigint REFERENCES users (id)');
    assert.deepEqual((await client.pull(orders)).filter((d) => d.code === 'migration-fails'), [], 'hidden while the text differs');
    const diags = await saveAndCheck(orders, '0002_orders.sql');
    assert.deepEqual(diags.filter((d) => d.code === 'migration-fails'), []);
    assert.match(client.logs.filter((l) => l.startsWith('Verified migrations/0002_orders.sql ')).at(-1)!, /: no error$/, 'tried against the state already built');
  });

  test('an earlier migration changes: the history is applied again, and the later file sees the change', async () => {
    const users = await client.open(join(dir, 'migrations/0001_users.sql'), USERS);
    await client.replace(users, 'email text', 'email text UNIQUE');
    assert.deepEqual((await saveAndCheck(users, '0001_users.sql')).filter((d) => d.code === 'migration-fails'), []);
    // Back to the foreign key on email: valid now that email is unique.
    await client.replace(orders, 'user_id bigint REFERENCES users (id)', 'user_email text REFERENCES users (email)');
    assert.deepEqual((await saveAndCheck(orders, '0002_orders.sql')).filter((d) => d.code === 'migration-fails'), []);
    assert.match(client.logs.filter((l) => l.startsWith('Verified migrations/0002_orders.sql ')).at(-1)!, /\(history applied first\)/);
  });

  test('an earlier migration that fails: this one is not checked, and the diagnostic says why and where', async () => {
    const users = uri(join(dir, 'migrations/0001_users.sql'));
    await client.replace(users, 'email text UNIQUE', 'email text UNIQUE REFERENCES accounts (id)');
    await saveAndCheck(users, '0001_users.sql');
    const diags = await saveAndCheck(orders, '0002_orders.sql');
    const d = diags.find((x) => x.code === 'migration-fails');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.severity, 3, 'information: not a finding about this file');
    assert.match(String(d.message), /^Not checked on PostgreSQL 18\.\d+ \(PGlite\), while postgresVersion is 15: an earlier migration, migrations\/0001_users\.sql, fails: relation "accounts" does not exist \(SQLSTATE 42P01\)\.$/);
    assert.equal(d.relatedInformation?.[0]?.location.uri, users);
    // And the earlier file itself shows its error, once saved.
    const own = (await client.pull(users)).find((x) => x.code === 'migration-fails');
    assert.match(String(own?.message ?? ''), /relation "accounts" does not exist/);
  });
});
