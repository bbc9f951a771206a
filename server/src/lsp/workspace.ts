// The workspace index: every .sql file of every workspace folder, grouped into projects (one per
// `.sql-schema-lint.json`, else one per workspace folder), with open documents overriding disk text.
// Parsed files are cached by text (and re-parsed incrementally while typing), lint results by project
// generation: any change to a project's files or config bumps its generation, because a migration's
// findings depend on every other migration of its history.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  SUPPRESSIONS_FILE_NAME,
  defaultConfig,
  LintSession,
  forgetReplacedStatements,
  lintProject,
  lintProjectSteps,
  parseDocument,
  type Finding,
  type FileLocks,
  type ParsedFile,
  type ProjectResult,
  type ResolvedConfig,
  type SourceFile,
  type ToolFile,
  STATS_FILE_NAME,
} from '../engine/index.js';
import { findConfigFile, findSqlFiles, findToolFiles, isToolFile, readConfigText, readSqlFile, SqlFileReader, toPosix, loadConfigFile, loadTableStats, type ReadResult } from '../node/project.js';
import { describeError, type Logger } from './log.js';
import { DEFAULT_SETTINGS, type Settings } from './protocol.js';
import { PrimaryParses } from './primary-parses.js';
import { reparse } from './reparse.js';
import { SuppressionsLoader, visibleFindings, type ProjectSuppressions } from './suppressions.js';
import { ToolFileWatch } from './tool-files.js';

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      return uri;
    }
  }
  // Unsaved documents (untitled:Untitled-1) keep their URI as a stable id.
  return uri;
}

export function pathToUri(p: string): string {
  return path.isAbsolute(p) ? pathToFileURL(p).toString() : p;
}

export interface FileState {
  path: string;
  /** The URI the client uses for it (kept as sent for open documents). */
  uri: string;
  /** The text on disk; undefined when not read (yet) or unreadable. */
  diskText?: string;
  /** An open document's text overrides the disk. */
  open?: { text: string; version: number };
}

export function currentText(f: FileState): string | undefined {
  return f.open?.text ?? f.diskText;
}

/** The findings of one file for one project generation. */
export interface LintOutcome {
  generation: number;
  findings: Finding[];
  /** The document version linted (null: disk text). */
  version: number | null;
  parsed?: ParsedFile;
  /** What each statement locks (the lock model the rules read; lock hints show it). */
  locks?: FileLocks;
}

/** Work a whole-project lint does per turn of the event loop: a request waits at most about this long. */
const LINT_SLICE_MS = 10;

/** Files read ahead of the one being parsed while indexing from a slow disk (sequential reads left the server idle a sixth of the time). */
const READ_AHEAD = 8;

export interface WorkspaceFolderInfo {
  uri: string;
  path: string;
  name: string;
}

export class Project {
  readonly files = new Map<string, FileState>();
  generation = 1;
  /** Files discovered but not read yet: diagnostics wait until this is 0 so that the history is whole. */
  pending = 0;
  configError?: ConfigError;
  /** The bulk suppressions file (`.sql-schema-lint-suppressions.json`) that hides findings, as in the CLI. */
  suppressions?: ProjectSuppressions;
  /** The generation of the last whole-project lint. */
  fullGeneration = 0;
  /** How long the last whole-project lint took (ms): re-lints after edits wait longer on big projects. */
  lastFullLintMs = 0;
  readonly outcomes = new Map<string, LintOutcome>();
  lastResult?: { generation: number; result: ProjectResult };
  /** The migration tools' own files (migration_lock.toml, atlas.sum, …), read when the folder is indexed and when they change (tool-files.ts). */
  toolFiles: readonly ToolFile[] = [];
  /** The engine's memory of the last lint (order, facts, models): a keystroke re-lints from it. */
  readonly session = new LintSession();
  /**
   * The sources the last lint read, and the files changed since (see touch): the next lint re-reads
   * only those, keeping the others' objects, which the engine's session recognizes as unchanged.
   */
  sourceList?: { list: SourceFile[]; at: Map<string, number>; changed: Set<string> };
  /** The whole-project lint under way, a slice at a time (Workspace.lintAllInSlices). */
  fullLint?: { generation: number; done: Promise<boolean> };
  private readonly relPaths = new Map<string, string>();

