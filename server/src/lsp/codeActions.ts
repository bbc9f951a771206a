// Code actions for each diagnostic: the rule's fix (preferred), each suggestion, "Disable <rule> for this
// line", "Disable <rule> for this file" and "Show documentation for <rule>"; plus
// `source.fixAll.sql-schema-lint`, which runs the fix loop so that `editor.codeActionsOnSave` works.
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { applyEdits, MAX_FIX_PASSES, nonOverlappingFixEdits, rulesById, type ParsedFile } from '../engine/index.js';
import { docsLink } from '../node/docs.js';
import type { DiagnosticsService } from './diagnostics.js';
import type { Logger } from './log.js';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, ServerCommand, isDiagnosticData, type DiagnosticData, type FixData } from './protocol.js';
import { uriToPath, type Project, type Workspace } from './workspace.js';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface CodeActionCapabilities {
  documentChanges: boolean;
  showDocument: boolean;
  /** The client's workspace edits can create files (needed by suggestions that add a migration). */
  createFiles?: boolean;
}

/** Whether an action of `kind` was asked for (`only` lists kinds or their parents). */
function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

export class CodeActionService {
  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly diagnostics: DiagnosticsService,
    private readonly log: Logger,
    private readonly caps: CodeActionCapabilities,
  ) {}

  /** Set by the server: an applied migration (lsp/pending.ts). */
  isApplied?: (project: Project, file: string) => boolean;

  provide(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const file = uriToPath(uri);
    const project = this.workspace.projectOfPath(file);
    const state = project?.files.get(file);
    if (!project || !state || !project.settings.enable) return [];
    const parsed = this.workspace.parse(state);
    if (!parsed) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wanted(only, CodeActionKind.QuickFix)) {
      const disabledLine = new Set<string>();
      const disabledFile = new Set<string>();
      const docs = new Set<string>();
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
      for (const d of ours) {
        const ruleId = d.code as string;
        const data = this.dataFor(project, file, d);
        if (data?.fix) actions.push(this.fixAction(data.fix, d, project, true));
        // A suggestion that creates files is offered only to clients that can create them (never half of it).
        for (const s of data?.suggestions ?? []) if (!s.newFiles?.length || (this.caps.documentChanges && this.caps.createFiles)) actions.push(this.fixAction(s, d, project, false));
        // invalid-directive cannot be disabled by a directive; an unknown rule id has no docs.
        if (!rulesById.has(ruleId) || ruleId === 'invalid-directive') continue;
        const lineKey = `${ruleId}:${d.range.start.line}`;
        if (!disabledLine.has(lineKey)) {
          disabledLine.add(lineKey);
          const edit = disableLineEdit(parsed, d.range.start.line, ruleId);
          if (edit) actions.push({ title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: this.edit(project, new Map([[uri, [edit]]])) });
        }
        if (!disabledFile.has(ruleId)) {
          disabledFile.add(ruleId);
          actions.push({ title: `Disable ${ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: this.edit(project, new Map([[uri, [disableFileEdit(parsed, ruleId)]]])) });
        }
        if (!docs.has(ruleId)) {
          docs.add(ruleId);
          actions.push({ title: `Show documentation for ${ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: `Show documentation for ${ruleId}`, command: ServerCommand.showDocumentation, arguments: [ruleId] } });
        }
      }
    }
    // Fix-all on save never rewrites an applied migration; its quick fixes stay one explicit click away.
    if (only && wanted(only, FIX_ALL_KIND) && !this.isApplied?.(project, file)) {
      const edit = this.fixAllEdit(project, file);
      if (edit) actions.push({ title: 'Fix all auto-fixable SQL Schema Lint problems', kind: FIX_ALL_KIND, edit: edit.edit });
    }
    return actions;
  }

  /** The diagnostic's data; recomputed when the document changed since it was computed. */
  private dataFor(project: Project, file: string, d: Diagnostic): DiagnosticData | undefined {
    const state = project.files.get(file);
    const data = isDiagnosticData(d.data) ? d.data : undefined;
    const current = state?.open?.version ?? null;
    if (data && data.version === current) return data;
    const fresh = this.diagnostics.compute(project, file).diagnostics.find(
      (x) =>
        x.code === d.code &&
        x.range.start.line === d.range.start.line &&
        x.range.start.character === d.range.start.character &&
        x.range.end.line === d.range.end.line &&
        x.range.end.character === d.range.end.character,
    );
    return isDiagnosticData(fresh?.data) ? fresh.data : undefined;
  }

  private fixAction(fix: FixData, d: Diagnostic, project: Project, preferred: boolean): CodeAction {
    const byUri = new Map<string, TextEdit[]>();
    for (const e of fix.edits) {
      const list = byUri.get(e.uri) ?? [];
      list.push({ range: e.range, newText: e.newText });
      byUri.set(e.uri, list);
    }
    const edit = this.edit(project, byUri);
    if (fix.newFiles?.length && edit.documentChanges) {
      // The new files first (an existing file of that name is left alone: the edit then fails as a whole).
      edit.documentChanges = [
        ...fix.newFiles.flatMap((f) => [CreateFile.create(f.uri, { overwrite: false, ignoreIfExists: false }), TextDocumentEdit.create({ uri: f.uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, f.text)])]),
        ...edit.documentChanges,
      ];
    }
    const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
    if (preferred) action.isPreferred = true;
    return action;
  }

  /** A workspace edit, versioned for open documents when the client supports it (a stale edit is refused, not misapplied). */
  private edit(project: Project, byUri: Map<string, TextEdit[]>): WorkspaceEdit {
    if (!this.caps.documentChanges) return { changes: Object.fromEntries(byUri) };
    return {
      documentChanges: [...byUri].map(([uri, edits]) => {
        const version = project.files.get(uriToPath(uri))?.open?.version ?? null;
        return TextDocumentEdit.create({ uri, version }, edits);
      }),
    };
  }

  /** Every safe fix of the file, through the fix loop (up to MAX_FIX_PASSES passes), as one minimal edit. */
  fixAllEdit(project: Project, file: string): { edit: WorkspaceEdit; fixes: number } | undefined {
    const state = project.files.get(file);
    const original = state?.open?.text ?? state?.diskText;
    if (!state || original === undefined) return undefined;
    let text = original;
    let fixes = 0;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const findings = pass === 0 ? this.workspace.lintFile(project, file).findings : this.workspace.lintWithText(project, file, text);
      const fixable = findings.filter((f) => f.fix);
      const edits = nonOverlappingFixEdits(fixable, file);
      if (!edits.length) break;
      const next = applyEdits(text, edits);
      if (next === text) break;
      fixes += fixable.filter((f) => f.fix!.edits.every((e) => edits.includes(e))).length;
      text = next;
    }
    if (text === original) return undefined;
    const parsed = this.workspace.parse(state)!;
    return { edit: this.edit(project, new Map([[state.uri, [minimalEdit(parsed, original, text)]]])), fixes };
  }

  async execute(params: ExecuteCommandParams): Promise<unknown> {
    const args = params.arguments ?? [];
    if (params.command === ServerCommand.showDocumentation) {
      const ruleId = String(args[0] ?? '');
      if (!rulesById.has(ruleId)) return { shown: false };
      // The installed page opens in the editor (VS Code's client shows it as a Markdown preview instead,
      // client/src/docs.ts); only the web fallback goes to a browser.
      const uri = docsLink(ruleId);
      if (this.caps.showDocument) {
        const r = await this.connection.window.showDocument(uri.startsWith('file:') ? { uri, takeFocus: true } : { uri, external: true });
        return { shown: r.success };
      }
      void this.connection.window.showInformationMessage(`Documentation for ${ruleId}: ${uri}`);
      return { shown: true };
    }
    if (params.command === ServerCommand.applyFixAll) {
      const uri = String(args[0] ?? '');
      const file = uriToPath(uri);
      const project = this.workspace.projectOfPath(file);
      if (!project) return { applied: false, fixes: 0 };
      const version = typeof args[1] === 'number' ? args[1] : undefined;
      const state = project.files.get(file);
      if (version !== undefined && state?.open && state.open.version !== version) return { applied: false, fixes: 0, reason: 'the document changed' };
      const r = this.fixAllEdit(project, file);
      if (!r) return { applied: true, fixes: 0 };
      const applied = await this.connection.workspace.applyEdit({ label: 'Fix all SQL Schema Lint problems', edit: r.edit });
      return { applied: applied.applied, fixes: r.fixes };
    }
    this.log.warn(`Unknown command ${params.command}`);
    return undefined;
  }
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Inserts `-- sql-schema-lint-disable-next-line <rule>` above `line`, with its indentation (or extends such a directive). */
export function disableLineEdit(parsed: ParsedFile, line: number, ruleId: string): TextEdit | undefined {
  const lineStart = parsed.lines.lineStart(line);
  // A line that starts inside a string, a dollar-quoted body or a block comment cannot take a comment above it.
  const ti = parsed.tokens.indexAt(lineStart);
  const t = parsed.tokens.at(ti);
  if (t && t.start < lineStart && t.end > lineStart) return undefined;
  if (parsed.comments.some((c) => c.range.start < lineStart && c.range.end > lineStart)) return undefined;
  const existing = parsed.directives.find((d) => d.kind === 'disable-next-line' && d.line === line && d.rules.length > 0);
  if (existing) {
    const last = existing.rules[existing.rules.length - 1]!;
    const at = parsed.lines.positionAt(last.range.end);
    return { range: { start: at, end: at }, newText: `, ${ruleId}` };
  }
  const indent = /^[ \t]*/.exec(parsed.lines.lineText(line))![0];
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}-- sql-schema-lint-disable-next-line ${ruleId}${lineBreakOf(parsed.text)}` };
}

/** Inserts `-- sql-schema-lint-disable <rule>` at the top of the file (or extends such a directive there). */
export function disableFileEdit(parsed: ParsedFile, ruleId: string): TextEdit {
  const firstStatement = parsed.statements[0]?.range.start ?? parsed.text.length;
  const existing = parsed.directives.find((d) => d.kind === 'disable' && d.rules.length > 0 && d.range.end <= firstStatement);
  if (existing) {
    const at = parsed.lines.positionAt(existing.rules[existing.rules.length - 1]!.range.end);
    return { range: { start: at, end: at }, newText: `, ${ruleId}` };
  }
  const top = { line: 0, character: 0 };
  return { range: { start: top, end: top }, newText: `-- sql-schema-lint-disable ${ruleId}${lineBreakOf(parsed.text)}` };
}

/** One edit replacing only the part of `before` that differs from `after` (keeps the cursor and undo small). */
export function minimalEdit(parsed: ParsedFile, before: string, after: string): TextEdit {
  let p = 0;
  const min = Math.min(before.length, after.length);
  while (p < min && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return {
    range: { start: parsed.lines.positionAt(p), end: parsed.lines.positionAt(before.length - s) },
    newText: after.slice(p, after.length - s),
  };
}
