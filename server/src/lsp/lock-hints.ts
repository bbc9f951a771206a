// Lock hints: an inlay hint at the end of the first line of each statement that locks an existing
// table stronger than RowExclusiveLock ("AccessExclusiveLock on users · blocks reads and writes ·
// rewrites the table"), whose tooltip, like a hover on the statement's command, gives the whole
// explanation. Read from the lock model of the file's last lint (no parse, no lint of its own: the
// diagnostics pull of the same version already computed it); the tooltip is built only when the
// client resolves the hint (inlayHint/resolve), so a keystroke costs the labels alone.
// Setting `sqlSchemaLint.lockHints`.
import { MarkupKind, type Connection, type Hover, type InlayHint, type InlayHintParams, type TextDocumentPositionParams } from 'vscode-languageserver';
import type { FileLocks, LockedRelation, ParsedFile, StatementLocks } from '../engine/index.js';
import { hintLabel, hintRelations, lockHover, type SizeOf } from '../engine/locks/describe.js';
import { uriToPath, type Project, type Workspace } from './workspace.js';

/** What a hint carries to inlayHint/resolve: its statement, checked against the text it was made for. */
interface HintData {
  uri: string;
  statement: number;
  start: number;
}

/** After a change elsewhere in the project, how long to wait before asking the client for fresh hints. */
const REFRESH_DELAY_MS = 400;

export class LockHints {
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    /** The client accepts `workspace/inlayHint/refresh`. */
    private readonly canRefresh: boolean,
  ) {}

  /** The file's lock model and parse for its current text, when lock hints are on for its project. */
  private locksOf(uri: string): { project: Project; locks: FileLocks; parsed: ParsedFile; sizeOf: SizeOf } | undefined {
    const file = uriToPath(uri);
    const project = this.workspace.projectOfPath(file);
    if (!project || project.settings.lockHints === 'off' || !project.settings.enable) return undefined;
    const outcome = this.workspace.lintFile(project, file);
    if (!outcome.locks || !outcome.parsed) return undefined;
    const stats = project.config.tableStats;
    const sizeOf: SizeOf = (r: LockedRelation) => stats?.tables.get(r.key);
    return { project, locks: outcome.locks, parsed: outcome.parsed, sizeOf };
  }

  provide(params: InlayHintParams): InlayHint[] {
    const ctx = this.locksOf(params.textDocument.uri);
    if (!ctx) return [];
    const { parsed } = ctx;
    const from = parsed.lines.offsetAt(params.range.start);
    const to = parsed.lines.offsetAt(params.range.end);
    const hints: InlayHint[] = [];
    for (const entry of ctx.locks.statements) {
      const st = entry.statement;
      if (st.range.end < from || st.range.start > to || !hintRelations(entry).length) continue;
      const label = hintLabel(entry, ctx.sizeOf);
      if (!label) continue;
      const data: HintData = { uri: params.textDocument.uri, statement: st.index, start: st.range.start };
      hints.push({ position: parsed.lines.positionAt(firstLineEnd(parsed, entry)), label, paddingLeft: true, data });
    }
    return hints;
  }

  /** inlayHint/resolve: the tooltip, for the file's current lint (nothing when the text moved on). */
  resolve(hint: InlayHint): InlayHint {
    const data = hint.data as HintData | undefined;
    const ctx = data && this.locksOf(data.uri);
    const entry = ctx?.locks.statements[data!.statement];
    if (!ctx || !entry || entry.statement.range.start !== data!.start) return hint;
    return { ...hint, tooltip: { kind: MarkupKind.Markdown, value: lockHover(entry, ctx.locks, ctx.parsed, ctx.sizeOf) } };
  }

  /** Hover on the command words (ALTER TABLE, CREATE INDEX, …) of a statement that has a lock hint. */
  hover(params: TextDocumentPositionParams): Hover | null {
    const ctx = this.locksOf(params.textDocument.uri);
    if (!ctx) return null;
    const { parsed } = ctx;
    const offset = parsed.lines.offsetAt(params.position);
    const entry = ctx.locks.statements.find((e) => e.statement.range.start <= offset && offset <= e.statement.range.end);
    if (!entry || !hintRelations(entry).length) return null;
    const t = parsed.tokens;
    const first = t.indexAt(entry.statement.range.start);
    const head = { start: t.at(first)!.start, end: t.at(Math.min(first + 1, t.indexAt(entry.statement.range.end) - 1))?.end ?? t.at(first)!.end };
    if (offset < head.start || offset > head.end) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: lockHover(entry, ctx.locks, parsed, ctx.sizeOf) },
      range: { start: parsed.lines.positionAt(head.start), end: parsed.lines.positionAt(head.end) },
    };
  }

  /** A project changed: hints of its other open files may change too (a table became new or existing). */
  projectChanged(): void {
    if (!this.canRefresh) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.connection.languages.inlayHint.refresh().catch(() => undefined);
    }, REFRESH_DELAY_MS);
  }
}

/** The end of the statement's first line (the statement's end when it has one line). */
function firstLineEnd(parsed: ParsedFile, entry: StatementLocks): number {
  const st = entry.statement;
  const nl = parsed.text.indexOf('\n', st.range.start);
  if (nl < 0 || nl >= st.end) return st.end;
  return parsed.text[nl - 1] === '\r' ? nl - 1 : nl;
}
