// The registry: every tool the engine knows, which tool a file belongs to, and the history order a
// tool imposes beyond version order (sqitch.plan, atlas.sum).
import { isDownMigration } from '../model/order.js';
import { atlas, atlasOrder } from './tools/atlas.js';
import { dbmate } from './tools/dbmate.js';
import { diesel } from './tools/diesel.js';
import { flyway } from './tools/flyway.js';
import { golangMigrate } from './tools/golang-migrate.js';
import { goose } from './tools/goose.js';
import { plain } from './tools/plain.js';
import { prisma } from './tools/prisma.js';
import { sqitch, sqitchOrder } from './tools/sqitch.js';
import { sqlMigrate } from './tools/sql-migrate.js';
import { supabase } from './tools/supabase.js';
import type { MarkerFamily, MigrationTool, MigrationToolId, ToolFile } from './types.js';

export const MIGRATION_TOOLS: readonly MigrationTool[] = [prisma, goose, dbmate, sqlMigrate, golangMigrate, flyway, diesel, atlas, sqitch, supabase, plain];

export const toolsById: ReadonlyMap<MigrationToolId, MigrationTool> = new Map(MIGRATION_TOOLS.map((t) => [t.id, t]));

/** The project-wide part of the model: the tool files, the configured tool, and the tools' orders. */
export interface MigrationSetup {
  /** `migrationTool` from the configuration; undefined detects per file. */
  readonly configured?: MigrationToolId;
  readonly toolFiles: ReadonlyMap<string, ToolFile>;
  /** The tool of one file, from its path, the files beside it and its markers. */
  toolOf(relPath: string, markers: ReadonlySet<MarkerFamily>): MigrationTool;
  /** Moves files whose tool fixes their order (sqitch.plan, atlas.sum) into that order, within the positions they hold. */
  order<T extends { relPath: string }>(files: readonly T[]): T[];
}

const setups = new WeakMap<readonly ToolFile[], Map<string, MigrationSetup>>();
const NO_FILES: readonly ToolFile[] = [];

/** The setup for a project's tool files and configured tool; the same inputs give the same object (caches key on it). */
export function migrationSetup(toolFiles: readonly ToolFile[] = NO_FILES, configured?: MigrationToolId): MigrationSetup {
  let byTool = setups.get(toolFiles);
  if (!byTool) setups.set(toolFiles, (byTool = new Map()));
  const key = configured ?? '';
  let setup = byTool.get(key);
  if (!setup) byTool.set(key, (setup = createSetup(toolFiles, configured)));
  return setup;
}

function createSetup(list: readonly ToolFile[], configured?: MigrationToolId): MigrationSetup {
  const toolFiles = new Map(list.map((f) => [f.relPath, f]));
  const ranks = new Map<string, number>();
  for (const f of list) {
    const name = f.relPath.slice(f.relPath.lastIndexOf('/') + 1);
    const order = name === 'sqitch.plan' ? sqitchOrder(f) : name === 'atlas.sum' ? atlasOrder(f) : [];
    order.forEach((p, i) => {
      if (!ranks.has(p)) ranks.set(p, i);
    });
  }
  const detected = new Map<string, MigrationTool>();
  return {
    configured,
    toolFiles,
    toolOf(relPath, markers) {
      if (configured) return toolsById.get(configured)!;
      const key = markers.size ? `${relPath}\u0000${[...markers].join()}` : relPath;
      let best = detected.get(key);
      if (best) return best;
      best = plain;
      let score = 0;
      for (const t of MIGRATION_TOOLS) {
        const s = t.detect({ relPath, toolFiles, markers });
        if (s > score) [best, score] = [t, s];
      }
      detected.set(key, best);
      return best;
    },
    order(files) {
      const out = [...files];
      if (!ranks.size) return out;
      // The slots the ranked files hold keep holding ranked files, now in the tool's order.
      const slots: number[] = [];
      out.forEach((f, i) => {
        if (ranks.has(f.relPath)) slots.push(i);
      });
      const ranked = slots.map((i) => out[i]!).sort((a, b) => ranks.get(a.relPath)! - ranks.get(b.relPath)!);
      slots.forEach((slot, k) => (out[slot] = ranked[k]!));
      return out;
    },
  };
}

/** The role of a file by its name: the tool's own rule, else down/undo file names. */
export function roleOf(tool: MigrationTool, relPath: string): 'up' | 'down' | 'verify' {
  return tool.role?.(relPath) ?? (isDownMigration(relPath) ? 'down' : 'up');
}

/** The tool most files belong to (plain files aside), for reports: "detected: Prisma Migrate". */
export function dominantTool(tools: Iterable<MigrationToolId>): MigrationToolId {
  const counts = new Map<MigrationToolId, number>();
  for (const t of tools) if (t !== 'plain') counts.set(t, (counts.get(t) ?? 0) + 1);
  let best: MigrationToolId = 'plain';
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}
