// The VS Code client: starts the bundled language server (dist/server.js) over IPC, registers the
// commands from the one table in commands.ts, and shows the server's state in the status bar.
// Diagnostics are pulled (LSP 3.17): on open, on change (unless sqlSchemaLint.run is "onSave"), on save,
// and for files that are not open through the server's streaming workspace pull.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from './server-flags.js';
import { CLIENT_ID, OUTPUT_CHANNEL_NAME, PendingNotification, SETTINGS_SECTION, ServerCommand, StatusNotification } from '../../server/src/lsp/protocol.js';
import { showRuleDocumentation } from './docs.js';
import { COMMANDS, type CommandContext } from './commands.js';
import { scoreSchema, scoreStatusBarItem } from './score.js';
import { StatusItem } from './status.js';

/** Languages the server lints: VS Code's `sql` and PostgreSQL-specific ids of other extensions. */
export const DOCUMENT_SELECTOR = ['sql', 'pgsql', 'postgres', 'postgresql', 'plpgsql'].flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const status = new StatusItem('sqlSchemaLint.showOutput');
  context.subscriptions.push(output, status, scoreStatusBarItem());

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      // sqlSchemaLint.run = "onSave": no pulls while typing.
      filter: (document, mode) => mode === 'onType' && vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get('run') === 'onSave',
    },
    middleware: {
      // "Show documentation" opens the installed page in the Markdown preview (client/src/docs.ts).
      executeCommand: async (command, args, next) => {
        if (command === ServerCommand.showDocumentation && (await showRuleDocumentation(vscode, context.extensionUri, String(args[0] ?? '')))) return { shown: true };
        return next(command, args);
      },
    },
  };
  const created = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL_NAME, serverOptions, clientOptions);
  client = created;
  context.subscriptions.push(
    created.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.set({ state: 'stopped', message: 'The server stopped; run "SQL Schema Lint: Restart Server".' });
      else if (e.newState === State.Starting) status.set({ state: 'starting', message: 'Starting the server' });
    }),
    created.onNotification(StatusNotification, (p) => status.set(p)),
    created.onNotification(PendingNotification, (p) => status.setPending(p)),
  );

  const ctx: CommandContext = {
    vscode,
    client: () => client,
    output,
    restart: async () => {
      if (!client) return;
      status.set({ state: 'starting', message: 'Restarting the server' });
      await client.restart();
    },
    scoreSchema: async (resource) => {
      if (client) await scoreSchema(client, resource);
    },
  };
  for (const c of COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(c.id, (...args: unknown[]) => c.run(ctx, ...args)));

  try {
    await created.start();
  } catch (e) {
    status.set({ state: 'stopped', message: `The server failed to start: ${e instanceof Error ? e.message : String(e)}` });
    output.appendLine(`The server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
