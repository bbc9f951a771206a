// Protocol tests over stdio: a client that pulls diagnostics (textDocument/diagnostic, as VS Code's) is
// never pushed to (textDocument/publishDiagnostics); a client without pull support gets everything pushed,
// config file errors included.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TestClient, tempProject, uri, waitFor, writeFile } from './harness.js';

const MONEY = 'CREATE TABLE payments (id bigserial PRIMARY KEY, amount double precision);\n';
const OTHER = 'CREATE TABLE refunds (id bigserial PRIMARY KEY, amount real);\n';
const BAD_CONFIG = '{\n  "rules": { "no-such-rule": "error" }\n}\n';

/** Opens, edits, saves, closes and reopens documents, and breaks and repairs the config file. */
async function drive(client: TestClient, dir: string, pull: boolean): Promise<void> {
  const u = await client.open(join(dir, 'a.sql'), MONEY);
  if (pull) assert.ok((await client.pull(u)).some((d) => d.code === 'no-float-for-money'));
  await client.replace(u, 'double precision', 'numeric(12, 2)');
  if (pull) assert.ok((await client.pull(u)).every((d) => d.code !== 'no-float-for-money'));
  await client.save(u);
  for (let i = 0; i < 5; i++) {
    const v = await client.open(join(dir, 'b.sql'), OTHER);
    if (pull) await client.pull(v);
    await client.close(v);
  }
  await client.close(u);
  writeFile(join(dir, '.sql-schema-lint.json'), BAD_CONFIG);
  await client.diskChanged(join(dir, '.sql-schema-lint.json'), 2);
}

describe('diagnostics reach a client only the way it asked for them', () => {
  test('a pull client with a workspace pull: everything comes by pull, nothing is pushed', async () => {
    const dir = tempProject({ 'a.sql': MONEY, 'b.sql': OTHER, '.sql-schema-lint.json': '{}' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      assert.ok(client.initializeResult.capabilities.diagnosticProvider);
      await drive(client, dir, true);
      const configUri = uri(join(dir, '.sql-schema-lint.json'));
      await waitFor('the config error in the workspace pull', () => client.workspaceReports.get(configUri)?.some((d) => /unknown rule "no-such-rule"/.test(String(d.message))));
      await waitFor('the unopened file in the workspace pull', () => client.workspaceReports.get(uri(join(dir, 'b.sql')))?.some((d) => d.code === 'no-float-for-money'));
      // Let pending re-lints run out before counting.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(client.pushes, 0);
    } finally {
      await client.stop();
    }
  });

  test('a pull client that never sends a workspace pull is not pushed to either', async () => {
    const dir = tempProject({ 'a.sql': MONEY, 'b.sql': OTHER, '.sql-schema-lint.json': '{}' });
    const client = await TestClient.start({ folders: [dir], workspacePull: false });
    try {
      await drive(client, dir, true);
      await waitFor('an error message about the config', () => client.messages.some((m) => /unknown rule "no-such-rule"/.test(m.message)));
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(client.pushes, 0);
    } finally {
      await client.stop();
    }
  });

  test('a client without pull support gets open, unopened and config diagnostics pushed', async () => {
    const dir = tempProject({ 'a.sql': MONEY, 'b.sql': OTHER, '.sql-schema-lint.json': '{}' });
    const client = await TestClient.start({ folders: [dir], pull: false });
    try {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
      await drive(client, dir, false);
      await waitFor('the config error pushed', () => client.published.get(uri(join(dir, '.sql-schema-lint.json')))?.some((d) => /unknown rule "no-such-rule"/.test(String(d.message))));
      await waitFor('the unopened file pushed', () => client.published.get(uri(join(dir, 'b.sql')))?.some((d) => d.code === 'no-float-for-money'));
      // Closed unsaved: the file's text on disk (still with the finding) is what counts again.
      await waitFor('the closed file pushed from its disk text', () => client.published.get(uri(join(dir, 'a.sql')))?.some((d) => d.code === 'no-float-for-money'));
    } finally {
      await client.stop();
    }
  });
});
