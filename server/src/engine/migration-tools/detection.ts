// Which tool runs a project's migrations, and what told us: the configuration, a tool's own file
// (migration_lock.toml, atlas.sum, …), in-file markers or the file layout alone. The editor's status
// bar shows it, so that a user whose files are detected wrongly sees why and knows what to set.
// The registry's detectors answer with a score only; the evidence is found by asking them again
// without the markers and without each tool file a migration could have been judged by.
import { ancestors, baseOf, dirOf } from './paths.js';
import { dominantTool, type MigrationSetup } from './registry.js';
import type { MarkerFamily, MigrationTool, MigrationToolId, ToolFile } from './types.js';

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

/** One migration's tool and what its detection rested on. */
export interface FileDetection {
  tool: MigrationToolId;
  /** `none` for a plain file; `config` when the configuration set the tool. */
  source: DetectionSource;
  /** For `files`: the tool files that decided it. */
  files: readonly string[];
}

const NO_MARKERS: ReadonlySet<MarkerFamily> = new Set();
/** On a tie between migrations, the stronger evidence is named (as the detectors rank it). */
const STRENGTH: readonly DetectionSource[] = ['markers', 'files', 'layout'];
const caches = new WeakMap<MigrationSetup, { byDir: Map<string, ToolFile[]>; byFile: Map<string, FileDetection> }>();

/** The project's tool and what it was detected from; undefined for no migrations. */
export function detectProjectTool(files: Iterable<{ relPath: string; markers: ReadonlySet<MarkerFamily> }>, setup: MigrationSetup): ToolDetection | undefined {
  const list: FileDetection[] = [];
  for (const f of files) list.push(detectFile(setup, f.relPath, f.markers));
  return summarizeDetections(list, setup);
}

/** The tools of a project's migrations (detectFile's answers) summed up: the tool most of them belong to, and why. */
export function summarizeDetections(files: readonly FileDetection[], setup: MigrationSetup): ToolDetection | undefined {
  if (!files.length) return undefined;
  const tool = setup.configured ?? dominantTool(files.map((f) => f.tool));
  const sources = new Map<DetectionSource, number>();
  const named = new Map<string, number>();
  let mine = 0;
  for (const f of files) {
    if (f.tool !== tool) continue;
    mine++;
    sources.set(f.source, (sources.get(f.source) ?? 0) + 1);
    for (const name of f.files) named.set(name, (named.get(name) ?? 0) + 1);
  }
  const counts = { files: mine, total: files.length };
  if (setup.configured) return { tool, source: 'config', evidence: [], ...counts };
  if (tool === 'plain') return { tool, source: 'none', evidence: [], ...counts };
  // What most of its migrations rest on.
  const source = [...sources].sort((a, b) => b[1] - a[1] || STRENGTH.indexOf(a[0]) - STRENGTH.indexOf(b[0]))[0]![0];
  const evidence = source === 'files' ? [...named].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name) : [];
  return { tool, source, evidence, ...counts };
}

/** One migration's tool (as `setup.toolOf` decides it) and what decided it. Cached per setup. */
export function detectFile(setup: MigrationSetup, relPath: string, markers: ReadonlySet<MarkerFamily>): FileDetection {
  let cache = caches.get(setup);
  if (!cache) caches.set(setup, (cache = { byDir: byDirectory(setup.toolFiles), byFile: new Map() }));
  const key = markers.size ? `${relPath}\u0000${[...markers].join()}` : relPath;
  let hit = cache.byFile.get(key);
  if (hit) return hit;
  const tool = setup.toolOf(relPath, markers);
  hit = setup.configured ? { tool: tool.id, source: 'config', files: [] } : tool.id === 'plain' ? { tool: tool.id, source: 'none', files: [] } : evidenceOf(tool, relPath, markers, setup.toolFiles, cache.byDir);
  cache.byFile.set(key, hit);
  return hit;
}

function evidenceOf(tool: MigrationTool, relPath: string, markers: ReadonlySet<MarkerFamily>, toolFiles: ReadonlyMap<string, ToolFile>, byDir: Map<string, ToolFile[]>): FileDetection {
  const score = (files: ReadonlyMap<string, ToolFile>, m: ReadonlySet<MarkerFamily>): number => tool.detect({ relPath, toolFiles: files, markers: m });
  const full = score(toolFiles, markers);
  if (markers.size && score(toolFiles, NO_MARKERS) < full) return { tool: tool.id, source: 'markers', files: [] };
  // The files a detector can read: those beside the migration and in its parent folders (where
  // findToolFiles looks), a script's own `.sql.conf` only for that script.
  const near = ancestors(dirOf(relPath))
    .flatMap((d) => byDir.get(d) ?? [])
    .filter((f) => !f.relPath.toLowerCase().endsWith('.sql.conf') || f.relPath === relPath + '.conf');
  if (!near.length || score(without(toolFiles, near), markers) >= full) return { tool: tool.id, source: 'layout', files: [] };
  const decisive = near.filter((f) => score(without(toolFiles, [f]), markers) < full);
  return { tool: tool.id, source: 'files', files: (decisive.length ? decisive : near).map((f) => label(f.relPath)) };
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
