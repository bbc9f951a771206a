// Protocol tests: quick fixes, suggestions, disable directives, documentation, fix-all.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parseDocument } from '../../server/src/engine/index.js';
import { usePostgresParser } from '../helpers/engine.js';
import { ROOT, TestClient, tempProject, waitFor } from './harness.js';

usePostgresParser();

const MONEY = 'CREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    total double precision NOT NULL,\n    fee real\n);\n';

function money(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.code === 'no-float-for-money');
}

function parsesCleanly(text: string): boolean {
  return parseDocument(text).statements.every((s) => !s.error);
}

describe('code actions', () => {
  let dir: string;
  let client: TestClient;
  let n = 0;
  before(async () => {
    dir = tempProject({ 'migrations/0001_base.sql': 'CREATE TABLE base (id bigint PRIMARY KEY);\n' });
    client = await TestClient.start({ folders: [dir] });
  });
  after(() => client.stop());

  async function openFresh(text: string): Promise<string> {
    return client.open(join(dir, `migrations/010${n++}_x.sql`), text);
  }

  async function actionsFor(u: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d], ...(only ? { only } : {}) } });
  }

  test('the fix is offered first and preferred; applying it removes the diagnostic and the SQL still parses', async () => {
    const u = await openFresh(MONEY);
    const [d] = money(await client.pull(u));
    assert.ok(d);
    const actions = await actionsFor(u, d);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Change the type of "total" to NUMERIC(12, 2)',
        'Disable no-float-for-money for this line',
        'Disable no-float-for-money for this file',
        'Show documentation for no-float-for-money',
      ],
    );
    assert.equal(actions[0]!.isPreferred, true);
    assert.equal(actions[0]!.kind, 'quickfix');
    client.applyWorkspaceEdit(actions[0]!.edit!);
    await waitFor('the fixed text', () => client.text(u).includes('total NUMERIC(12, 2) NOT NULL'));
    const after = money(await client.pull(u));
    assert.equal(after.length, 1, 'only "fee" is left');
    assert.match(String(after[0]!.message), /"fee"/);
    assert.ok(parsesCleanly(client.text(u)));
  });

  test('"Disable for this line" inserts the directive with the same indentation, and it suppresses the finding', async () => {
    const u = await openFresh(MONEY);
    const [d] = money(await client.pull(u));
    const action = (await actionsFor(u, d!)).find((a) => a.title.startsWith('Disable no-float-for-money for this line'))!;
    client.applyWorkspaceEdit(action.edit!);
    await waitFor('the directive', () => client.text(u).includes('    -- sql-schema-lint-disable-next-line no-float-for-money\n    total double precision'));
    const left = money(await client.pull(u));
    assert.equal(left.length, 1);
    assert.match(String(left[0]!.message), /"fee"/);
    assert.equal((await client.pull(u)).filter((x) => x.code === 'invalid-directive').length, 0);
    assert.ok(parsesCleanly(client.text(u)));
  });

  test('"Disable for this line" extends an existing directive on the line above', async () => {
    const text = 'CREATE TABLE p (\n  -- sql-schema-lint-disable-next-line syntax-error\n  price float8\n);\n';
    const u = await openFresh(text);
    const [d] = money(await client.pull(u));
    const action = (await actionsFor(u, d!)).find((a) => a.title.includes('for this line'))!;
    client.applyWorkspaceEdit(action.edit!);
    await waitFor('the extended directive', () => client.text(u).includes('-- sql-schema-lint-disable-next-line syntax-error, no-float-for-money\n'));
    assert.deepEqual(money(await client.pull(u)), []);
  });

  test('"Disable for this file" puts the directive at the top and suppresses every finding of the rule', async () => {
    const u = await openFresh(MONEY);
    const [d] = money(await client.pull(u));
    const action = (await actionsFor(u, d!)).find((a) => a.title.endsWith('for this file'))!;
    client.applyWorkspaceEdit(action.edit!);
    await waitFor('the file directive', () => client.text(u).startsWith('-- sql-schema-lint-disable no-float-for-money\nCREATE TABLE'));
    assert.deepEqual(money(await client.pull(u)), []);
    assert.ok(parsesCleanly(client.text(u)));
  });

  test('"Show documentation" runs a server command that opens the installed rule page in the editor', async () => {
    const u = await openFresh(MONEY);
    const [d] = money(await client.pull(u));
    const action = (await actionsFor(u, d!)).find((a) => a.title.startsWith('Show documentation'))!;
    assert.ok(action.command);
    assert.equal(action.command.command, 'sqlSchemaLint.server.showDocumentation', 'the VS Code client runs this one itself (Markdown preview)');
    const result = await client.request('workspace/executeCommand', { command: action.command.command, arguments: action.command.arguments });
    assert.deepEqual(result, { shown: true });
    const page = pathToFileURL(join(ROOT, 'docs', 'rules', 'no-float-for-money.md')).toString();
    assert.deepEqual(client.showDocumentRequests.at(-1), { uri: page, takeFocus: true }, 'a file of the installed version, not a browser');
    assert.equal(d!.codeDescription?.href, page, 'the diagnostic links the same page');
  });

  test('source.fixAll applies every safe fix (editor.codeActionsOnSave)', async () => {
    const u = await openFresh(MONEY);
    await client.pull(u);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.sql-schema-lint');
    client.applyWorkspaceEdit(actions[0]!.edit!);
    await waitFor('both columns fixed', () => client.text(u).includes('total NUMERIC(12, 2) NOT NULL') && client.text(u).includes('fee NUMERIC(12, 2)'));
    assert.deepEqual(money(await client.pull(u)), []);
    assert.ok(parsesCleanly(client.text(u)));
  });

  test('the Fix All command goes through workspace/applyEdit', async () => {
    const u = await openFresh(MONEY);
    await client.pull(u);
    const r = await client.request<{ applied: boolean; fixes: number }>('workspace/executeCommand', { command: 'sqlSchemaLint.server.applyFixAll', arguments: [u] });
    assert.equal(r.applied, true);
    assert.ok(r.fixes >= 2, `fixes: ${r.fixes}`);
    await waitFor('both columns fixed', () => !/double precision|real/.test(client.text(u)));
    assert.deepEqual(money(await client.pull(u)), []);
  });

  test('a stale diagnostic (the document changed since) still gets the right edit', async () => {
    const u = await openFresh(MONEY);
    const [d] = money(await client.pull(u));
    // Change something after the diagnostic's range; its range stays valid, its data is stale.
    await client.replace(u, 'fee real', 'fee real, note text');
    const action = (await actionsFor(u, d!))[0]!;
    client.applyWorkspaceEdit(action.edit!);
    await waitFor('the fixed text', () => client.text(u).includes('total NUMERIC(12, 2) NOT NULL'));
    assert.ok(client.text(u).includes('note text'));
  });

  test('no quick fixes are offered for other sources', async () => {
    const u = await openFresh(MONEY);
    const d: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'other-linter', code: 'no-float-for-money' };
    assert.deepEqual(await actionsFor(u, d), []);
  });
});