  constructor(
    readonly id: string,
    /** Paths in the history are relative to this folder (the config file's folder, else the workspace folder). */
    readonly root: string,
    readonly configFile: string | undefined,
    public config: ResolvedConfig,
    public settings: Settings,
    readonly folder: WorkspaceFolderInfo | undefined,
  ) {}

  /**
   * Something in the project changed: `file`'s text (or parse) alone, or else anything (files added
   * or removed, settings).
   */
  touch(file?: string): void {
    this.generation++;
    if (file !== undefined && this.sourceList) this.sourceList.changed.add(file);
    else this.sourceList = undefined;
  }

  relPath(file: string): string {
    let rel = this.relPaths.get(file);
    if (rel === undefined) {
      rel = !path.isAbsolute(file) ? file.replace(/^[a-z]+:/i, '') : toPosix(path.relative(this.root, file)) || path.basename(file);
      this.relPaths.set(file, rel);
    }
    return rel;
  }

  get name(): string {
    return this.folder && this.root === this.folder.path ? this.folder.name : path.basename(this.root) || this.root;
  }
}

export interface WorkspaceHooks {
  /** Something in a project changed (a file, its config, an open document). */
  projectChanged(project: Project, cause: 'edit' | 'disk' | 'config' | 'index'): void;
  /** Indexing progress: files read and parsed so far. */
  progress(done: number, total: number, phase: 'reading' | 'linting' | 'done', projectName?: string): void;
  /** The set of config errors changed. */
  configErrorsChanged(): void;
}

export class Workspace {
  folders: WorkspaceFolderInfo[] = [];
  readonly projects = new Map<string, Project>();
  private readonly fileProject = new Map<string, Project>();
  /** Parsed files by path, reused while the text is unchanged; the engine's lintProject reads it too. */
  readonly parsedCache = new Map<string, { text: string; parsed: ParsedFile }>();
  private readonly configLookup = new Map<string, string | undefined>();
  private readonly lastGoodConfig = new Map<string, ResolvedConfig>();
  private readonly suppressionsLoader = new SuppressionsLoader();
  private folderSettings = new Map<string, Settings>();
  private globalSettings: Settings = { ...DEFAULT_SETTINGS };
  private queue: string[] = [];
  /** Files being read right now: a rebuild() meanwhile must still count them as pending in their new project. */
  private readonly inFlight = new Set<string>();
  private queueRunning = false;
  /** Reads started ahead of the queue, so that parsing a file never waits for the disk. */
  private readonly readsAhead = new Map<string, Promise<ReadResult>>();
  private discovering = 0;
  /** Until the first discovery ran, no project is known to be complete. */
  private initialDiscovery = true;
  private readyWaiters: { project: Project; resolve: () => void }[] = [];
  private indexTotal = 0;
  private indexDone = 0;
  /** Set after the first indexing finished. */
  indexed = false;
  /** Parse statistics for the output channel and the bench. */
  readonly stats = { fullParses: 0, incrementalParses: 0, lints: 0, fullLints: 0 };
  /** A file's text at the git base when it existed there and changed since (lsp/pending.ts); read by edited-applied-migration. */
  baseTextOf?: (project: Project, file: string, text: string) => string | undefined;
  /** Unopened files indexed without the primary AST, parsed again with it in the background. */
  private readonly primaryParses: PrimaryParses;
  /** When a document was last opened or changed (performance.now()): background work waits while the user types. */
  private lastEdit = -Infinity;
  private readonly toolFileWatch: ToolFileWatch;

