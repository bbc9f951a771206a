// Diagnostics, LSP 3.17 pull model first:
// - open documents: `textDocument/diagnostic` (the client pulls on open and on change; a newer edit
//   cancels the stale request). `interFileDependencies` is declared because a migration's findings
//   depend on the others, and `workspace/diagnostic/refresh` asks the client to pull again when another
//   migration changed them.
// - files that are not open: `workspace/diagnostic`, held open as a long poll that streams partial
//   results whenever a project is re-linted (vscode-languageclient keeps one such request running and
//   prefers document pulls for open files).
// - clients without pull support get `textDocument/publishDiagnostics` with a short debounce.
// A client that pulls is never pushed to: VS Code keeps pushed and pulled diagnostics apart and would
// show both, and a soak with its pull client received 600-980 needless pushes. So config file errors
// (the config file is JSON, not a document the client pulls for) go out in the workspace pull.
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type PublishDiagnosticsParams,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { SUPPRESSIONS_FILE_NAME, type ConfigError } from '../engine/index.js';
import { resultIdOf, toDiagnostic, type FileLookup } from './convert.js';
import type { Logger } from './log.js';
import { DIAGNOSTIC_SOURCE } from './protocol.js';
import { pathToUri, uriToPath, type LintOutcome, type Project, type Workspace } from './workspace.js';

/** Which files are applied (lsp/pending.ts): their findings show only while open, as hints. */
export interface ReportBoundary {
  /** Resolves once the project's pending files are known. */
  ready(project: Project): Promise<void>;
  known(project: Project): boolean;
  isApplied(project: Project, file: string): boolean;
}

export interface DiagnosticsMode {
  /** The client pulls document diagnostics. */
  pull: boolean;
  /** The client accepts `workspace/diagnostic/refresh`. */
  refresh: boolean;
}

interface Computed {
  diagnostics: Diagnostic[];
  resultId: string;
}

interface WorkspaceStream {
  /** URI -> the result id the client holds. */
  sent: Map<string, string>;
  progress: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>;
}

const EMPTY: Computed = { diagnostics: [], resultId: resultIdOf([]) };
/** Delay before re-linting a whole project after an edit (the edited file itself is linted on its own pull). */
const RELINT_AFTER_EDIT_MS = 300;
const RELINT_AFTER_DISK_MS = 50;
const PUSH_DEBOUNCE_MS = 120;

