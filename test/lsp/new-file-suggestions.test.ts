// Suggestions that create files (a new migration of its own, a tool's configuration file) reach an
// editor as one workspace edit that creates the files before editing, and only editors that can
// create files are offered them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TestClient, tempProject } from './harness.js';

const INIT = 'prisma/migrations/20240101000000_init/migration.sql';
const FILE = 'prisma/migrations/20240102000000_add_email_index/migration.sql';
const TEXT = 'ALTER TABLE "User" ADD COLUMN "age" INTEGER;\nCREATE INDEX "User_email_idx" ON "User"("email");\n';
const NEW = 'prisma/migrations/20240102000001_add_email_index_concurrently/migration.sql';

describe('suggestions that create files', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.stop())));

  async function actions(createFiles: boolean): Promise<{ dir: string; list: CodeAction[] }> {
    const dir = tempProject({ [INIT]: 'CREATE TABLE "User" ("id" TEXT PRIMARY KEY, "email" TEXT NOT NULL);\n', 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' });
    const client = await TestClient.start({ folders: [dir], createFiles });
    clients.push(client);
    const u = await client.open(join(dir, FILE), TEXT);
    const d = (await client.pull(u)).find((x: Diagnostic) => x.code === 'require-concurrent-index');
    assert.ok(d, 'require-concurrent-index reports the index');
    const list = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    return { dir, list };
  }

  test('a client that can create files gets the new migration: CreateFile, its text, then the edit of this file', async () => {
    const { dir, list } = await actions(true);
    const move = list.find((a) => a.title.includes('new migration of its own'));
    assert.ok(move, `offered: ${list.map((a) => a.title).join(' | ')}`);
    const changes = move.edit!.documentChanges!;
    const created = pathToFileURL(join(dir, NEW)).href;
    assert.deepEqual((changes[0] as CreateFile).kind, 'create');
    assert.equal((changes[0] as CreateFile).uri, created);
    assert.equal((changes[1] as TextDocumentEdit).textDocument.uri, created);
    assert.equal(((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText, 'CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");\n');
    assert.equal((changes[2] as TextDocumentEdit).textDocument.uri, pathToFileURL(join(dir, FILE)).href);
  });

  test('a client that cannot create files is not offered half of it', async () => {
    const { list } = await actions(false);
    assert.ok(list.length > 0);
    assert.equal(list.filter((a) => a.title.includes('new migration of its own')).length, 0);
  });
});
