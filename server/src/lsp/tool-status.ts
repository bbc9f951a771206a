// The migration tool of a project as the status bar's tooltip names it: the tool the lint uses (the
// same setup, so the same per-file detection) and what it was detected from.
import { detectProjectTool, fileMarkers, migrationSetup, type MarkerFamily, type ParsedFile } from '../engine/index.js';
import { matchesGlob } from '../engine/glob.js';
import type { ProjectTool } from './protocol.js';
import { currentText, type Project, type Workspace } from './workspace.js';

const NO_MARKERS: ReadonlySet<MarkerFamily> = new Set();
const cache = new WeakMap<Project, { generation: number; toolFiles: Project['toolFiles']; tool: ProjectTool | undefined }>();

/** The project's tool; undefined while no migration of it is known. */
export function projectTool(workspace: Workspace, project: Project): ProjectTool | undefined {
  const hit = cache.get(project);
  if (hit && hit.generation === project.generation && hit.toolFiles === project.toolFiles) return hit.tool;
  const files: { relPath: string; markers: ReadonlySet<MarkerFamily> }[] = [];
  for (const state of project.files.values()) {
    const relPath = project.relPath(state.path);
    const text = currentText(state);
    if (text === undefined || project.config.ignore.some((g) => matchesGlob(relPath, g))) continue;
    // An open document is parsed for its diagnostics anyway; a closed file was parsed when it was read.
    const cached = workspace.parsedCache.get(state.path);
    const parsed: ParsedFile | undefined = state.open && cached?.text !== text ? workspace.parse(state) : cached?.parsed;
    files.push({ relPath, markers: parsed ? fileMarkers(parsed).families : NO_MARKERS });
  }
  const d = detectProjectTool(files, migrationSetup(project.toolFiles, project.config.migrationTool));
  const tool: ProjectTool | undefined = d && { id: d.tool, source: d.source, ...(d.evidence.length ? { evidence: d.evidence } : {}), files: d.files, total: d.total };
  cache.set(project, { generation: project.generation, toolFiles: project.toolFiles, tool });
  return tool;
}
