// `sql-schema-lint explain`: what each statement of a migration locks, blocks, rewrites and scans, as a
// table per migration (text, markdown for a pull request comment or $GITHUB_STEP_SUMMARY, JSON).
// The JSON is a public contract, version 1: fields are only ever added.
import { isDownMigration, lintProject, migrationSetup, orderFiles, type ResolvedConfig, type SourceFile, type ToolFile } from '../engine/index.js';
import { blocked, blocksPhrase } from '../engine/locks/modes.js';
import { displayName } from '../engine/locks/describe.js';
import { formatSize } from '../engine/locks/table-stats.js';
import type { LockedRelation, StatementLocks } from '../engine/locks/types.js';
import { markdownCode, markdownText } from '../engine/score-markdown.js';
import type { Format } from './args.js';
import type { Io } from './main.js';

export const EXPLAIN_JSON_VERSION = 1;

export interface ExplainSelection {
  /** Files named on the command line (absolute paths); directories only add history. */
  named: ReadonlySet<string>;
  /** --all: every migration. */
  all: boolean;
  /** The pending migrations, when the run says which (--since, --changed, --staged, appliedThrough): they are what is explained. */
  pending?: ReadonlySet<string>;
}

/**
 * Which migrations to explain, in history order: --all every one; else the pending ones when the run
 * says which; else the files named on the command line, or the newest migration (the one about to be
 * deployed).
 */
export function explainedFiles(ordered: readonly SourceFile[], selection: ExplainSelection): SourceFile[] {
  const up = ordered.filter((f) => !isDownMigration(f.relPath));
  if (selection.all) return up;
  if (selection.pending) return up.filter((f) => selection.pending!.has(f.path));
  const named = up.filter((f) => selection.named.has(f.path));
  return named.length ? named : up.slice(-1);
}

interface Row {
  file: string;
  entry: StatementLocks;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function runExplain(sources: SourceFile[], config: ResolvedConfig, format: Format, selection: ExplainSelection, io: Io, display: (file: string) => string, toolFiles?: readonly ToolFile[]): number {
  // Only the replay and the lock model: every rule off (rule options that change what PostgreSQL does still apply).
  const modelOnly: ResolvedConfig = { ...config, rules: new Map([...config.rules].map(([id, s]) => [id, { ...s, severity: 'off' }])) };
  // History order as the lint orders it (the migration tool may reorder: sqitch.plan).
  const explained = explainedFiles(migrationSetup(toolFiles, config.migrationTool).order(orderFiles(sources, config)), selection);
  const result = lintProject(sources, modelOnly, { locks: true, only: new Set(explained.map((f) => f.path)), toolFiles });
  const files = result.files.filter((f) => f.linted && f.locks);
  const rows: Row[] = [];
  for (const f of files) {
    for (const entry of f.locks!.statements) {
      if (!entry.relations.length && !entry.unknown) continue;
      const start = f.parsed.lines.positionAt(entry.statement.range.start);
      const end = f.parsed.lines.positionAt(entry.statement.range.end);
      rows.push({ file: f.path, entry, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 });
    }
  }
  const sizeOf = (r: LockedRelation) => config.tableStats?.tables.get(r.key);
  const lineOf = (file: string, offset: number): number => files.find((f) => f.path === file)!.parsed.lines.positionAt(offset).line + 1;
  const held = (row: Row): string =>
    row.entry.heldUntil === 'end of transaction' ? `end of transaction${row.entry.transactionEnd ? ` (line ${lineOf(row.file, row.entry.transactionEnd.range.start)})` : ''}` : row.entry.ownTransactions ? 'end of each step' : 'end of statement';
  if (format === 'json') {
    const statements = rows.map((row) => {
      const e = row.entry;
      const out: Record<string, unknown> = {
        file: display(row.file),
        line: row.line,
        column: row.column,
        endLine: row.endLine,
        endColumn: row.endColumn,
        statement: e.command,
        locks: e.relations.map((r) => {
          const lock: Record<string, unknown> = { relation: r.key, mode: r.mode, kind: r.kind, newTable: r.newTable, rewrite: r.rewrite, scan: r.scan && !r.rewrite, blocks: blocked(r.mode) };
          if (r.viaParent) lock.partitionOf = r.viaParent;
          const size = sizeOf(r);
          if (size) lock.size = size;
          return lock;
        }),
        rewrite: e.rewrite,
        scan: e.scan,
        newTable: e.newTable,
        heldUntil: e.heldUntil,
      };
      if (e.transactionEnd) out.heldUntilLine = lineOf(row.file, e.transactionEnd.range.start);
      if (e.ownTransactions) out.ownTransactions = true;
      if (e.unknown) out.unknown = e.unknown;
      if (e.incomplete) out.incomplete = e.incomplete;
      return out;
    });
    io.stdout(JSON.stringify({ version: EXPLAIN_JSON_VERSION, files: files.map((f) => display(f.path)), statements }, null, 2) + '\n');
    return 0;
  }
  const cells = (row: Row, r: LockedRelation | undefined): string[] => {
    if (!r) return [String(row.line), row.entry.command, '', 'unknown', row.entry.unknown ?? '', '', '', held(row)];
    const size = sizeOf(r);
    const relation = `${r.kind === 'index' ? `table of index ${r.name}` : displayName(r)}${size ? ` (${formatSize(size)})` : ''}${r.viaParent ? ` (partition)` : ''}`;
    const lock = r.newTable ? `${r.mode} (new table)` : r.mode;
    return [String(row.line), row.entry.command, relation, lock, r.newTable ? 'nothing at risk' : blocksPhrase(r.mode), r.rewrite ? 'yes' : '', r.scan && !r.rewrite ? 'yes' : '', held(row)];
  };
  const header = ['line', 'statement', 'relation', 'lock', 'blocks', 'rewrite', 'scan', 'held until'];
  const out: string[] = [];
  if (format === 'markdown') out.push('## What each migration locks', '');
  for (const f of files) {
    const table: string[][] = [];
    for (const row of rows.filter((r) => r.file === f.path)) {
      const relations = row.entry.relations.length ? row.entry.relations : [undefined];
      relations.forEach((r, i) => {
        const c = cells(row, r);
        // One statement, several relations: its line and command once.
        if (i > 0) c[0] = c[1] = '';
        table.push(c);
      });
      if (row.entry.incomplete) table.push(['', '', '', 'may lock more', row.entry.incomplete, '', '', '']);
    }
    if (format === 'markdown') {
      out.push(`### ${markdownCode(display(f.path))}`, '');
      if (!table.length) out.push('No statement locks a table.', '');
      else {
        out.push(`| ${header.join(' | ')} |`, '|---:|---|---|---|---|:-:|:-:|---|');
        for (const c of table) out.push(`| ${c.map((x, i) => (i === 2 && x ? markdownCode(x) : markdownText(x))).join(' | ')} |`);
        out.push('');
      }
    } else {
      out.push(display(f.path));
      if (!table.length) out.push('  No statement locks a table.');
      else {
        const widths = header.map((h, i) => Math.max(h.length, ...table.map((c) => c[i]!.length)));
        const line = (c: string[]): string => '  ' + c.map((x, i) => (i === 0 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
        out.push(line(header), ...table.map(line));
      }
      out.push('');
    }
  }
  if (!files.length) out.push('No migration to explain.');
  io.stdout(out.join('\n') + (out.at(-1) === '' ? '' : '\n'));
  return 0;
}
