// Atlas: a migration directory with `atlas.sum` (its files in order, with their hashes). `atlas migrate
// apply` runs each file in its own transaction by default (`--tx-mode file`); a file directive
// `-- atlas:txmode none` at the top of the file, separated from the statements by a blank line, runs
// that file without one (cmd/atlas/internal/cmdapi/migrate.go `txmodeFor`; sql/migrate/dir.go
// `LocalFile.Directive`). Atlas splits the file and executes statement by statement.
import { dirOf, join } from '../paths.js';
import { wholeFile } from '../sections.js';
import { eolOf } from './text.js';
import type { MigrationTool, ToolFile } from '../types.js';

/** The file directives: the comment lines at the top of the file when a blank line follows them. */
export function atlasDirectives(text: string): { lines: string[]; end: number } {
  const lines: string[] = [];
  let pos = 0;
  while (text.startsWith('--', pos) || text.startsWith('#', pos)) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return { lines: [...lines, text.slice(pos).trim()], end: text.length };
    lines.push(text.slice(pos, nl).trim());
    pos = nl + 1;
  }
  if (!/^[ \t]*\r?\n/.test(text.slice(pos)) && pos < text.length) return { lines: [], end: 0 };
  return { lines, end: pos };
}

/** The files of atlas.sum in its order (the first line is the directory's own hash). */
export function atlasOrder(sum: ToolFile): string[] {
  const dir = dirOf(sum.relPath);
  return sum.text
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.endsWith('.sql'))
    .map((name) => join(dir, name));
}

export const atlas: MigrationTool = {
  id: 'atlas',
  name: 'Atlas',
  docs: 'https://atlasgo.io/versioned/apply',
  detect: ({ relPath, toolFiles }) => (toolFiles.has(join(dirOf(relPath), 'atlas.sum')) ? 10 : 0),
  run({ text }) {
    const { lines } = atlasDirectives(text);
    const none = lines.some((l) => /^(--|#)\s*atlas:txmode\s+none\s*$/.test(l));
    const up = wholeFile(text, 'up', none ? 'none' : 'tool', 'statements');
    const nl = eolOf(text);
    // Joined to an existing directive block, else its own block followed by a blank line.
    const optOut = none ? undefined : { title: 'add the file directive "-- atlas:txmode none"', edits: [{ range: { start: 0, end: 0 }, newText: '-- atlas:txmode none' + nl + (lines.length ? '' : nl) }], newFiles: [], wholeFile: true };
    return { upSections: [up], downSections: [], transaction: up.transaction, blocks: [], optOut };
  },
};
