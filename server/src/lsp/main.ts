// The language server's entry point: connection wiring only. The work is done by the workspace index
// (workspace.ts), diagnostics (diagnostics.ts), code actions (codeActions.ts), hover / definition /
// references (language.ts), completion (completion.ts) and symbols (symbols.ts).
// One keystroke: didChange -> workspace.changeDocument (text, version; the project's generation bumps)
// -> the client pulls textDocument/diagnostic -> workspace.lintFile (incremental re-parse, lintProject with
// `only` this file) -> diagnostics; ~300 ms later the whole project is re-linted and other migrations'
// diagnostics are refreshed (open ones) or streamed (workspace/diagnostic).
import * as path from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, STATS_FILE_NAME, loadPostgresParser, SUPPRESSIONS_FILE_NAME } from '../engine/index.js';
import { CODE_ACTION_KINDS, CodeActionService } from './codeActions.js';
import { COMPLETION_TRIGGERS, completionsAt } from './completion.js';
import { DiagnosticsService } from './diagnostics.js';
import { LanguageFeatures } from './language.js';
import { LockHints } from './lock-hints.js';
import { Logger, describeError } from './log.js';
import { PendingFiles } from './pending.js';
import { PendingNotification, ServerCommand, StatusNotification, type Settings, type StatusParams } from './protocol.js';
import { registerScore } from './score.js';
import { SettingsStore } from './settings.js';
import { documentSymbols, workspaceSymbols } from './symbols.js';
import { VerifyOnSave } from './verify.js';
import { Workspace, uriToPath, type WorkspaceFolderInfo } from './workspace.js';
import { limitHeapGrowth } from './memory.js';
import { TOOL_FILE_GLOBS } from '../node/project.js';

limitHeapGrowth();

const SQL_LANGUAGES = new Set(['sql', 'pgsql', 'postgres', 'postgresql', 'plpgsql']);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = new Logger(connection);

let settings: SettingsStore;
let workspace: Workspace;
let diagnostics: DiagnosticsService;
let codeActions: CodeActionService;
let language: LanguageFeatures;
let pendingFiles: PendingFiles;
let lockHints: LockHints;
let verify: VerifyOnSave;
let capabilities: InitializeParams['capabilities'];
let initialFolders: WorkspaceFolderInfo[] = [];
let progress: WorkDoneProgressServerReporter | undefined;
const parserReady = loadPostgresParser();
/** Resolves when the parser is loaded and the first settings are known (documents and requests wait for it). */
let markReady!: () => void;
const serverReady = new Promise<void>((resolve) => (markReady = resolve));

function isSql(doc: TextDocument): boolean {
  return SQL_LANGUAGES.has(doc.languageId) || /\.sql$/i.test(doc.uri);
}

function folderInfo(uri: string, name?: string): WorkspaceFolderInfo {
  const p = uriToPath(uri);
  return { uri, path: p, name: name ?? path.basename(p) };
}

function sendStatus(status: StatusParams): void {
  void connection.sendNotification(StatusNotification, status);
}

