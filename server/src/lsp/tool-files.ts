// Keeps each project's migration-tool files (migration_lock.toml, atlas.sum, sqitch.plan, diesel.toml,
// Diesel's metadata.toml, Flyway's configuration files, supabase/config.toml: node/project.ts
// isToolFile) as they are on disk. They decide which tool runs a migration and whether it runs in a
// transaction, so a change to one must re-detect the tool and re-lint, as a change to the config
// file does. They are read again, after a short pause, when one changes in a folder the project's
// migrations are in (or above them), when a migration appears in a folder nothing was read from yet
// (a tool file may already be there), and when the projects are rebuilt (a config file changed).
import * as path from 'node:path';
import { findToolFiles } from '../node/project.js';
import type { ToolFile } from '../engine/index.js';
import type { Logger } from './log.js';
import type { Project } from './workspace.js';

const SETTLE_MS = 100;

export class ToolFileWatch {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The newest read per project: an older read that answers later is dropped. */
  private readonly reads = new Map<string, number>();

  constructor(
    private readonly projects: ReadonlyMap<string, Project>,
    private readonly log: Logger,
    /** The project's tool files changed (it has been touched): re-lint it. */
    private readonly changed: (project: Project) => void,
  ) {}

  /** A tool file was created, changed or deleted on disk. */
  toolFileChanged(file: string): void {
    for (const project of this.projects.values()) {
      const known = project.toolFiles.some((f) => f.relPath === project.relPath(file));
      if (known || holdsMigrations(project, path.dirname(file))) this.schedule(project);
    }
  }

  /** A migration file joined the project from disk. */
  migrationAdded(project: Project, file: string): void {
    if (!holdsMigrations(project, path.dirname(file), file)) this.schedule(project);
  }

  /** The projects were regrouped: they keep the tool files read for the same folder until a new read answers. */
  rebuilt(before: readonly Project[]): void {
    for (const project of this.projects.values()) {
      const old = before.find((p) => p.id === project.id && p.root === project.root);
      if (old) project.toolFiles = old.toolFiles;
      this.schedule(project);
    }
  }

  private schedule(project: Project): void {
    if (!path.isAbsolute(project.root)) return;
    const id = project.id;
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        void this.read(id);
      }, SETTLE_MS),
    );
  }

  private async read(id: string): Promise<void> {
    const n = (this.reads.get(id) ?? 0) + 1;
    this.reads.set(id, n);
    const project = this.projects.get(id);
    if (!project) return;
    let found: ToolFile[];
    try {
      found = await findToolFiles(project.root, [...project.files.keys()].filter((f) => path.isAbsolute(f)));
    } catch (e) {
      this.log.error(`Reading the migration tool files of ${project.name} failed`, e);
      return;
    }
    const current = this.projects.get(id);
    if (this.reads.get(id) !== n || !current || current.root !== project.root || sameFiles(current.toolFiles, found)) return;
    this.log.info(`${current.name}: migration tool files ${found.length ? found.map((f) => f.relPath).join(', ') : 'none'}; detecting the tool again`);
    current.toolFiles = found;
    current.touch();
    this.changed(current);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** findToolFiles reads `dir` for this project: a migration (other than `except`) is in it or below it. */
function holdsMigrations(project: Project, dir: string, except?: string): boolean {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const f of project.files.keys()) if (f !== except && f.startsWith(prefix)) return true;
  return false;
}

function sameFiles(a: readonly ToolFile[], b: readonly ToolFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.relPath === b[i]!.relPath && f.text === b[i]!.text);
}
