// A language client for protocol tests: starts the BUILT server (dist/server.js) over stdio and talks to
// it as VS Code's client does (pull diagnostics with a streaming workspace pull, dynamic registrations,
// workspace/configuration, applyEdit, progress). Tests poll for the state they expect with a deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_EXEC_ARGV } from '../../client/src/server-flags.js';
import type { PendingParams } from '../../server/src/lsp/protocol.js';
import { CancellationTokenSource, StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

/** The built server must be newer than its sources (`npm test` builds first; alone, run `node esbuild.mjs`). */
export function assertServerBuilt(): void {
  if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first (npm test does)');
  const built = statSync(SERVER).mtimeMs;
  const newest = (dir: string): number => {
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return m;
  };
  const src = newest(join(ROOT, 'server', 'src', 'lsp'));
  if (src > built) throw new Error('dist/server.js is older than server/src/lsp: run `node esbuild.mjs` first (npm test does)');
}

export function uri(p: string): string {
  return pathToFileURL(p).toString();
}

/** A temporary folder holding the given files. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lsp-'));
  for (const [rel, content] of Object.entries(files)) writeFile(join(dir, rel), content);
  return dir;
}

export function writeFile(p: string, content: string | Buffer): void {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export interface ClientOptions {
  folders: string[];
  /** Settings returned for workspace/configuration (section sqlSchemaLint), per folder path or for all. */
  settings?: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);
  /** false: a client without pull diagnostics (the server pushes). */
  pull?: boolean;
  /** false: do not send workspace/diagnostic. */
  workspacePull?: boolean;
  execArgv?: string[];
  /** Another server bundle (an installed package's); default: this checkout's dist/server.js. */
  server?: string;
  /** Workspace edits may create files (workspaceEdit.resourceOperations: ['create']). */
  createFiles?: boolean;
}