  constructor(
    private readonly log: Logger,
    private readonly hooks: WorkspaceHooks,
  ) {
    this.toolFileWatch = new ToolFileWatch(this.projects, log, (project) => this.hooks.projectChanged(project, 'config'));
    this.primaryParses = new PrimaryParses(
      {
        get: (file) => this.parsedCache.get(file),
        lastEdit: () => this.lastEdit,
        replaced: (file, entry) => {
          this.parsedCache.set(file, entry);
          const project = this.fileProject.get(file);
          if (!project) return;
          project.touch(file);
          this.hooks.projectChanged(project, 'disk');
        },
      },
      log,
    );
  }

  // ---- folders, settings and projects -------------------------------------------------------

  setFolders(folders: WorkspaceFolderInfo[]): void {
    this.folders = [...folders].sort((a, b) => b.path.length - a.path.length);
  }

  setSettings(global: Settings, perFolder: Map<string, Settings>): void {
    this.globalSettings = global;
    this.folderSettings = perFolder;
  }

  folderOf(file: string): WorkspaceFolderInfo | undefined {
    return this.folders.find((f) => file === f.path || file.startsWith(f.path.endsWith(path.sep) ? f.path : f.path + path.sep));
  }

  settingsFor(folder: WorkspaceFolderInfo | undefined): Settings {
    return (folder && this.folderSettings.get(folder.uri)) ?? this.globalSettings;
  }

  private configFileFor(dir: string): string | undefined {
    if (!path.isAbsolute(dir)) return undefined;
    if (this.configLookup.has(dir)) return this.configLookup.get(dir);
    const found = findConfigFile(dir);
    this.configLookup.set(dir, found);
    return found;
  }

  /** The project a file belongs to (created on first use). */
  projectFor(file: string): Project {
    const known = this.fileProject.get(file);
    if (known) return known;
    const folder = this.folderOf(file);
    const configFile = this.configFileFor(path.dirname(file));
    const id = configFile ?? folder?.path ?? (path.isAbsolute(file) ? `loose:${path.dirname(file)}` : 'untitled');
    let project = this.projects.get(id);
    if (!project) {
      const root = configFile ? path.dirname(configFile) : folder?.path ?? (path.isAbsolute(file) ? path.dirname(file) : '');
      const settings = this.settingsFor(folder);
      const { config, error } = this.loadConfig(configFile, settings, root);
      project = new Project(id, root, configFile, config, settings, folder);
      project.configError = error;
      project.suppressions = this.suppressionsLoader.load(configFile, root);
      this.projects.set(id, project);
      if (error || project.suppressions?.error) this.hooks.configErrorsChanged();
    }
    this.fileProject.set(file, project);
    return project;
  }

