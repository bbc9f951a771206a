// Adding CONCURRENTLY the way the file's migration tool allows: PostgreSQL refuses CREATE/DROP INDEX
// CONCURRENTLY inside a transaction block, and most tools wrap a file in one (or send it as one
// multi-statement query). Shared by every rule whose edit adds CONCURRENTLY.
import type { Statement } from '../../parse/document.js';
import { concurrentlyAt, ownMigration, type ConcurrentlyVerdict, type NewFile } from '../../migration-tools/index.js';
import type { FixSpec, HistoryFile, RuleContext, TextEdit } from '../types.js';
import { eol, hasTransactionBlock, statementRemoval, transactionBlock } from './migration.js';

type Ctx = RuleContext<unknown>;

/** `assumeInTransaction`, the rules' option: undefined follows the migration tool; true or false overrides it. */
export interface RunnerOverride {
  assumeInTransaction?: boolean;
}

/** The verdict for `statement` (or a statement appended at the end), with the rule's override applied. */
export function concurrentlyVerdict(file: HistoryFile, statement: Statement | undefined, override?: boolean): ConcurrentlyVerdict {
  const v = concurrentlyAt(file, statement);
  if (override === undefined || v.reason === 'block') return v;
  if (override === false) return { allowed: true, toolName: v.toolName };
  // The runner wraps every file: the tool's own opt-out still applies when the tool is known.
  return v.allowed ? { allowed: false, reason: 'tool', toolName: v.toolName } : v;
}

/** An absolute path for a file the model names relative to the project root. */
function absolutePath(file: HistoryFile, relPath: string): string | undefined {
  const sep = file.path.includes('\\') && !file.path.includes('/') ? '\\' : '/';
  const own = file.relPath.split('/').join(sep);
  if (!file.path.endsWith(own)) return undefined;
  return file.path.slice(0, file.path.length - own.length) + relPath.split('/').join(sep);
}

/** The model's new files (relative paths) as a fix's newFiles (absolute); undefined when a path cannot be placed. */
export function toNewFiles(file: HistoryFile, files: readonly NewFile[]): FixSpec['newFiles'] | undefined {
  const out: NonNullable<FixSpec['newFiles']> = [];
  for (const f of files) {
    const abs = absolutePath(file, f.relPath);
    if (!abs) return undefined;
    out.push({ file: abs, text: f.text });
  }
  return out;
}

/**
 * The edit that adds CONCURRENTLY at `insertAt` of `st`: a fix when the statement then runs outside
 * any transaction block the way its tool runs the file; otherwise suggestions: the tool's own opt-out
 * with the keyword, the statement moved to a new migration of its own, or moved after the COMMIT of
 * its explicit block. A file with an explicit transaction block elsewhere gets a suggestion too (its
 * runner may well wrap it).
 */
export function concurrentlyEdits(ctx: Ctx, st: Statement, insertAt: number, title: string, override?: boolean): { fix?: FixSpec; suggestions?: FixSpec[] } {
  const insert: TextEdit = { range: { start: insertAt, end: insertAt }, newText: ' CONCURRENTLY' };
  const v = concurrentlyVerdict(ctx.file, st, override);
  if (v.allowed) return hasTransactionBlock(ctx) ? { suggestions: [{ title, edits: [insert] }] } : { fix: { title, edits: [insert], ...(v.alone ? { alone: true } : {}) } };
  const text = ctx.file.parsed.text;
  const moved = text.slice(st.range.start, insertAt) + ' CONCURRENTLY' + text.slice(insertAt, st.range.end) + ';';
  const suggestions: FixSpec[] = [];
  const block = transactionBlock(ctx, st);
  if (v.reason === 'block' && block) {
    if (!block.end) return {};
    // After the COMMIT helps only when nothing else wraps the file (a statement appended there would run alone).
    if (concurrentlyVerdict(ctx.file, undefined, override).allowed) {
      suggestions.push({
        title: `${title} and move the statement after the COMMIT (CONCURRENTLY cannot run inside a transaction block)`,
        edits: [
          { range: statementRemoval(text, st), newText: '' },
          { range: { start: block.end.end, end: block.end.end }, newText: eol(text) + moved },
        ],
      });
    }
  }
  if (v.optOut) {
    const newFiles = toNewFiles(ctx.file, v.optOut.newFiles);
    if (newFiles) suggestions.push({ title: `${title} and ${v.optOut.title} (${v.toolName} then runs ${v.optOut.wholeFile ? 'the whole file' : 'it'} outside a transaction)`, edits: [...v.optOut.edits, insert], ...(newFiles.length ? { newFiles } : {}) });
  }
  // A down migration's statement has no place in a new forward migration.
  const own = ctx.file.isDown ? undefined : ownMigration(ctx.file, ctx.history, moved);
  const newFiles = own && toNewFiles(ctx.file, own);
  if (own && newFiles) {
    suggestions.push({ title: `${title} in a new migration of its own, ${own[0]!.relPath} (${v.toolName} runs it outside a transaction)`, edits: [{ range: statementRemoval(text, st), newText: '' }], newFiles });
  }
  if (!suggestions.length && v.reason === 'tool' && override && ctx.file.run.tool === 'plain') {
    // The configured runner's opt-out is unknown here: the keyword alone, to go with it.
    suggestions.push({ title: `${title} (run this migration outside a transaction)`, edits: [insert] });
  }
  return suggestions.length ? { suggestions } : {};
}
