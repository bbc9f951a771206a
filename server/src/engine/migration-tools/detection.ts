// Which tool runs a project's migrations, and what told us: the configuration, a tool's own file
// (migration_lock.toml, atlas.sum, …), in-file markers or the file layout alone. The editor's status
// bar shows it, so that a user whose files are detected wrongly sees why and knows what to set.
// The registry's detectors answer with a score only; the evidence is found by asking them again
// without the markers and without each tool file a migration could have been judged by.
import { ancestors, baseOf, dirOf } from './paths.js';
import { dominantTool, toolsById, type MigrationSetup } from './registry.js';
import type { MarkerFamily, MigrationToolId, ToolFile } from './types.js';

/** How the tool was chosen. */
export type DetectionSource = 'config' | 'files' | 'markers' | 'layout' | 'none';

export interface ToolDetection {
  /** The tool most files belong to (plain files aside), as `--format json` names it; `plain` when none. */
  tool: MigrationToolId;
  /** `config`: `migrationTool` in .sql-schema-lint.json; `files`: the tool's own files; `markers`: comments such as `-- +goose Up`; `layout`: file and folder names alone; `none`: plain numbered files. */
  source: DetectionSource;
  /** For `files`: the tool files that decided it, most migrations first (`migration_lock.toml`, `<script>.sql.conf`, `supabase/config.toml`). */
  evidence: string[];
  /** Migrations the tool runs, of `total` looked at. */
  files: number;
  total: number;
}

/** What one migration's detection rested on. */
interface FileEvidence {
  source: 'files' | 'markers' | 'layout';
  files: string[];
}

const NO_MARKERS: ReadonlySet<MarkerFamily> = new Set();
const STRENGTH: readonly FileEvidence['source'][] = ['markers', 'files', 'layout'];
const evidenceCache = new WeakMap<MigrationSetup, { byDir: Map<string, ToolFile[]>; byFile: Map<string, FileEvidence> }>();

/** The project's tool and what it was detected from; undefined for no migrations. */
export function detectProjectTool(files: Iterable<{ relPath: string; markers: ReadonlySet<MarkerFamily> }>, setup: MigrationSetup): ToolDetection | undefined {
  const tools: { relPath: string; markers: ReadonlySet<MarkerFamily>; tool: MigrationToolId }[] = [];
  for (const f of files) tools.push({ ...f, tool: setup.toolOf(f.relPath, f.markers).id });
  if (!tools.length) return undefined;
  const tool = setup.configured ?? dominantTool(tools.map((t) => t.tool));
  const mine = tools.filter((t) => t.tool === tool);
  const counts = { files: mine.length, total: tools.length };
  if (setup.configured) return { tool, source: 'config', evidence: [], ...counts };
  if (tool === 'plain') return { tool, source: 'none', evidence: [], ...counts };
  const sources = new Map<FileEvidence['source'], number>();
  const named = new Map<string, number>();
  for (const f of mine) {
    const e = evidenceOf(setup, tool, f.relPath, f.markers);
    sources.set(e.source, (sources.get(e.source) ?? 0) + 1);
    for (const name of e.files) named.set(name, (named.get(name) ?? 0) + 1);
  }
  // What most of its migrations rest on; on a tie, the stronger evidence (as the detectors rank it).
  const source = [...sources].sort((a, b) => b[1] - a[1] || STRENGTH.indexOf(a[0]) - STRENGTH.indexOf(b[0]))[0]![0];
  const evidence = source === 'files' ? [...named].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name) : [];
  return { tool, source, evidence, ...counts };
}

function evidenceOf(setup: MigrationSetup, id: MigrationToolId, relPath: string, markers: ReadonlySet<MarkerFamily>): FileEvidence {
  let cache = evidenceCache.get(setup);
  if (!cache) evidenceCache.set(setup, (cache = { byDir: byDirectory(setup.toolFiles), byFile: new Map() }));
  const key = `${id}\u0000${relPath}\u0000${[...markers].join()}`;
  let hit = cache.byFile.get(key);
  if (hit) return hit;
  const tool = toolsById.get(id)!;
  const score = (toolFiles: ReadonlyMap<string, ToolFile>, m: ReadonlySet<MarkerFamily>): number => tool.detect({ relPath, toolFiles, markers: m });
  const full = score(setup.toolFiles, markers);
  // The files a detector can read: those beside the migration and in its parent folders (where
  // findToolFiles looks), a script's own `.sql.conf` only for that script.
  const near = ancestors(dirOf(relPath))
    .flatMap((d) => cache.byDir.get(d) ?? [])
    .filter((f) => !f.relPath.toLowerCase().endsWith('.sql.conf') || f.relPath === relPath + '.conf');
  if (markers.size && score(setup.toolFiles, NO_MARKERS) < full) hit = { source: 'markers', files: [] };
  else if (near.length && score(without(setup.toolFiles, near), markers) < full) {
    const decisive = near.filter((f) => score(without(setup.toolFiles, [f]), markers) < full);
    hit = { source: 'files', files: (decisive.length ? decisive : near).map((f) => label(f.relPath)) };
  } else hit = { source: 'layout', files: [] };
  cache.byFile.set(key, hit);
  return hit;
}

function byDirectory(toolFiles: ReadonlyMap<string, ToolFile>): Map<string, ToolFile[]> {
  const out = new Map<string, ToolFile[]>();
  for (const f of toolFiles.values()) {
    const dir = dirOf(f.relPath);
    out.set(dir, [...(out.get(dir) ?? []), f]);
  }
  return out;
}

/** The name a user knows the file by: its own, but Flyway's per-script files as one kind and Supabase's config with its folder. */
function label(relPath: string): string {
  const name = baseOf(relPath);
  if (name.toLowerCase().endsWith('.sql.conf')) return '<script>.sql.conf';
  if (name === 'config.toml') return `${baseOf(dirOf(relPath))}/${name}`;
  return name;
}

/** The tool files but `hidden`, without copying them (Flyway projects may have a file per script). */
function without(toolFiles: ReadonlyMap<string, ToolFile>, hidden: readonly ToolFile[]): ReadonlyMap<string, ToolFile> {
  const gone = new Set(hidden.map((f) => f.relPath));
  const entries = (): IterableIterator<[string, ToolFile]> => [...toolFiles].filter(([k]) => !gone.has(k))[Symbol.iterator]();
  const view: ReadonlyMap<string, ToolFile> = {
    get: (k) => (gone.has(k) ? undefined : toolFiles.get(k)),
    has: (k) => !gone.has(k) && toolFiles.has(k),
    get size() {
      return toolFiles.size - [...gone].filter((k) => toolFiles.has(k)).length;
    },
    forEach: (fn) => {
      for (const [k, v] of entries()) fn(v, k, view);
    },
    entries,
    keys: () => [...entries()].map(([k]) => k)[Symbol.iterator](),
    values: () => [...entries()].map(([, v]) => v)[Symbol.iterator](),
    [Symbol.iterator]: entries,
  };
  return view;
}