export class TestClient {
  readonly docs = new Map<string, TextDocument>();
  readonly logs: string[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly published = new Map<string, Diagnostic[]>();
  /** Every textDocument/publishDiagnostics received. */
  pushes = 0;
  readonly workspaceReports = new Map<string, Diagnostic[]>();
  readonly progress: { token: unknown; value: { kind: string; message?: string; percentage?: number } }[] = [];
  readonly statuses: { state: string; message: string }[] = [];
  /** sqlSchemaLint/pending notifications, in order. */
  readonly pendingStatuses: PendingParams[] = [];
  readonly shownDocuments: string[] = [];
  /** The whole `window/showDocument` requests (external or in the editor). */
  readonly showDocumentRequests: { uri: string; external?: boolean; takeFocus?: boolean }[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  refreshes = 0;
  inlayHintRefreshes = 0;
  stderr = '';
  initializeResult!: InitializeResult;
  private readonly resultIds = new Map<string, string>();
  private readonly pulled = new Map<string, Diagnostic[]>();
  private workspacePullToken = `wsd-${Math.random()}`;
  private workspacePullCancel?: () => void;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    private settings: ClientOptions['settings'],
  ) {}

  static async start(options: ClientOptions): Promise<TestClient> {
    if (!options.server) assertServerBuilt();
    // Started as the extension starts it (client/src/server-flags.ts).
    const proc = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...(options.execArgv ?? []), options.server ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new TestClient(proc, conn, options.settings);
    proc.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    client.wire();
    conn.listen();
    const pull = options.pull !== false;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, ...(options.createFiles ? { resourceOperations: ['create'] } : {}) },
        applyEdit: true,
        symbol: {},
        executeCommand: {},
        ...(pull ? { diagnostics: { refreshSupport: true } } : {}),
        inlayHint: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { didSave: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { labelDetailsSupport: true } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        inlayHint: {},
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      window: { workDoneProgress: true, showDocument: { support: true } },
    };
    client.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.folders[0] ? uri(options.folders[0]) : null,
      workspaceFolders: options.folders.map((f) => ({ uri: uri(f), name: f.split('/').pop() })),
      capabilities,
    });
    await conn.sendNotification('initialized', {});
    if (pull && options.workspacePull !== false && client.initializeResult.capabilities.diagnosticProvider) client.startWorkspacePull();
    return client;
  }

  private wire(): void {
    const c = this.conn;
    c.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => (typeof this.settings === 'function' ? this.settings(item.scopeUri) : (this.settings ?? {}))),
    );
    c.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    c.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      return null;
    });
    c.onRequest('window/showDocument', (params: { uri: string; external?: boolean; takeFocus?: boolean }) => {
      this.shownDocuments.push(params.uri);
      this.showDocumentRequests.push(params);
      return { success: true };
    });
    c.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
      this.messages.push(params);
      return null;
    });
    c.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.applyWorkspaceEdit(params.edit);
      return { applied: true };
    });
    c.onNotification('window/showMessage', (p: ShowMessageParams) => void this.messages.push(p));
    c.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.pushes++;
      this.published.set(p.uri, p.diagnostics);
    });
    c.onNotification('sqlSchemaLint/status', (p: { state: string; message: string }) => void this.statuses.push(p));
    c.onNotification('sqlSchemaLint/pending', (p: TestClient['pendingStatuses'][number]) => void this.pendingStatuses.push(p));
    c.onNotification('$/progress', (p: { token: unknown; value: unknown }) => {
      if (p.token === this.workspacePullToken) {
        for (const item of (p.value as WorkspaceDiagnosticReportPartialResult).items) if (item.kind === 'full') this.workspaceReports.set(item.uri, item.items);
        return;
      }
      this.progress.push(p as TestClient['progress'][number]);
    });
  }

  /** A long-running workspace/diagnostic request with streamed partial results, as vscode-languageclient sends. */
  private startWorkspacePull(): void {
    const source = new CancellationTokenSource();
    this.workspacePullCancel = () => source.cancel();
    void this.conn
      .sendRequest(
        'workspace/diagnostic',
        { previousResultIds: [], partialResultToken: this.workspacePullToken },
        source.token,
      )
      .catch(() => undefined);
  }

  async open(path: string, text: string, languageId = 'sql'): Promise<string> {
    const u = uri(path);
    const doc = TextDocument.create(u, languageId, 1, text);
    this.docs.set(u, doc);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId, version: 1, text } });
    return u;
  }

  text(u: string): string {
    return this.docs.get(u)!.getText();
  }

  /** Incremental didChange: each change applies to the result of the previous one. */
  async change(u: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const doc = this.docs.get(u)!;
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(u, next);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: next.version }, contentChanges: changes });
  }

  /** Replaces `search` (first occurrence) with `replacement` through an incremental change. */
  async replace(u: string, search: string, replacement: string): Promise<void> {
    const doc = this.docs.get(u)!;
    const at = doc.getText().indexOf(search);
    if (at < 0) throw new Error(`"${search}" not in ${u}`);
    await this.change(u, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + search.length) }, text: replacement }]);
  }

  async close(u: string): Promise<void> {
    this.docs.delete(u);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
  }

  async save(u: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didSave', { textDocument: { uri: u } });
  }

  /** textDocument/diagnostic, remembering the result id as the client does. */
  async pull(u: string): Promise<Diagnostic[]> {
    const report = (await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u }, previousResultId: this.resultIds.get(u) })) as DocumentDiagnosticReport & {
      resultId?: string;
      items?: Diagnostic[];
    };
    if (report.kind === 'full') {
      this.pulled.set(u, report.items);
      if (report.resultId) this.resultIds.set(u, report.resultId);
      return report.items;
    }
    return this.pulled.get(u) ?? [];
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async diskChanged(path: string, type: 1 | 2 | 3): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path), type }] });
  }

  /** Applies a workspace edit to the open documents (and sends didChange), as an editor does. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    const perUri: [string, TextEdit[], number | null | undefined][] = [];
    for (const dc of edit.documentChanges ?? []) if ('textDocument' in dc) perUri.push([dc.textDocument.uri, dc.edits as TextEdit[], dc.textDocument.version]);
    for (const [u, edits] of Object.entries(edit.changes ?? {})) perUri.push([u, edits, undefined]);
    for (const [u, edits, version] of perUri) {
      const doc = this.docs.get(u);
      if (!doc) throw new Error(`edit for a document that is not open: ${u}`);
      if (typeof version === 'number' && version !== doc.version) throw new Error(`stale edit: version ${version}, document ${doc.version}`);
      const text = TextDocument.applyEdits(doc, edits);
      void this.change(u, [{ text }]);
    }
  }

  async stop(): Promise<void> {
    this.workspacePullCancel?.();
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}
