// "SQL Schema Lint: Score Schema": asks the server for the project's score (sqlSchemaLint/score),
// waiting with a progress notification while the workspace is still being indexed, and shows the
// report in a webview (HTML from score-html.ts). Clicking a finding or a table opens it; "Export as
// Markdown" writes the same Markdown as `sql-schema-lint score --format markdown`.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import { scoreMarkdown } from '../../server/src/engine/score-markdown.js';
import { ScoreRequest, type ScoreProject, type ScoreResult } from '../../server/src/lsp/protocol.js';
import { isScoreMessage, renderScoreHtml, type ScoreView, type ScoreMessage } from './score-html.js';

export const SCORE_COMMAND = 'sqlSchemaLint.scoreSchema';
const VIEW_TYPE = 'sqlSchemaLint.score';
const SQL_LANGUAGES = new Set(['sql', 'pgsql', 'postgres', 'postgresql', 'plpgsql']);

interface Shown {
  panel: vscode.WebviewPanel;
  view: ScoreView;
  project: ScoreProject;
}

let current: Shown | undefined;

/** The resource to score: the command's argument (explorer context menu), else the active SQL editor. */
function target(resource?: unknown): string | undefined {
  if (resource instanceof vscode.Uri) return resource.toString();
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (SQL_LANGUAGES.has(doc.languageId) || /\.sql$/i.test(doc.uri.path))) return doc.uri.toString();
  return undefined;
}

async function request(client: BaseLanguageClient, uri: string | undefined): Promise<ScoreResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'SQL Schema Lint: scoring the schema', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `sqlSchemaLint/score/${randomBytes(8).toString('hex')}`;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
      });
      try {
        return await client.sendRequest(ScoreRequest, { uri, workDoneToken }, token);
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        throw e;
      } finally {
        listener.dispose();
      }
    },
  );
}

/** Runs the command: resolves the project (asking when several match), scores it and shows the report. */
export async function scoreSchema(client: BaseLanguageClient, resource?: unknown): Promise<void> {
  let result: ScoreResult | undefined;
  try {
    result = await request(client, target(resource));
    if (result?.kind === 'choose') {
      const pick = await vscode.window.showQuickPick(
        result.projects.map((p) => ({ label: p.name, description: vscode.workspace.asRelativePath(vscode.Uri.parse(p.uri), true), detail: `${p.files} SQL files`, project: p })),
        { placeHolder: 'Which migration history should be scored?' },
      );
      if (!pick) return;
      result = await request(client, pick.project.uri);
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`SQL Schema Lint: scoring failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!result) return;
  if (result.kind === 'none') {
    void vscode.window.showInformationMessage(`SQL Schema Lint: ${result.message}`);
    return;
  }
  if (result.kind !== 'score') return;
  show(client, { project: result.project.name, report: result.report, display: result.display }, result.project);
}

function show(client: BaseLanguageClient, view: ScoreView, project: ScoreProject): void {
  if (!current) {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Schema Score', vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page loads nothing: no local or remote resources.
      localResourceRoots: [],
    });
    const shown: Shown = { panel, view, project };
    current = shown;
    panel.onDidDispose(() => {
      if (current === shown) current = undefined;
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isScoreMessage(m) && current) void handle(client, current, m);
    });
  }
  current.view = view;
  current.project = project;
  current.panel.title = `Schema Score: ${project.name}`;
  current.panel.webview.html = renderScoreHtml(view, { nonce: randomBytes(16).toString('base64'), cspSource: current.panel.webview.cspSource });
  current.panel.reveal(undefined, false);
}

async function handle(client: BaseLanguageClient, shown: Shown, m: ScoreMessage): Promise<void> {
  try {
    if (m.type === 'open') {
      const item = m.list === 'finding' ? shown.view.report.topFindings[m.index] : shown.view.report.perTable[m.index];
      if (!item) return;
      const selection = new vscode.Range(item.start.line, item.start.character, item.end.line, item.end.character);
      await vscode.window.showTextDocument(vscode.Uri.parse(item.file), { selection, viewColumn: vscode.ViewColumn.One, preview: false });
    } else if (m.type === 'export') {
      await exportMarkdown(shown);
    } else if (m.type === 'rescore') {
      await scoreSchema(client, vscode.Uri.parse(shown.project.uri));
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`SQL Schema Lint: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function exportMarkdown(shown: Shown): Promise<void> {
  const markdown = scoreMarkdown(shown.view.report, (file) => shown.view.display[file] ?? file, { maxFindings: 50, maxTables: 200 });
  const root = vscode.Uri.parse(shown.project.uri);
  const uri = await vscode.window.showSaveDialog({
    defaultUri: root.scheme === 'file' ? vscode.Uri.joinPath(root, 'schema-score.md') : undefined,
    filters: { Markdown: ['md'] },
    saveLabel: 'Export',
  });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.Beside });
}

/**
 * A small status bar entry that runs the command, shown while a SQL editor is active. (The server
 * state item belongs to the extension's main status bar code; this one is separate.)
 */
export function scoreStatusBarItem(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('sqlSchemaLint.score', vscode.StatusBarAlignment.Right, 99);
  item.name = 'SQL Schema Lint: Score';
  item.text = '$(dashboard) Score';
  item.tooltip = 'SQL Schema Lint: Score Schema (the seed’s 0–100 rubric for this migration history)';
  item.command = SCORE_COMMAND;
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && (SQL_LANGUAGES.has(doc.languageId) || /\.sql$/i.test(doc.uri.path))) item.show();
    else item.hide();
  };
  update();
  const sub = vscode.window.onDidChangeActiveTextEditor(update);
  return vscode.Disposable.from(item, sub);
}
