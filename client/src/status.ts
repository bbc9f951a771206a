// The status bar item: the server's state (starting, indexing 120/800, ready, configuration warning,
// stopped); a click opens the output channel.
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol.js';

export type ClientState = StatusParams['state'] | 'stopped';

const ICONS: Record<ClientState, string> = {
  starting: '$(sync~spin)',
  indexing: '$(sync~spin)',
  ready: '$(check)',
  warning: '$(warning)',
  disabled: '$(circle-slash)',
  stopped: '$(error)',
};

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sqlSchemaLint.status', vscode.StatusBarAlignment.Right, 100);

  constructor(showOutputCommand: string) {
    this.item.name = 'SQL Schema Lint';
    this.item.command = showOutputCommand;
    this.set({ state: 'starting', message: 'Starting the server' });
    this.item.show();
  }

  set(status: { state: ClientState; message: string; indexed?: number; total?: number }): void {
    const progress = status.state === 'indexing' && status.total ? ` ${status.indexed ?? 0}/${status.total}` : '';
    this.item.text = `${ICONS[status.state]} SQL Lint${progress}`;
    this.item.tooltip = `SQL Schema Lint: ${status.message}\nClick to show the output.`;
    this.item.backgroundColor = status.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : status.state === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
