// Pending and applied migrations in the editor (sqlSchemaLint.report, sqlSchemaLint.baseRef, the
// config's appliedThrough). Git is asked when a project is first seen and when its repository's HEAD,
// index or fetched refs change (a watcher on the .git folder), never per keystroke. Between two
// answers a file is pending when git did not list it as applied (a file created since is pending at
// once) or when its text differs from the text it had when git called it applied (an applied
// migration being edited becomes pending while the person types, and edited-applied-migration gets
// that text as its base).
import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { defaultBaseRef, GitError, openRepository } from '../node/git.js';
import { gitBoundary, PendingClassifier, type GitBoundary } from '../node/pending.js';
import type { Logger } from './log.js';
import type { PendingParams, ProjectPending } from './protocol.js';
import { projectTool } from './tool-status.js';
import { currentText, type Project, type Workspace } from './workspace.js';

interface Boundary {
  mode: ProjectPending['mode'];
  /** What the status bar names: the ref and its merge base, or the appliedThrough version. */
  base?: string;
  reason?: string;
  classifier?: PendingClassifier;
  /** git: the texts of the files git listed as edited, as they are at the base. */
  baseTexts: Map<string, string>;
  /** git: an applied file's text when git called it applied (taken at its first read after). */
  snapshots: Map<string, string>;
  gitDir?: string;
}

interface State {
  /** The settings and config that produced it: another key asks again. */
  key: string;
  /** The last answer; undefined until the first one. */
  boundary?: Boundary;
  /** The question in flight (its number: a newer question makes an older answer stale). */
  asking?: Promise<void>;
  asked: number;
}

export interface PendingHooks {
  /** The project's boundary changed; `relint`: the base texts changed, so findings may too. */
  changed(project: Project, relint: boolean): void;
  status(params: PendingParams): void;
}

const GIT_SETTLE_MS = 300;
const STATUS_DEBOUNCE_MS = 150;

export class PendingFiles {
  private readonly states = new Map<string, State>();
  private readonly watchers = new Map<string, { watcher: FSWatcher; timer?: NodeJS.Timeout }>();
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatus = '';

  constructor(
    private readonly workspace: Workspace,
    private readonly log: Logger,
    private readonly hooks: PendingHooks,
  ) {}

  private keyOf(project: Project): string {
    return JSON.stringify([project.root, project.settings.report, project.settings.baseRef, project.config.appliedThrough ?? null, !!project.folder]);
  }

  private state(project: Project): State {
    const key = this.keyOf(project);
    let s = this.states.get(project.id);
    if (!s || s.key !== key) {
      s = { key, asked: 0 };
      this.states.set(project.id, s);
      this.ask(project.id, s);
    }
    return s;
  }

  /** Resolves once the project's boundary is known (asks git the first time). */
  async ready(project: Project): Promise<void> {
    const s = this.state(project);
    if (!s.boundary) await s.asking;
  }

  /** The boundary is known (until then, files that are not open wait rather than flash every finding). */
  known(project: Project): boolean {
    return !!this.state(project).boundary;
  }

  /** An applied file: its findings are shown only while it is open, as hints. */
  isApplied(project: Project, file: string): boolean {
    const b = this.state(project).boundary;
    if (!b?.classifier) return false;
    const c = b.classifier;
    if (c.boundary.kind === 'appliedThrough') return !c.isPending(file, project.relPath(file));
    if (!c.boundary.applied.has(c.real(file))) return false;
    const state = project.files.get(file);
    if (!state) return false;
    let snapshot = b.snapshots.get(file);
    if (snapshot === undefined) {
      if (state.diskText === undefined) return !state.open;
      snapshot = state.diskText;
      b.snapshots.set(file, snapshot);
    }
    return currentText(state) === snapshot;
  }

  /** The file's text at the base when it existed there and changed since (for edited-applied-migration). */
  baseTextOf(project: Project, file: string, text: string): string | undefined {
    const b = this.states.get(project.id)?.boundary;
    if (!b || b.mode !== 'git' || !b.classifier) return undefined;
    const fromGit = b.baseTexts.get(file);
    if (fromGit !== undefined) return fromGit === text ? undefined : fromGit;
    const snapshot = b.snapshots.get(file);
    if (snapshot !== undefined && snapshot !== text && (b.classifier.boundary as GitBoundary).applied.has(b.classifier.real(file))) return snapshot;
    return undefined;
  }

  /** Something in the project changed (a file created, deleted or edited): the status bar's count may have. */
  projectChanged(project: Project): void {
    this.state(project);
    this.scheduleStatus();
  }

  // ---- asking git ----------------------------------------------------------------------------