/** Runs a handler; an exception is logged and answered with `fallback`, never allowed to stop the server. */
function guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      await serverReady;
      return await handler(params);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log.error(`${name} failed`, e);
      return fallback;
    }
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  capabilities = params.capabilities;
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(uriToPath(params.rootUri)) }] : []);
  initialFolders = folders.filter((f) => f.uri.startsWith('file:')).map((f) => folderInfo(f.uri, f.name));
  const init = (params.initializationOptions ?? {}) as { settings?: unknown };
  settings = new SettingsStore(connection, !!capabilities.workspace?.configuration, init.settings);
  workspace = new Workspace(log, {
    projectChanged: (project, cause) => {
      diagnostics.projectChanged(project, cause);
      pendingFiles.projectChanged(project);
      lockHints.projectChanged();
    },
    progress: (done, total, phase, projectName) => {
      // Ask git while the files are read, so diagnostics never wait for it.
      for (const p of workspace.projects.values()) void pendingFiles.ready(p);
      if (phase === 'done') {
        progress?.done();
        progress = undefined;
        const errors = workspace.configErrors().length;
        let files = 0;
        for (const p of workspace.projects.values()) files += p.files.size;
        sendStatus(
          errors
            ? { state: 'warning', message: `${errors} invalid configuration file${errors > 1 ? 's' : ''}; see Problems` }
            : { state: 'ready', message: `${files} migration file${files === 1 ? '' : 's'} in ${workspace.projects.size} project${workspace.projects.size === 1 ? '' : 's'}` },
        );
        log.info(`Indexed ${done} files; ${workspace.stats.fullParses} full parses.`);
        return;
      }
      const message = phase === 'linting' ? `Linting ${projectName} (${done}/${total})` : `Indexing migrations ${done}/${total}`;
      progress?.report(total ? Math.floor((done / total) * 100) : 0, message);
      sendStatus({ state: 'indexing', message, indexed: done, total });
    },
    configErrorsChanged: () => diagnostics.publishConfigErrors(workspace.configErrors()),
  });
  const pull = !!capabilities.textDocument?.diagnostic;
  diagnostics = new DiagnosticsService(connection, workspace, log, { pull, refresh: !!capabilities.workspace?.diagnostics?.refreshSupport });
  codeActions = new CodeActionService(connection, workspace, diagnostics, log, {
    documentChanges: !!capabilities.workspace?.workspaceEdit?.documentChanges,
    showDocument: !!capabilities.window?.showDocument?.support,
    createFiles: !!capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
  });
  language = new LanguageFeatures(workspace);
  pendingFiles = new PendingFiles(workspace, log, {
    changed: (project, relint) => {
      if (relint) project.touch();
      diagnostics.projectChanged(project, 'config');
    },
    status: (params) => void connection.sendNotification(PendingNotification, params),
  });
  diagnostics.boundary = pendingFiles;
  workspace.baseTextOf = (project, file, text) => pendingFiles.baseTextOf(project, file, text);
  codeActions.isApplied = (project, file) => pendingFiles.isApplied(project, file);
  lockHints = new LockHints(connection, workspace, !!capabilities.workspace?.inlayHint?.refreshSupport);
  verify = new VerifyOnSave(workspace, log, { changed: () => diagnostics.refreshAll() });
  diagnostics.extra = (file) => verify.diagnosticsFor(file);
  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      executeCommandProvider: { commands: Object.values(ServerCommand) },
      hoverProvider: true,
      inlayHintProvider: { resolveProvider: true },
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      documentSymbolProvider: { label: 'SQL Schema Lint' },
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'sql-schema-lint' },
  };
  if (pull) result.capabilities.diagnosticProvider = { identifier: 'sql-schema-lint', interFileDependencies: true, workspaceDiagnostics: true };
  return result;
});

connection.onInitialized(async () => {
  sendStatus({ state: 'starting', message: 'Starting' });
  if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.{sql,SQL}' },
        { globPattern: `**/${CONFIG_FILE_NAME}` },
        { globPattern: `**/${SUPPRESSIONS_FILE_NAME}` },
        { globPattern: `**/${STATS_FILE_NAME}` },
        ...TOOL_FILE_GLOBS.map((globPattern) => ({ globPattern })),
      ],
    });
  }
  if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  if (capabilities.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => void changeFolders(e.added.map((f) => folderInfo(f.uri, f.name)), e.removed.map((f) => uriToPath(f.uri))));
  try {
    await parserReady;
  } catch (e) {
    log.error('Loading the PostgreSQL parser failed', e);
    markReady();
    return;
  }
  workspace.setFolders(initialFolders);
  try {
    await loadSettings();
  } finally {
    markReady();
  }
  await index(initialFolders);
});

async function loadSettings(): Promise<void> {
  const global = await settings.get(undefined);
  const perFolder = new Map<string, Settings>();
  for (const f of workspace.folders) perFolder.set(f.uri, await settings.get(f.uri));
  workspace.setSettings(global, perFolder);
}

async function index(folders: WorkspaceFolderInfo[]): Promise<void> {
  if (!folders.length) {
    sendStatus({ state: 'ready', message: 'No workspace folder: linting open files' });
    workspace.markIndexed();
    return;
  }
  if (capabilities.window?.workDoneProgress && !progress) {
    try {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('SQL Schema Lint', 0, 'Indexing migrations', false);
    } catch {
      progress = undefined;
    }
  }
  try {
    await workspace.indexFolders(folders);
  } catch (e) {
    log.error('Indexing failed', e);
    progress?.done();
    progress = undefined;
  }
}

async function changeFolders(added: WorkspaceFolderInfo[], removed: string[]): Promise<void> {
  for (const r of removed) workspace.removeFolder(r);
  if (!added.length) return;
  workspace.setFolders([...workspace.folders, ...added]);
  await loadSettings();
  workspace.rebuild();
  await index(added);
}

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', undefined, async (params) => {
    settings.changed(params.settings);
    await loadSettings();
    workspace.rebuild();
    verify.settingsChanged();
    diagnostics.refreshAll();
  }),
);

