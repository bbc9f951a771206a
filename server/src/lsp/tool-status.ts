// The migration tool of a project as the status bar's tooltip names it: the tool the lint uses (the
// same setup, so the same per-file detection) and what it was detected from. The status goes out
// after every edit, so a file's answer is kept with its parse: an edit costs a lookup per file.
import { detectFile, fileMarkers, migrationSetup, summarizeDetections, type FileDetection, type MarkerFamily, type MigrationSetup, type ParsedFile } from '../engine/index.js';
import { matchesGlob } from '../engine/glob.js';
import type { ProjectTool } from './protocol.js';
import { currentText, type Project, type Workspace } from './workspace.js';

const NO_MARKERS: ReadonlySet<MarkerFamily> = new Set();
const byParse = new WeakMap<ParsedFile, { setup: MigrationSetup; relPath: string; detection: FileDetection }>();

/** The project's tool; undefined while no migration of it is known. */
export function projectTool(workspace: Workspace, project: Project): ProjectTool | undefined {
  const setup = migrationSetup(project.toolFiles, project.config.migrationTool);
  const files: FileDetection[] = [];
  for (const state of project.files.values()) {
    const relPath = project.relPath(state.path);
    const text = currentText(state);
    if (text === undefined || project.config.ignore.some((g) => matchesGlob(relPath, g))) continue;
    // An open document is parsed for its diagnostics anyway; a closed file was parsed when it was read.
    const cached = workspace.parsedCache.get(state.path);
    const parsed: ParsedFile | undefined = state.open && cached?.text !== text ? workspace.parse(state) : cached?.parsed;
    if (!parsed) {
      files.push(detectFile(setup, relPath, NO_MARKERS));
      continue;
    }
    let hit = byParse.get(parsed);
    if (hit?.setup !== setup || hit.relPath !== relPath) byParse.set(parsed, (hit = { setup, relPath, detection: detectFile(setup, relPath, fileMarkers(parsed).families) }));
    files.push(hit.detection);
  }
  const d = summarizeDetections(files, setup);
  return d && { id: d.tool, source: d.source, ...(d.evidence.length ? { evidence: d.evidence } : {}), files: d.files, total: d.total };
}