export class DiagnosticsService {
  private readonly converted = new WeakMap<LintOutcome, Computed>();
  private readonly hinted = new WeakMap<Computed, Computed>();
  /** Set by the server: without it every file is pending. */
  boundary?: ReportBoundary;
  private readonly streams = new Set<WorkspaceStream>();
  private readonly relintTimers = new Map<string, NodeJS.Timeout>();
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  /** URI -> result id last given to the client for an open document (pull) or last published (push). */
  private readonly delivered = new Map<string, string>();
  /** URIs of unopened files whose diagnostics were pushed (push fallback). */
  private readonly pushedUnopened = new Map<string, string>();
  /** Config file URI -> its errors as diagnostics. */
  private configDiagnostics = new Map<string, Computed>();
  private readonly shownConfigErrors = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly log: Logger,
    private readonly mode: DiagnosticsMode,
  ) {}

  lookup(project: Project): FileLookup {
    return {
      uriOf: (file) => project.files.get(file)?.uri ?? this.workspace.fileState(file)?.uri ?? pathToUri(file),
      parsedOf: (file) => this.workspace.parsedCache.get(file)?.parsed,
    };
  }

  private convert(project: Project, outcome: LintOutcome): Computed {
    let c = this.converted.get(outcome);
    if (!c) {
      const files = this.lookup(project);
      const diagnostics = outcome.findings.map((f) => toDiagnostic(f, outcome.version, files));
      c = { diagnostics, resultId: resultIdOf(diagnostics) };
      this.converted.set(outcome, c);
    }
    return c;
  }

  /** Diagnostics another module adds to a file's own (verify-on-save, server/src/lsp/verify.ts). */
  extra?: (file: string) => Diagnostic[];

  /** The diagnostics of a file for its project's current state. */
  compute(project: Project, file: string): Computed {
    if (!project.settings.enable) return EMPTY;
    const applied = this.boundary?.isApplied(project, file);
    if (applied && !project.files.get(file)?.open) return EMPTY;
    let c = this.convert(project, this.workspace.lintFile(project, file));
    const more = this.extra?.(file);
    if (more?.length) {
      const diagnostics = [...c.diagnostics, ...more];
      c = { diagnostics, resultId: resultIdOf(diagnostics) };
    }
    return applied ? this.asHints(c) : c;
  }

  /** Diagnostics already computed for the project's current state, without linting (undefined: wait for the re-lint). */
  private lastFull(project: Project, file: string): Computed | undefined {
    if (!project.settings.enable) return EMPTY;
    // Until git answered, which files are applied is unknown: wait rather than flash every finding.
    if (this.boundary && !this.boundary.known(project)) return undefined;
    const applied = this.boundary?.isApplied(project, file);
    if (applied && !project.files.get(file)?.open) return EMPTY;
    const o = project.outcomes.get(file);
    if (!o || o.generation !== project.generation) return undefined;
    const c = this.convert(project, o);
    return applied ? this.asHints(c) : c;
  }

  /** An applied file's findings while it is open: hints, out of the Problems panel's way. */
  private asHints(c: Computed): Computed {
    let h = this.hinted.get(c);
    if (!h) {
      const diagnostics = c.diagnostics.map((d) => ({ ...d, severity: DiagnosticSeverity.Hint }));
      h = { diagnostics, resultId: resultIdOf(diagnostics) };
      this.hinted.set(c, h);
    }
    return h;
  }

  // ---- pull ------------------------------------------------------------------------------------

  async documentPull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    // Let edits that are already queued arrive first: a pull answers for the newest text.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) throw cancelled();
    const uri = params.textDocument.uri;
    const config = this.configDiagnostics.get(uri);
    if (config) return { kind: DocumentDiagnosticReportKind.Full, resultId: config.resultId, items: config.diagnostics };
    const file = uriToPath(uri);
    const ready = await this.workspace.readyProjectOf(file);
    if (ready) await this.boundary?.ready(ready);
    const project = ready && (this.workspace.projectOfPath(file) ?? ready);
    if (token.isCancellationRequested) throw cancelled();
    if (!project) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const c = this.compute(project, file);
    this.delivered.set(uri, c.resultId);
    if (params.previousResultId === c.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: c.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: c.resultId, items: c.diagnostics };
  }

  async workspacePull(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    progress: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
  ): Promise<WorkspaceDiagnosticReport> {
    const sent = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    if (!progress) {
      // No streaming: answer with what is known now; the client asks again later.
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      this.collectWorkspaceItems(sent, items);
      return { items };
    }
    const stream: WorkspaceStream = { sent, progress };
    this.streams.add(stream);
    this.flushStream(stream);
    return new Promise((resolve) => {
      token.onCancellationRequested(() => {
        this.streams.delete(stream);
        resolve({ items: [] });
      });
    });
  }

  private collectWorkspaceItems(sent: Map<string, string>, items: WorkspaceDocumentDiagnosticReport[]): void {
    const seen = new Set<string>();
    for (const project of this.workspace.projects.values()) {
      for (const state of project.files.values()) {
        if (state.open) continue;
        seen.add(state.uri);
        const c = project.settings.lintUnopenedFiles ? this.lastFull(project, state.path) : EMPTY;
        if (!c) continue;
        if (sent.get(state.uri) === c.resultId) continue;
        if (!sent.has(state.uri) && c.diagnostics.length === 0) {
          sent.set(state.uri, c.resultId);
          continue;
        }
        sent.set(state.uri, c.resultId);
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri: state.uri, version: null, resultId: c.resultId, items: c.diagnostics });
      }
    }
    for (const [uri, c] of this.configDiagnostics) {
      seen.add(uri);
      if (sent.get(uri) === c.resultId) continue;
      sent.set(uri, c.resultId);
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: c.resultId, items: c.diagnostics });
    }
    // Files that left the workspace (deleted, ignored): clear what the client still shows.
    for (const [uri, resultId] of sent) {
      if (seen.has(uri) || this.isOpen(uri)) continue;
      sent.delete(uri);
      if (resultId !== EMPTY.resultId) items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: EMPTY.resultId, items: [] });
    }
  }

  private isOpen(uri: string): boolean {
    return !!this.workspace.fileState(uriToPath(uri))?.open;
  }

  private flushStream(stream: WorkspaceStream): void {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    this.collectWorkspaceItems(stream.sent, items);
    if (items.length) stream.progress.report({ items });
  }

  private flushUnopened(): void {
    if (this.mode.pull) {
      for (const s of this.streams) this.flushStream(s);
      return;
    }
    // Push fallback for files that are not open.
    const seen = new Set<string>();
    for (const project of this.workspace.projects.values()) {
      for (const state of project.files.values()) {
        if (state.open) continue;
        seen.add(state.uri);
        const c = project.settings.lintUnopenedFiles ? this.lastFull(project, state.path) : EMPTY;
        if (!c) continue;
        const before = this.pushedUnopened.get(state.uri);
        if (before === c.resultId || (before === undefined && c.diagnostics.length === 0)) continue;
        this.pushedUnopened.set(state.uri, c.resultId);
        this.publish({ uri: state.uri, diagnostics: c.diagnostics });
      }
    }
    for (const uri of [...this.pushedUnopened.keys()]) {
      if (seen.has(uri) || this.isOpen(uri)) continue;
      this.pushedUnopened.delete(uri);
      this.publish({ uri, diagnostics: [] });
    }
  }

  // ---- reacting to changes -----------------------------------------------------------------------

  /** Something changed in a project: re-lint it as a whole soon (other migrations may be affected). */
  projectChanged(project: Project, cause: 'edit' | 'disk' | 'config' | 'index'): void {
    // After an edit, wait for a pause in typing; the longer a whole-project lint takes, the longer the pause.
    const delay = cause === 'edit' ? Math.max(RELINT_AFTER_EDIT_MS, Math.min(3 * project.lastFullLintMs, 3000)) : cause === 'index' ? 0 : RELINT_AFTER_DISK_MS;
    const id = project.id;
    clearTimeout(this.relintTimers.get(id));
    this.relintTimers.set(
      id,
      setTimeout(() => {
        this.relintTimers.delete(id);
        void this.relint(id);
      }, delay),
    );
  }

  private async relint(id: string): Promise<void> {
    const project = this.workspace.projects.get(id);
    if (!project) {
      this.flushUnopened();
      return;
    }
    if (!this.workspace.isReady(project)) return; // indexing re-lints it when its files are read
    try {
      // A slice at a time: keystrokes are answered in between. A run the project outdated is dropped.
      if (await this.workspace.lintAllInSlices(project)) this.afterFullLint(project);
    } catch (e) {
      this.log.error(`Re-linting ${project.name} failed`, e);
    }
  }

  private afterFullLint(project: Project): void {
    let openChanged = false;
    for (const state of project.files.values()) {
      if (!state.open) continue;
      const c = this.lastFull(project, state.path);
      if (!c || this.delivered.get(state.uri) === c.resultId) continue;
      if (this.mode.pull) openChanged = true;
      else this.schedulePush(state.uri, 0);
    }
    if (openChanged && this.mode.refresh) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    this.flushUnopened();
  }

  /** Everything may have changed (settings, config): ask the client to pull open documents again. */
  refreshAll(): void {
    if (this.mode.pull && this.mode.refresh) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    if (!this.mode.pull) for (const p of this.workspace.projects.values()) for (const s of p.files.values()) if (s.open) this.schedulePush(s.uri, 0);
  }

  documentOpened(uri: string): void {
    if (this.mode.pull) return;
    // Its diagnostics as an unopened file are replaced by those of the open document.
    this.pushedUnopened.delete(uri);
    this.schedulePush(uri, 0);
  }

  documentChanged(uri: string, project: Project | undefined): void {
    if (!this.mode.pull && project?.settings.run !== 'onSave') this.schedulePush(uri, PUSH_DEBOUNCE_MS);
  }

  documentSaved(uri: string): void {
    if (!this.mode.pull) this.schedulePush(uri, 0);
  }

  documentClosed(uri: string): void {
    this.delivered.delete(uri);
    // The client forgets a closed file's workspace result; send it again (from the disk text), even if empty.
    for (const s of this.streams) s.sent.set(uri, 'closed');
    if (!this.mode.pull) {
      clearTimeout(this.pushTimers.get(uri));
      this.publish({ uri, diagnostics: [] });
    }
    this.flushUnopened();
  }

  private schedulePush(uri: string, delay: number): void {
    clearTimeout(this.pushTimers.get(uri));
    this.pushTimers.set(
      uri,
      setTimeout(() => {
        this.pushTimers.delete(uri);
        void this.push(uri);
      }, delay),
    );
  }

  private async push(uri: string): Promise<void> {
    const file = uriToPath(uri);
    const project = this.workspace.projectOfPath(file);
    const state = project?.files.get(file);
    if (!project || !state?.open) return;
    const current = await this.workspace.readyProjectOf(file);
    if (!current) return;
    const c = this.compute(current, file);
    if (this.delivered.get(uri) === c.resultId) return;
    this.delivered.set(uri, c.resultId);
    this.publish({ uri, version: state.open?.version, diagnostics: c.diagnostics });
  }

  /** The one door to textDocument/publishDiagnostics, shut for clients that pull. */
  private publish(params: PublishDiagnosticsParams): void {
    if (this.mode.pull) return;
    void this.connection.sendDiagnostics(params);
  }

  // ---- configuration errors -----------------------------------------------------------------------

  /** Shows each config error on its file (line and column) and once as a message; clears fixed ones. */
  publishConfigErrors(errors: ConfigError[]): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const e of errors) {
      const uri = pathToUri(e.file);
      const position = { line: Math.max(0, e.line - 1), character: Math.max(0, e.column - 1) };
      const list = byUri.get(uri) ?? [];
      list.push({
        range: { start: position, end: { line: position.line, character: position.character + 1 } },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: 'invalid-config',
        message: `${e.problem}. SQL Schema Lint uses the last valid ${isSuppressionsFile(e.file) ? 'suppressions (or none)' : 'configuration (or the defaults)'} until this is fixed.`,
      });
      byUri.set(uri, list);
      const key = e.message;
      if (!this.shownConfigErrors.has(key)) {
        this.shownConfigErrors.add(key);
        void this.connection.window.showErrorMessage(`SQL Schema Lint: invalid ${isSuppressionsFile(e.file) ? 'suppressions file' : 'configuration in'} ${e.file}:${e.line}:${e.column}: ${e.problem}`);
      }
    }
    const before = this.configDiagnostics;
    this.configDiagnostics = new Map([...byUri].map(([uri, diagnostics]) => [uri, { diagnostics, resultId: resultIdOf(diagnostics) }]));
    if (errors.length === 0) this.shownConfigErrors.clear();
    if (this.mode.pull) {
      // Fixed ones are cleared by the stream (a URI it sent that is no longer there gets an empty report).
      for (const s of this.streams) this.flushStream(s);
      return;
    }
    for (const uri of before.keys()) if (!byUri.has(uri)) this.publish({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) this.publish({ uri, diagnostics });
  }
}

function isSuppressionsFile(file: string): boolean {
  return path.basename(file) === SUPPRESSIONS_FILE_NAME;
}

function cancelled(): ResponseError<{ retriggerRequest: boolean }> {
  // retriggerRequest: vscode-languageclient drops its queued re-pull when told not to retrigger,
  // leaving the document without diagnostics until something else refreshes it.
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; diagnostics are computed for the newer text.', { retriggerRequest: true });
}
