// The migration tools' own bookkeeping tables, for applying a history without the tool (verify, the
// schema-model oracle): each tool creates its table before the first migration runs, so a migration
// may refer to it (lemmy's put a trigger on Diesel's `__diesel_schema_migrations`). The table is
// created only when a migration of that tool names it and none creates it: otherwise it would be an
// object the history never made, or collide with the history's own table of that name.
import type { FileRun } from './types.js';
import { toolsById } from './registry.js';

/** One up file of the history: its tool's answer and the text that runs forward. */
export interface BookkeepingInput {
  run: Pick<FileRun, 'tool'>;
  text: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The statements to run before the history: the bookkeeping tables its migrations refer to. */
export function bookkeepingSetup(files: readonly BookkeepingInput[]): string[] {
  const out: string[] = [];
  const tools = new Set(files.map((f) => f.run.tool));
  for (const id of tools) {
    const b = toolsById.get(id)?.bookkeeping;
    if (!b) continue;
    const name = `"?${escape(b.table)}"?`;
    const qualified = b.schema ? `(?:"?${escape(b.schema)}"?\\s*\\.\\s*)${name}` : `(?:[\\w$]+\\s*\\.\\s*)?${name}`;
    const refers = new RegExp(`(?<![\\w$])${qualified}(?![\\w$])`, 'i');
    const creates = new RegExp(`\\bcreate\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?${qualified}(?![\\w$])`, 'i');
    const own = files.filter((f) => f.run.tool === id);
    if (own.some((f) => refers.test(f.text)) && !own.some((f) => creates.test(f.text))) out.push(...b.ddl);
  }
  return out;
}
