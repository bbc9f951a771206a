// Protocol test: the server indexes a workspace as the CLI walks it (server/src/node/project.ts): a FIFO
// named like a migration is skipped with a logged reason instead of hanging the indexing, symbolic links
// to folders are followed, and a link loop is reported, not fatal.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mkfifo } from '../helpers/cli.js';
import { TestClient, tempProject, uri, waitFor } from './harness.js';

test('indexing skips a FIFO and a link loop with a logged reason and follows a linked folder', async () => {
  const dir = tempProject({ 'db/0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY);\n', 'shared/0002_payments.sql': 'CREATE TABLE payments (id bigserial PRIMARY KEY, amount real);\n' });
  mkdirSync(join(dir, 'db', 'more'));
  symlinkSync('../../shared', join(dir, 'db', 'more', 'shared'));
  mkfifo(join(dir, 'db', '0003_pipe.sql'));
  symlinkSync('0004_loop.sql', join(dir, 'db', '0004_loop.sql'));
  const client = await TestClient.start({ folders: [join(dir, 'db')] });
  try {
    await waitFor('indexing done', () => client.progress.some((p) => p.value.kind === 'end'), 30_000);
    await waitFor('the linked folder\'s file in the workspace pull', () =>
      client.workspaceReports.get(uri(join(dir, 'db', 'more', 'shared', '0002_payments.sql')))?.some((d) => d.code === 'no-float-for-money'),
    );
    assert.ok(client.logs.some((l) => /Skipped .*0003_pipe\.sql: not a regular file \(a FIFO\)/.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => /Skipped .*0004_loop\.sql: symbolic link loop/.test(l)), client.logs.join('\n'));
    assert.ok(client.alive);
  } finally {
    await client.stop();
  }
});
