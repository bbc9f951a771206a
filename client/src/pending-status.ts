// The status bar's account of pending migrations (server notification sqlSchemaLint/pending), as text
// and tooltip lines. Pure: no vscode import, so tests can call it.
import type { PendingParams, ProjectPending } from '../../server/src/lsp/protocol.js';

export interface PendingLabel {
  /** Appended to the status bar item, e.g. "2 pending · origin/main" or "all files". */
  text: string;
  /** One line per project. */
  tooltip: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function line(p: ProjectPending): string {
  if (p.mode === 'all') return `${p.name}: reporting all ${plural(p.total, 'file')}, because ${p.reason ?? 'no base is known'}`;
  const against = p.mode === 'git' ? `against ${p.base}` : `after appliedThrough ${p.base}`;
  return `${p.name}: ${p.pending} of ${plural(p.total, 'migration')} pending ${against}; applied ones show their findings as hints while open`;
}

/** The short base name for the status bar: "origin/main (merge base …)" → "origin/main". */
function shortBase(p: ProjectPending): string {
  return p.mode === 'appliedThrough' ? `after ${p.base}` : (p.base ?? '').replace(/ \(.*\)$/, '');
}

export function pendingLabel(params: PendingParams | undefined): PendingLabel | undefined {
  const projects = params?.projects ?? [];
  if (!projects.length) return undefined;
  const tooltip = projects.map(line);
  const bounded = projects.filter((p) => p.mode !== 'all');
  if (!bounded.length) return { text: 'all files', tooltip };
  const pending = projects.reduce((n, p) => n + (p.mode === 'all' ? 0 : p.pending), 0);
  const bases = [...new Set(bounded.map(shortBase))];
  const text = `${pending} pending${bases.length === 1 ? ` · ${bases[0]}` : ''}`;
  return { text, tooltip };
}