  private loadConfig(configFile: string | undefined, settings: Settings, root: string): { config: ResolvedConfig; error?: ConfigError } {
    let config: ResolvedConfig;
    let error: ConfigError | undefined;
    let explicit: Record<string, unknown> = {};
    try {
      config = loadConfigFile(configFile);
      if (configFile) {
        this.lastGoodConfig.set(configFile, config);
        explicit = (parseJsonc(readConfigText(configFile)) as Record<string, unknown>) ?? {};
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      error = e;
      // Keep linting with the last good configuration (or the defaults) until the file is fixed.
      config = (configFile && this.lastGoodConfig.get(configFile)) || defaultConfig();
      this.log.error(`Invalid configuration ${e.file}:${e.line}:${e.column}: ${e.problem}`);
    }
    config = { ...config, rules: new Map(config.rules) };
    // The project file decides for the editor and the CLI alike; the settings only fill what it leaves out.
    if (explicit.migrations === undefined && settings.migrations.length) config.migrations = [...settings.migrations];
    if (explicit.postgresVersion === undefined && settings.postgresVersion !== null) config.postgresVersion = settings.postgresVersion;
    try {
      config.tableStats = path.isAbsolute(root) ? loadTableStats(root) : undefined;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      error ??= e;
      this.log.error(`Invalid table statistics ${e.file}: ${e.problem}`);
    }
    return { config, error };
  }

  projectOfPath(file: string): Project | undefined {
    return this.fileProject.get(file);
  }

  fileState(file: string): FileState | undefined {
    return this.fileProject.get(file)?.files.get(file);
  }

  private addFile(file: string, uri?: string): { project: Project; state: FileState } {
    const project = this.projectFor(file);
    let state = project.files.get(file);
    if (!state) {
      state = { path: file, uri: uri ?? pathToUri(file) };
      project.files.set(file, state);
    }
    return { project, state };
  }

  private removeFile(file: string): Project | undefined {
    const project = this.fileProject.get(file);
    if (!project) return undefined;
    project.files.delete(file);
    project.outcomes.delete(file);
    this.fileProject.delete(file);
    this.parsedCache.delete(file);
    this.primaryParses.forget(file);
    project.touch();
    if (project.files.size === 0 && project.pending === 0) this.projects.delete(project.id);
    return project;
  }

  /** A workspace folder was removed: its files leave the index (open documents stay, as loose files). */
  removeFolder(folderPath: string): void {
    this.folders = this.folders.filter((f) => f.path !== folderPath);
    const inside = (f: string): boolean => f === folderPath || f.startsWith(folderPath + path.sep);
    this.queue = this.queue.filter((f) => !inside(f));
    for (const p of [...this.projects.values()]) for (const f of [...p.files.keys()]) if (inside(f) && !p.files.get(f)!.open) this.removeFile(f);
    this.rebuild();
  }

  /** Re-reads every config file and regroups all known files: after a config or settings change. */
  rebuild(): void {
    const states: FileState[] = [];
    for (const p of this.projects.values()) states.push(...p.files.values());
    const pendingPaths = new Set([...this.queue, ...this.inFlight]);
    const before = [...this.projects.values()];
    this.projects.clear();
    this.fileProject.clear();
    this.configLookup.clear();
    for (const s of states) {
      const project = this.projectFor(s.path);
      project.files.set(s.path, s);
      if (pendingPaths.has(s.path)) project.pending++;
    }
    this.toolFileWatch.rebuilt(before);
    this.hooks.configErrorsChanged();
    for (const p of this.projects.values()) this.hooks.projectChanged(p, 'config');
    this.resolveWaiters();
  }

  configErrors(): ConfigError[] {
    const out: ConfigError[] = [];
    for (const p of this.projects.values()) {
      if (p.configError) out.push(p.configError);
      if (p.suppressions?.error) out.push(p.suppressions.error);
    }
    return out;
  }

  // ---- indexing ------------------------------------------------------------------------------

  /** Finds the .sql files of the given folders and reads and parses them in the background. */
  async indexFolders(folders: WorkspaceFolderInfo[]): Promise<void> {
    this.discovering++;
    try {
      for (const folder of folders) {
        const { files, skipped } = await findSqlFiles([folder.path]);
        // As the CLI reports them: never skipped without a word.
        for (const s of skipped) this.log.once(`read:${s.path}`, 'warn', `Skipped ${s.path}: ${s.reason}`);
        const byProject = new Map<Project, string[]>();
        // A set: a scan of the queue per file was quadratic on a folder of thousands of files.
        const queued = new Set(this.queue);
        for (const f of files) {
          const { project, state } = this.addFile(f);
          if (state.diskText === undefined && !queued.has(f)) {
            queued.add(f);
            project.pending++;
            this.queue.push(f);
          }
          byProject.set(project, [...(byProject.get(project) ?? []), f]);
        }
        for (const [project, list] of byProject) project.toolFiles = await findToolFiles(project.root, list);
      }
    } catch (e) {
      this.log.error('Finding .sql files failed', e);
    } finally {
      this.discovering--;
      this.initialDiscovery = false;
    }
    this.indexTotal = this.indexDone + this.queue.length;
    await this.runQueue();
  }

  /** Moves a project's unread files to the front of the queue (an open document waits for them). */
  prioritize(project: Project): void {
    if (project.pending === 0) return;
    const mine = this.queue.filter((f) => this.fileProject.get(f) === project);
    const rest = this.queue.filter((f) => this.fileProject.get(f) !== project);
    this.queue = [...mine, ...rest];
  }

  /** Resolves when the project's files have all been read, so its history is complete. */
  whenReady(project: Project): Promise<void> {
    if (this.isReady(project)) return Promise.resolve();
    this.prioritize(project);
    return new Promise((resolve) => this.readyWaiters.push({ project, resolve }));
  }

  isReady(project: Project): boolean {
    if (!project.folder && project.pending === 0) return true; // loose files: only open documents
    return !this.initialDiscovery && this.discovering === 0 && project.pending === 0;
  }

  /** No folder to index: every project is complete. */
  markIndexed(): void {
    this.initialDiscovery = false;
    this.indexed = true;
    this.resolveWaiters();
  }

  /** Waits until the project holding `file` is complete (all its files read); undefined if the file is unknown. */
  async readyProjectOf(file: string): Promise<Project | undefined> {
    for (let i = 0; i < 5; i++) {
      const project = this.fileProject.get(file);
      if (!project) return undefined;
      if (this.isReady(project)) return project;
      await this.whenReady(project);
    }
    return this.fileProject.get(file);
  }

  private resolveWaiters(): void {
    const still: typeof this.readyWaiters = [];
    for (const w of this.readyWaiters) {
      const current = this.projects.get(w.project.id) ?? w.project;
      if (this.isReady(current)) w.resolve();
      else still.push(w);
    }
    this.readyWaiters = still;
  }

  private async runQueue(): Promise<void> {
    if (this.queueRunning) return;
    this.queueRunning = true;
    let lastReport = 0;
    // Synchronous reads while they are fast; then reads ahead of the file being parsed.
    const reader = new SqlFileReader();
    try {
      while (this.queue.length) {
        if (!reader.fast) for (const next of this.queue.slice(0, READ_AHEAD)) if (!this.readsAhead.has(next)) this.readsAhead.set(next, readSqlFile(next));
        const file = this.queue.shift()!;
        this.inFlight.add(file);
        const r = reader.fast && !this.readsAhead.has(file) ? reader.read(file) : await (this.readsAhead.get(file) ?? readSqlFile(file));
        this.readsAhead.delete(file);
        this.inFlight.delete(file);
        // Look the file up after the read: a rebuild() during the read regroups files into new projects.
        const project = this.fileProject.get(file);
        const state = project?.files.get(file);
        if (project && state) {
          if (r.ok) {
            state.diskText = r.text;
            if (!state.open) this.parse(state, { indexing: true });
          } else this.log.once(`read:${file}`, 'warn', `Skipped ${file}: ${r.reason}`);
          project.pending = Math.max(0, project.pending - 1);
          project.touch();
          this.indexDone++;
          const now = Date.now();
          if (now - lastReport > 100 || this.queue.length === 0) {
            lastReport = now;
            this.hooks.progress(this.indexDone, this.indexTotal, 'reading');
          }
          if (project.pending === 0 && this.discovering === 0) {
            // Requests waiting for the history (an open document's diagnostics) go first: they lint
            // their own file. The whole project is linted right after them (projectChanged 'index').
            this.resolveWaiters();
            this.hooks.progress(this.indexDone, this.indexTotal, 'linting', project.name);
            this.hooks.projectChanged(project, 'index');
          }
        } else {
          this.indexDone++;
        }
        // Let requests (an open document's diagnostics) run between files.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.queueRunning = false;
      this.readsAhead.clear();
    }
    this.resolveWaiters();
    this.indexed = true;
    this.hooks.progress(this.indexDone, this.indexTotal, 'done');
    void this.primaryParses.drain();
  }

  // ---- documents and disk changes --------------------------------------------------------------

  openDocument(uri: string, text: string, version: number): Project {
    const file = uriToPath(uri);
    const { project, state } = this.addFile(file, uri);
    state.uri = uri;
    state.open = { text, version };
    // An open file is parsed with the primary AST: the rest of its parse is reused as it is edited.
    this.primaryParses.now(file);
    project.touch(file);
    this.hooks.projectChanged(project, 'edit');
    return project;
  }

  changeDocument(uri: string, text: string, version: number): Project | undefined {
    const file = uriToPath(uri);
    const project = this.fileProject.get(file);
    const state = project?.files.get(file);
    if (!project || !state) return this.openDocument(uri, text, version);
    this.lastEdit = performance.now();
    state.open = { text, version };
    project.touch(file);
    this.hooks.projectChanged(project, 'edit');
    return project;
  }

  closeDocument(uri: string): Project | undefined {
    const file = uriToPath(uri);
    const project = this.fileProject.get(file);
    const state = project?.files.get(file);
    if (!project || !state) return undefined;
    const wasText = state.open?.text;
    state.open = undefined;
    if (state.diskText === undefined) {
      // An unsaved or out-of-workspace document leaves the history with its editor.
      if (!this.folderOf(file) || !path.isAbsolute(file)) {
        this.removeFile(file);
        this.hooks.projectChanged(project, 'edit');
        return project;
      }
      // A file of a folder that was never read (created in the editor): read it now.
      this.diskChanged(file, 'changed');
      return project;
    }
    if (wasText !== state.diskText) {
      project.touch(file);
      this.hooks.projectChanged(project, 'edit');
    }
    return project;
  }

  /** A watched file changed on disk (`workspace/didChangeWatchedFiles`). */
  diskChanged(file: string, kind: 'created' | 'changed' | 'deleted'): void {
    if (path.basename(file) === CONFIG_FILE_NAME || path.basename(file) === SUPPRESSIONS_FILE_NAME || path.basename(file) === STATS_FILE_NAME) {
      this.rebuild();
      return;
    }
    if (isToolFile(file)) {
      this.toolFileWatch.toolFileChanged(file);
      return;
    }
    if (!file.toLowerCase().endsWith('.sql')) return;
    // A read started before this change may hold the old text: the queue reads the file again.
    this.readsAhead.delete(file);
    const known = this.fileProject.get(file);
    if (kind === 'deleted') {
      const state = known?.files.get(file);
      if (!known || !state) return;
      if (state.open) {
        state.diskText = undefined;
        return;
      }
      const project = this.removeFile(file);
      if (project) this.hooks.projectChanged(project, 'disk');
      return;
    }
    // Files outside every workspace folder are only followed while open.
    if (!known && !this.folderOf(file)) return;
    const added = this.addFile(file);
    if (!known) this.toolFileWatch.migrationAdded(added.project, file);
    added.project.pending++;
    this.inFlight.add(file);
    void readSqlFile(file).then((r) => {
      this.inFlight.delete(file);
      // The project may have been rebuilt during the read (rebuild() counted the file as pending there).
      const project = this.fileProject.get(file);
      const state = project?.files.get(file);
      if (!project || !state) {
        added.project.pending = Math.max(0, added.project.pending - 1);
        this.resolveWaiters();
        return;
      }
      project.pending = Math.max(0, project.pending - 1);
      const before = state.diskText;
      if (r.ok) state.diskText = r.text;
      else {
        this.log.once(`read:${file}`, 'warn', `Skipped ${file}: ${r.reason}`);
        state.diskText = undefined;
      }
      this.resolveWaiters();
      if (before !== state.diskText && !state.open) {
        project.touch(file);
        this.hooks.projectChanged(project, 'disk');
      }
    });
  }

  // ---- parsing and linting ------------------------------------------------------------------

  /**
   * The parsed file for the state's current text (incremental after an edit). While indexing, files
   * are parsed without the primary AST (see primary-parses.ts).
   */
  parse(state: FileState, options: { indexing?: boolean } = {}): ParsedFile | undefined {
    const text = currentText(state);
    if (text === undefined) return undefined;
    const hit = this.parsedCache.get(state.path);
    if (hit && hit.text === text) return hit.parsed;
    let parsed: ParsedFile;
    try {
      const incremental = hit && state.open && !this.primaryParses.has(state.path) ? reparse(hit.parsed, text) : undefined;
      if (incremental) this.stats.incrementalParses++;
      else this.stats.fullParses++;
      this.primaryParses.forget(state.path);
      parsed = incremental ?? parseDocument(text, { primaryAst: !options.indexing });
      if (!incremental && options.indexing) this.primaryParses.add(state.path);
    } catch (e) {
      this.log.once(`parse:${state.path}`, 'error', `Parsing ${state.path} failed; the file is skipped: ${describeError(e)}`);
      return undefined;
    }
    this.parsedCache.set(state.path, { text, parsed });
    // The versions this edit replaced are held by no document any more.
    if (hit) forgetReplacedStatements(hit.parsed, parsed);
    return parsed;
  }

  /** The project's files with their current text, parsed (in project order). */
  private sources(project: Project): SourceFile[] {
    const last = project.sourceList;
    if (last) {
      // Only the files touched since the last lint are read again.
      const list = [...last.list];
      let patched = true;
      for (const file of last.changed) {
        const i = last.at.get(file);
        const s = project.files.get(file);
        const source = s && this.source(project, s);
        if (i === undefined || !source) {
          patched = false;
          break;
        }
        list[i] = source;
      }
      if (patched) {
        project.sourceList = { list, at: last.at, changed: new Set() };
        return list;
      }
    }
    const list: SourceFile[] = [];
    const at = new Map<string, number>();
    for (const s of project.files.values()) {
      const source = this.source(project, s);
      if (!source) continue;
      at.set(s.path, list.length);
      list.push(source);
    }
    project.sourceList = { list, at, changed: new Set() };
    return list;
  }

  private source(project: Project, s: FileState): SourceFile | undefined {
    const text = currentText(s);
    if (text === undefined || !this.parse(s)) return undefined;
    const baseText = this.baseTextOf?.(project, s.path, text);
    return { path: s.path, relPath: project.relPath(s.path), text, ...(baseText !== undefined ? { baseText } : {}) };
  }

  private runLint(project: Project, only?: ReadonlySet<string>): ProjectResult | undefined {
    const generation = project.generation;
    try {
      const steps = lintProjectSteps(this.sources(project), project.config, { only, parsedCache: this.parsedCache, toolFiles: project.toolFiles, session: project.session, locks: this.openPaths(project) });
      for (;;) {
        const step = steps.next();
        if (step.done) return this.recordLint(project, generation, step.value, only);
      }
    } catch (e) {
      this.log.once(`lint:${project.id}`, 'error', `Linting ${project.name} failed: ${describeError(e)}`);
      return undefined;
    }
  }

  /** The open files of a project: the lock model is kept for them alone (lock hints ask only for open files). */
  private openPaths(project: Project): ReadonlySet<string> {
    const open = new Set<string>();
    for (const [p, f] of project.files) if (f.open) open.add(p);
    return open;
  }

  private recordLint(project: Project, generation: number, result: ProjectResult, only?: ReadonlySet<string>): ProjectResult {
    for (const f of result.ruleFailures)
      this.log.once(`rule:${f.ruleId}`, 'error', `Rule ${f.ruleId} failed on ${project.relPath(f.file)} and was skipped: ${describeError(f.error)}`);
    project.lastResult = { generation, result };
    // A lint that covered every file (a one-file project, or no `only`) is a whole-project lint.
    if (result.files.every((f) => f.linted)) project.fullGeneration = generation;
    for (const fr of result.files) {
      // Closed files stay parsed for the next lint; their tokens are rebuilt when needed (by the
      // rules of a linted file: a lint of one file leaves the others' alone).
      if (only && !fr.linted) continue;
      if (!project.files.get(fr.path)?.open) fr.parsed.tokens.release();
      if (!fr.linted) continue;
      const state = project.files.get(fr.path);
      project.outcomes.set(fr.path, { generation, findings: visibleFindings(project.suppressions, fr.path, fr.findings), version: state?.open?.version ?? null, parsed: fr.parsed, locks: fr.locks });
    }
    return result;
  }

  /** The findings of one file for the project's current state (cached per generation). */
  lintFile(project: Project, file: string): LintOutcome {
    const hit = project.outcomes.get(file);
    if (hit && hit.generation === project.generation) return hit;
    this.stats.lints++;
    this.runLint(project, new Set([file]));
    const out = project.outcomes.get(file);
    if (out && out.generation === project.generation) return out;
    // Ignored by the config, unreadable, or the lint failed: no findings.
    const empty: LintOutcome = { generation: project.generation, findings: [], version: project.files.get(file)?.open?.version ?? null };
    project.outcomes.set(file, empty);
    return empty;
  }

  /** Lints every file of the project (a migration's findings depend on the others). */
  lintAll(project: Project): void {
    if (project.fullGeneration === project.generation) return;
    this.stats.fullLints++;
    const generation = project.generation;
    const t0 = performance.now();
    this.runLint(project);
    project.lastFullLintMs = performance.now() - t0;
    this.completeFullLint(project, generation);
  }

  /**
   * lintAll a slice at a time, letting requests (a keystroke's diagnostics) run in between: on a
   * history of thousands of files a whole-project lint takes seconds. Resolves to false when the
   * project changed meanwhile: the run is dropped (the change schedules another).
   */
  lintAllInSlices(project: Project): Promise<boolean> {
    if (project.fullGeneration === project.generation) return Promise.resolve(true);
    if (project.fullLint?.generation === project.generation) return project.fullLint.done;
    const generation = project.generation;
    const done = (async (): Promise<boolean> => {
      this.stats.fullLints++;
      let busy = 0;
      try {
        const steps = lintProjectSteps(this.sources(project), project.config, { parsedCache: this.parsedCache, toolFiles: project.toolFiles, session: project.session, locks: this.openPaths(project) });
        for (;;) {
          const t0 = performance.now();
          let step = steps.next();
          while (!step.done && performance.now() - t0 < LINT_SLICE_MS) step = steps.next();
          busy += performance.now() - t0;
          if (step.done) {
            this.recordLint(project, generation, step.value);
            break;
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (project.generation !== generation) return false;
        }
      } catch (e) {
        this.log.once(`lint:${project.id}`, 'error', `Linting ${project.name} failed: ${describeError(e)}`);
      }
      project.lastFullLintMs = busy;
      this.completeFullLint(project, generation);
      return true;
    })();
    project.fullLint = { generation, done };
    return done;
  }

  /** Files a whole-project lint did not lint (ignored, unreadable) have no findings in that generation. */
  private completeFullLint(project: Project, generation: number): void {
    for (const f of project.files.keys()) {
      const o = project.outcomes.get(f);
      if (!o || o.generation !== generation) project.outcomes.set(f, { generation, findings: [], version: project.files.get(f)?.open?.version ?? null });
    }
    project.fullGeneration = generation;
  }

  /**
   * The findings of `file` if its text were `text` (the fix loop's later passes). Nothing is cached:
   * the file's cached parse still matches its real text afterwards.
   */
  lintWithText(project: Project, file: string, text: string): Finding[] {
    const sources = this.sources(project).map((s) => (s.path === file ? { ...s, text } : s));
    const saved = this.parsedCache.get(file);
    try {
      const result = lintProject(sources, project.config, { only: new Set([file]), parsedCache: this.parsedCache, toolFiles: project.toolFiles, session: project.session });
      return visibleFindings(project.suppressions, file, result.files.find((f) => f.path === file)?.findings ?? []);
    } finally {
      const hypothetical = this.parsedCache.get(file);
      if (saved) this.parsedCache.set(file, saved);
      else this.parsedCache.delete(file);
      if (saved && hypothetical && hypothetical !== saved) forgetReplacedStatements(hypothetical.parsed, saved.parsed);
    }
  }

  /** The project's lint result for its current state: the final schema model and the history. */
  resultFor(project: Project, file?: string): ProjectResult | undefined {
    if (project.lastResult?.generation === project.generation) return project.lastResult.result;
    return this.runLint(project, new Set(file && project.files.has(file) ? [file] : [])) ?? project.lastResult?.result;
  }
}
