// "Show documentation" in VS Code: the client opens the rule page installed with the extension in the
// Markdown preview (client/src/docs.ts), with a stand-in for the vscode API (the e2e suite runs it for real).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { showRuleDocumentation } from '../../client/src/docs.js';

const ROOT = join(__dirname, '..', '..');

interface FakeUri {
  fsPath: string;
}

function fakeVscode(previewFails = false): { api: typeof vscode; calls: string[] } {
  const calls: string[] = [];
  const api = {
    Uri: { joinPath: (base: FakeUri, ...parts: string[]): FakeUri => ({ fsPath: join(base.fsPath, ...parts) }) },
    workspace: {
      fs: {
        stat: async (u: FakeUri) => {
          if (!existsSync(u.fsPath)) throw new Error('FileNotFound');
          return {};
        },
      },
    },
    commands: {
      executeCommand: async (id: string, u: FakeUri) => {
        if (previewFails) throw new Error(`command '${id}' not found`);
        calls.push(`${id} ${u.fsPath}`);
      },
    },
    window: { showTextDocument: async (u: FakeUri) => void calls.push(`showTextDocument ${u.fsPath}`) },
  };
  return { api: api as unknown as typeof vscode, calls };
}

const extension = { fsPath: ROOT } as unknown as vscode.Uri;

test('opens the installed page of the rule in the Markdown preview', async () => {
  const { api, calls } = fakeVscode();
  assert.equal(await showRuleDocumentation(api, extension, 'no-float-for-money'), true);
  assert.deepEqual(calls, [`markdown.showPreview ${join(ROOT, 'docs', 'rules', 'no-float-for-money.md')}`]);
});

test('falls back to the text when the Markdown extension is disabled', async () => {
  const { api, calls } = fakeVscode(true);
  assert.equal(await showRuleDocumentation(api, extension, 'no-float-for-money'), true);
  assert.deepEqual(calls, [`showTextDocument ${join(ROOT, 'docs', 'rules', 'no-float-for-money.md')}`]);
});

test('an unknown rule or a path-like id opens nothing (the server command then answers)', async () => {
  const { api, calls } = fakeVscode();
  assert.equal(await showRuleDocumentation(api, extension, 'no-such-rule'), false);
  assert.equal(await showRuleDocumentation(api, extension, '../../package'), false);
  assert.deepEqual(calls, []);
});
