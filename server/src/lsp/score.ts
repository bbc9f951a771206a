// `sqlSchemaLint/score`: the schema score of one project's migration history, computed by the same
// path as diagnostics (the workspace index's whole-project lint) and the engine's scoreProject. It
// waits for the workspace index, so a score is never computed on a partial history.
import * as path from 'node:path';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { scoreProject, type ProjectResult, type ScoreReport } from '../engine/index.js';
import type { Logger } from './log.js';
import { ScoreRequest, type ScoreParams, type ScoreProject, type ScoreResult } from './protocol.js';
import { pathToUri, uriToPath, type Project, type Workspace } from './workspace.js';

/** How often to look at the index while it is still being built (the Workspace has no "indexed" promise). */
const INDEX_POLL_MS = 100;

export interface ScoreProgress {
  report(message: string): void;
}

function inside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!!rel && !rel.startsWith('..') && !path.isAbsolute(rel));
}

function info(p: Project): ScoreProject {
  return { uri: pathToUri(p.root), name: p.name, files: p.files.size };
}

function cancelled(token?: CancellationToken): boolean {
  return !!token?.isCancellationRequested;
}

/** Resolves once the first indexing of the workspace folders has finished (or the token is cancelled). */
async function indexed(workspace: Workspace, progress: ScoreProgress, token?: CancellationToken): Promise<void> {
  if (workspace.indexed) return;
  progress.report('Waiting for the migration index to be complete…');
  while (!workspace.indexed && !cancelled(token)) await new Promise<void>((resolve) => setTimeout(resolve, INDEX_POLL_MS));
}

/** The projects the URI names: the file's project, the deepest project containing a folder, or the projects inside it. */
export function projectsFor(workspace: Workspace, uri: string | undefined): Project[] {
  const projects = [...workspace.projects.values()].filter((p) => p.files.size > 0 && path.isAbsolute(p.root));
  if (!uri) return projects;
  const target = uriToPath(uri);
  const own = workspace.projectOfPath(target);
  if (own) return [own];
  const containing = projects.filter((p) => inside(p.root, target)).sort((a, b) => b.root.length - a.root.length);
  if (containing.length) return [containing[0]!];
  return projects.filter((p) => inside(target, p.root));
}

/** The report with every file path replaced by the URI the client knows the document by. */
export function toClientReport(project: Project, report: ScoreReport): { report: ScoreReport; display: Record<string, string> } {
  const display: Record<string, string> = {};
  const uriOf = (file: string): string => {
    const uri = project.files.get(file)?.uri ?? pathToUri(file);
    display[uri] = project.relPath(file);
    return uri;
  };
  return {
    report: {
      ...report,
      topFindings: report.topFindings.map((f) => ({ ...f, file: uriOf(f.file) })),
      perTable: report.perTable.map((t) => ({ ...t, file: uriOf(t.file) })),
    },
    display,
  };
}

export async function computeScore(workspace: Workspace, params: ScoreParams, progress: ScoreProgress, token?: CancellationToken): Promise<ScoreResult> {
  await indexed(workspace, progress, token);
  if (cancelled(token)) return { kind: 'none', message: 'Cancelled.' };
  const candidates = projectsFor(workspace, params.uri);
  if (candidates.length === 0) return { kind: 'none', message: params.uri ? 'No migration files found there.' : 'No migration files in the workspace.' };
  if (candidates.length > 1) return { kind: 'choose', projects: candidates.map(info).sort((a, b) => a.name.localeCompare(b.name)) };
  const project = candidates[0]!;
  if (!workspace.isReady(project)) {
    progress.report(`Reading the migrations of ${project.name}…`);
    await workspace.whenReady(project);
    if (cancelled(token)) return { kind: 'none', message: 'Cancelled.' };
  }
  progress.report(`Scoring ${project.name} (${project.files.size} files)…`);
  workspace.lintAll(project);
  const result: ProjectResult | undefined = project.lastResult?.generation === project.generation ? project.lastResult.result : undefined;
  if (!result || result.files.some((f) => !f.linted)) return { kind: 'none', message: `Linting ${project.name} failed; see the SQL Schema Lint output channel.` };
  return { kind: 'score', project: info(project), ...toClientReport(project, scoreProject(result, project.config)) };
}

/** Wires the request (one line in main.ts). `workspace` is a getter: the index is created at initialize. */
export function registerScore(connection: Connection, workspace: () => Workspace, ready: Promise<void>, log: Logger): void {
  connection.onRequest(ScoreRequest, async (params, token) => {
    await ready;
    const reporter = params.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
    reporter?.begin('SQL Schema Lint: score', undefined, undefined, false);
    try {
      return await computeScore(workspace(), params, { report: (message) => reporter?.report(message) }, token);
    } catch (e) {
      log.error('Scoring failed', e);
      return { kind: 'none', message: `Scoring failed: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      reporter?.done();
    }
  });
}