  private ask(projectId: string, s: State): void {
    const n = ++s.asked;
    s.asking = (async () => {
      const project = this.workspace.projects.get(projectId);
      if (!project) return;
      let boundary: Boundary;
      try {
        boundary = await this.compute(project);
      } catch (e) {
        this.log.error(`Asking git about ${project.name} failed`, e);
        boundary = { mode: 'all', reason: `git failed: ${(e as Error).message}`, baseTexts: new Map(), snapshots: new Map() };
      }
      if (s.asked !== n || this.states.get(projectId) !== s) return;
      const current = this.workspace.projects.get(projectId);
      const before = s.boundary;
      s.boundary = boundary;
      if (boundary.gitDir) this.watchGitDir(boundary.gitDir);
      if (!current) return;
      // Files read before git answered: their disk text is the text git called applied.
      const git = boundary.classifier?.boundary;
      if (git?.kind === 'git') for (const [file, state] of current.files) if (state.diskText !== undefined && git.applied.has(boundary.classifier!.real(file))) boundary.snapshots.set(file, state.diskText);
      const relint = !before || before.mode !== boundary.mode || !sameTexts(before.baseTexts, boundary.baseTexts);
      this.log.info(`${current.name}: ${describe(boundary)}`);
      this.hooks.changed(current, relint);
      this.scheduleStatus();
    })();
  }

  private async compute(project: Project): Promise<Boundary> {
    const empty = (): Pick<Boundary, 'baseTexts' | 'snapshots'> => ({ baseTexts: new Map(), snapshots: new Map() });
    if (project.settings.report === 'all') return { mode: 'all', reason: 'sqlSchemaLint.report is "all"', ...empty() };
    if (project.config.appliedThrough !== undefined)
      return { mode: 'appliedThrough', base: project.config.appliedThrough, classifier: new PendingClassifier({ kind: 'appliedThrough', appliedThrough: project.config.appliedThrough }), ...empty() };
    if (!project.folder || !path.isAbsolute(project.root)) return { mode: 'all', reason: 'the files are outside every workspace folder', ...empty() };
    let gitDir: string | undefined;
    try {
      const repo = await openRepository(project.root);
      gitDir = repo.gitDir;
      const ref = project.settings.baseRef || (await defaultBaseRef(repo));
      if (!ref) return { mode: 'all', reason: 'no base branch (none of origin/HEAD, main, master exists); set sqlSchemaLint.baseRef', gitDir, ...empty() };
      const boundary = await gitBoundary(project.root, 'since', ref);
      const classifier = new PendingClassifier(boundary);
      const baseTexts = await classifier.baseTexts([...project.files.keys()]);
      const base = boundary.base ? `${ref} (merge base ${boundary.base.slice(0, 10)})` : ref;
      return { mode: 'git', base, classifier, baseTexts, snapshots: new Map(), gitDir };
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      const reason =
        e.problem === 'not-a-repository'
          ? 'not a git repository'
          : e.problem === 'git-missing'
            ? 'git was not found on PATH'
            : `sqlSchemaLint.baseRef ${project.settings.baseRef ? `"${project.settings.baseRef}"` : '(default)'}: ${e.message}`;
      return { mode: 'all', reason, gitDir, ...empty() };
    }
  }

  /** HEAD, the index, FETCH_HEAD, packed-refs…: any change in the .git folder itself asks again (debounced). */
  private watchGitDir(gitDir: string): void {
    if (this.watchers.has(gitDir)) return;
    try {
      const watcher = watch(gitDir, { persistent: false }, (_event, name) => {
        if (name && (name.endsWith('.lock') || name === 'objects')) return;
        const w = this.watchers.get(gitDir);
        if (!w) return;
        clearTimeout(w.timer);
        w.timer = setTimeout(() => this.gitChanged(gitDir), GIT_SETTLE_MS);
      });
      watcher.on('error', () => this.watchers.delete(gitDir));
      this.watchers.set(gitDir, { watcher });
    } catch (e) {
      this.log.warn(`Cannot watch ${gitDir} for branch and index changes: ${(e as Error).message}`);
    }
  }

  private gitChanged(gitDir: string): void {
    for (const [id, s] of this.states) if (s.boundary?.gitDir === gitDir || !s.boundary) this.ask(id, s);
  }

  // ---- the status bar ------------------------------------------------------------------------

  private scheduleStatus(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => this.sendStatus(), STATUS_DEBOUNCE_MS);
  }

  private sendStatus(): void {
    const projects: ProjectPending[] = [];
    for (const project of this.workspace.projects.values()) {
      const b = this.states.get(project.id)?.boundary;
      if (!b || project.files.size === 0) continue;
      let pending = 0;
      for (const file of project.files.keys()) if (!this.isApplied(project, file)) pending++;
      projects.push({ name: project.name, mode: b.mode, base: b.base, pending, total: project.files.size, reason: b.reason, tool: projectTool(this.workspace, project) });
    }
    const params: PendingParams = { projects };
    const text = JSON.stringify(params);
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.hooks.status(params);
  }

  dispose(): void {
    clearTimeout(this.statusTimer);
    for (const w of this.watchers.values()) {
      clearTimeout(w.timer);
      w.watcher.close();
    }
    this.watchers.clear();
  }
}

function sameTexts(a: Map<string, string> | undefined, b: Map<string, string>): boolean {
  if (!a) return b.size === 0;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function describe(b: Boundary): string {
  return b.mode === 'git' ? `pending files are those changed since ${b.base}` : b.mode === 'appliedThrough' ? `migrations after ${b.base} are pending` : `every file is reported: ${b.reason}`;
}
