// The status bar's account of pending migrations and each project's migration tool (server
// notification sqlSchemaLint/pending), as text and tooltip lines. Pure: no vscode import, so tests
// can call it.
import type { PendingParams, ProjectPending, ProjectTool } from '../../server/src/lsp/protocol.js';

export interface PendingLabel {
  /** Appended to the status bar item, e.g. "2 pending · origin/main" or "all files". */
  text: string;
  /** One or two lines per project: what is pending, and the migration tool when the server names it. */
  tooltip: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function line(p: ProjectPending): string {
  if (p.mode === 'all') return `${p.name}: reporting all ${plural(p.total, 'file')}, because ${p.reason ?? 'no base is known'}`;
  const against = p.mode === 'git' ? `against ${p.base}` : `after appliedThrough ${p.base}`;
  return `${p.name}: ${p.pending} of ${plural(p.total, 'migration')} pending ${against}; applied ones show their findings as hints while open`;
}

/** "api: migration tool prisma (detected from migration_lock.toml)": which tool's rules apply, and why, so a wrong guess can be corrected. */
function toolLine(name: string, t: ProjectTool): string {
  const share = t.files < t.total ? `; ${t.files} of ${plural(t.total, 'file')}` : '';
  if (t.source === 'config') return `${name}: migration tool ${t.id} (set in .sql-schema-lint.json${share})`;
  if (t.source === 'none') return `${name}: no migration tool detected: plain numbered files, run statement by statement (set "migrationTool" in .sql-schema-lint.json if a tool runs them)`;
  const from = t.source === 'files' ? (t.evidence?.length ? t.evidence.join(', ') : 'its files') : t.source === 'markers' ? 'markers in files' : 'the file layout';
  return `${name}: migration tool ${t.id} (detected from ${from}${share})`;
}

/** The short base name for the status bar: "origin/main (merge base …)" → "origin/main". */
function shortBase(p: ProjectPending): string {
  return p.mode === 'appliedThrough' ? `after ${p.base}` : (p.base ?? '').replace(/ \(.*\)$/, '');
}

export function pendingLabel(params: PendingParams | undefined): PendingLabel | undefined {
  const projects = params?.projects ?? [];
  if (!projects.length) return undefined;
  const tooltip = projects.flatMap((p) => [line(p), ...(p.tool ? [toolLine(p.name, p.tool)] : [])]);
  const bounded = projects.filter((p) => p.mode !== 'all');
  if (!bounded.length) return { text: 'all files', tooltip };
  const pending = projects.reduce((n, p) => n + (p.mode === 'all' ? 0 : p.pending), 0);
  const bases = [...new Set(bounded.map(shortBase))];
  const text = `${pending} pending${bases.length === 1 ? ` · ${bases[0]}` : ''}`;
  return { text, tooltip };
}