connection.onDidChangeWatchedFiles(
  guard('didChangeWatchedFiles', undefined, (params) => {
    for (const c of params.changes) {
      const file = uriToPath(c.uri);
      const kind = c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      workspace.diskChanged(file, kind);
      if (path.basename(file) === CONFIG_FILE_NAME || path.basename(file) === SUPPRESSIONS_FILE_NAME || path.basename(file) === STATS_FILE_NAME) diagnostics.refreshAll();
    }
  }),
);

documents.onDidOpen((e) => {
  if (!isSql(e.document)) return;
  void serverReady.then(() => {
    // Opened before the parser was ready: take the newest text, unless it was closed meanwhile (it would stay open for good).
    const doc = documents.get(e.document.uri);
    if (!doc) return;
    workspace.openDocument(doc.uri, doc.getText(), doc.version);
    diagnostics.documentOpened(doc.uri);
  });
});

documents.onDidChangeContent((e) => {
  if (!isSql(e.document)) return;
  const state = workspace?.fileState(uriToPath(e.document.uri));
  if (!state?.open || state.open.version === e.document.version) return;
  const project = workspace.changeDocument(e.document.uri, e.document.getText(), e.document.version);
  diagnostics.documentChanged(e.document.uri, project);
});

documents.onDidSave((e) => {
  if (!isSql(e.document)) return;
  diagnostics.documentSaved(e.document.uri);
  void serverReady.then(() => verify.documentSaved(e.document.uri));
});

documents.onDidClose((e) => {
  if (!isSql(e.document) || !workspace) return;
  workspace.closeDocument(e.document.uri);
  diagnostics.documentClosed(e.document.uri);
});

connection.languages.diagnostics.on(async (params, token) => {
  await serverReady;
  try {
    return await diagnostics.documentPull(params, token);
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    log.error(`Diagnostics for ${params.textDocument.uri} failed`, e);
    return { kind: 'full', items: [] };
  }
});

connection.languages.diagnostics.onWorkspace(async (params, token, _workDone, resultProgress) => {
  await serverReady;
  try {
    return await diagnostics.workspacePull(params, token, resultProgress);
  } catch (e) {
    log.error('Workspace diagnostics failed', e);
    return { items: [] };
  }
});

/** Requests about a document answer once its project's history is complete. */
async function projectReady(documentUri: string): Promise<void> {
  await workspace.readyProjectOf(uriToPath(documentUri));
}

connection.onCodeAction(guard('codeAction', [], async (params) => (await projectReady(params.textDocument.uri), codeActions.provide(params))));
connection.onExecuteCommand(guard('executeCommand', undefined, (params) => codeActions.execute(params)));
connection.onHover(guard('hover', null, async (params) => (await projectReady(params.textDocument.uri), language.hover(params) ?? lockHints.hover(params))));
connection.languages.inlayHint.on(guard('inlayHint', [], async (params) => (await projectReady(params.textDocument.uri), lockHints.provide(params))));
connection.languages.inlayHint.resolve((hint) => {
  try {
    return lockHints.resolve(hint);
  } catch (e) {
    log.error('inlayHint/resolve failed', e);
    return hint;
  }
});
connection.onDefinition(guard('definition', null, async (params) => (await projectReady(params.textDocument.uri), language.definition(params))));
connection.onReferences(guard('references', null, async (params) => (await projectReady(params.textDocument.uri), language.references(params))));
connection.onCompletion(
  guard('completion', [], async (params) => {
    await projectReady(params.textDocument.uri);
    const ctx = language.context(params.textDocument.uri);
    if (!ctx) return [];
    return completionsAt(ctx.parsed, ctx.model, ctx.parsed.lines.offsetAt(params.position));
  }),
);
connection.onDocumentSymbol(
  guard('documentSymbol', [], (params) => {
    const state = workspace.fileState(uriToPath(params.textDocument.uri));
    const parsed = state && workspace.parse(state);
    return parsed ? documentSymbols(parsed) : [];
  }),
);
connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (params) => workspaceSymbols(workspace, params.query)));
registerScore(connection, () => workspace, serverReady, log);

connection.onShutdown(() => pendingFiles?.dispose());

// A bug must never take the editor's linter down: log it and keep serving.
process.on('uncaughtException', (e) => log.error('Unexpected error', e));
process.on('unhandledRejection', (e) => log.error('Unexpected rejection', describeError(e)));

documents.listen(connection);
connection.listen();
