// The status bar item: the server's state (starting, indexing 120/800, ready, configuration warning,
// stopped) and, once known, how many migrations are pending against which base (the tooltip also names
// each project's migration tool); a click opens the output channel.
import * as vscode from 'vscode';
import type { PendingParams, StatusParams } from '../../server/src/lsp/protocol.js';
import { pendingLabel } from './pending-status.js';

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
  private status: { state: ClientState; message: string; indexed?: number; total?: number } = { state: 'starting', message: '' };
  private pending: PendingParams | undefined;

  constructor(showOutputCommand: string) {
    this.item.name = 'SQL Schema Lint';
    this.item.command = showOutputCommand;
    this.set({ state: 'starting', message: 'Starting the server' });
    this.item.show();
  }

  set(status: { state: ClientState; message: string; indexed?: number; total?: number }): void {
    this.status = status;
    this.render();
  }

  setPending(pending: PendingParams): void {
    this.pending = pending;
    this.render();
  }

  private render(): void {
    const status = this.status;
    const progress = status.state === 'indexing' && status.total ? ` ${status.indexed ?? 0}/${status.total}` : '';
    const label = status.state === 'ready' || status.state === 'warning' ? pendingLabel(this.pending) : undefined;
    this.item.text = `${ICONS[status.state]} SQL Lint${progress}${label ? `: ${label.text}` : ''}`;
    this.item.tooltip = [`SQL Schema Lint: ${status.message}`, ...(label?.tooltip ?? []), 'Click to show the output.'].join('\n');
    this.item.backgroundColor = status.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : status.state === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
