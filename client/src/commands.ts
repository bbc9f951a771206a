// The extension's commands, from ONE table: package.json's contributes.commands mirrors it (a test checks
// ids, titles and the palette category). Handlers get what they need through CommandContext, so this file
// loads without VS Code (tests import it).
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerCommand } from '../../server/src/lsp/protocol.js';

export const COMMAND_CATEGORY = 'SQL Schema Lint';

export interface CommandContext {
  vscode: typeof vscode;
  client(): LanguageClient | undefined;
  output: vscode.OutputChannel;
  restart(): Promise<void>;
  scoreSchema(resource?: unknown): Promise<void>;
}

export interface CommandSpec {
  id: string;
  /** The palette shows "SQL Schema Lint: <title>". */
  title: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}

const SQL_LANGUAGES = new Set(['sql', 'pgsql', 'postgres', 'postgresql', 'plpgsql']);

async function fixAll(ctx: CommandContext): Promise<void> {
  const editor = ctx.vscode.window.activeTextEditor;
  const client = ctx.client();
  if (!editor || !(SQL_LANGUAGES.has(editor.document.languageId) || /\.sql$/i.test(editor.document.uri.path))) {
    void ctx.vscode.window.showInformationMessage('SQL Schema Lint: open a SQL file to fix its problems.');
    return;
  }
  if (!client?.isRunning()) {
    void ctx.vscode.window.showWarningMessage('SQL Schema Lint: the server is not running.');
    return;
  }
  const doc = editor.document;
  const result = (await client.sendRequest('workspace/executeCommand', {
    command: ServerCommand.applyFixAll,
    arguments: [client.code2ProtocolConverter.asUri(doc.uri), doc.version],
  })) as { applied: boolean; fixes: number; reason?: string } | undefined;
  if (!result?.applied) void ctx.vscode.window.showWarningMessage(`SQL Schema Lint: could not apply the fixes${result?.reason ? ` (${result.reason})` : ''}.`);
  else ctx.vscode.window.setStatusBarMessage(result.fixes ? `SQL Schema Lint: fixed ${result.fixes} problem${result.fixes === 1 ? '' : 's'}` : 'SQL Schema Lint: nothing to fix', 4000);
}

export const COMMANDS: readonly CommandSpec[] = [
  { id: 'sqlSchemaLint.scoreSchema', title: 'Score Schema', run: (ctx, resource) => ctx.scoreSchema(resource) },
  { id: 'sqlSchemaLint.fixAll', title: 'Fix All Problems in File', run: (ctx) => fixAll(ctx) },
  { id: 'sqlSchemaLint.restartServer', title: 'Restart Server', run: (ctx) => ctx.restart() },
  { id: 'sqlSchemaLint.showOutput', title: 'Show Output', run: (ctx) => ctx.output.show(true) },
];
