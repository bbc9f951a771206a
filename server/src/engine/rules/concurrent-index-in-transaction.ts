import type { Statement } from '../parse/document.js';
import type { QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { ownMigration } from '../migration-tools/index.js';
import { defineRule, type FixSpec } from './types.js';
import { concurrentlyVerdict, toNewFiles } from './util/concurrently.js';
import { eol, fileObjects, findKeyword, statementRemoval, tokenRange, transactionBlock } from './util/migration.js';

interface Options {
  /** Undefined: follow the migration tool (docs/migration-tools.md). */
  assumeInTransaction?: boolean;
}

/** How the tool puts the statement in a transaction, for the message. */
const HOW = {
  tool: 'it runs each migration in a transaction',
  implicit: 'it sends the migration to PostgreSQL as one multi-statement query or batch, which runs as one implicit transaction',
  block: 'it sends the statement block as one query, which runs as one implicit transaction',
};

/** Removes the CONCURRENTLY keyword and the blank before it. */
function dropKeyword(text: string, kw: Range): Range {
  let start = kw.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: kw.end };
}

export const concurrentIndexInTransaction = defineRule<Options>({
  id: 'concurrent-index-in-transaction',
  meta: {
    description: 'Disallow CREATE INDEX, DROP INDEX and REINDEX CONCURRENTLY inside a transaction block.',
    category: 'migration safety',
    defaultSeverity: 'error',
    messages: {
      inTransaction:
        '{{command}} CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects it ("cannot run inside a transaction block"), so this migration fails and rolls back. Move the statement out of the BEGIN … COMMIT block (into its own migration if your tool wraps each file in a transaction).',
      runnerTransaction:
        '{{command}} CONCURRENTLY cannot run inside a transaction block, and the migration runner is configured to wrap this file in one (option assumeInTransaction): the migration fails. Put the statement in its own migration that runs outside a transaction.',
      toolTransaction:
        '{{command}} CONCURRENTLY cannot run inside a transaction block, and {{tool}} puts it in one ({{how}}): the migration fails and rolls back. {{remedy}}',
    },
    defaultOptions: {},
    schema: {
      type: 'object',
      properties: {
        assumeInTransaction: {
          type: 'boolean',
          description:
            'Overrides what the migration tool is known to do (docs/migration-tools.md): true when your runner wraps every file in a transaction (Rails, Django), so CONCURRENTLY is reported anywhere in the file; false when it never does. Unset (the default), the detected tool decides.',
        },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const text = ctx.file.parsed.text;
    const check = (statement: Statement, command: string, table: QualifiedName | undefined): void => {
      const verdict = concurrentlyVerdict(ctx.file, statement, ctx.options.assumeInTransaction);
      if (verdict.allowed) return;
      const block = transactionBlock(ctx, statement);
      const kw = findKeyword(ctx, statement, ['CONCURRENTLY']);
      if (kw < 0) return;
      const range = tokenRange(ctx, kw);
      const removeKeyword = { range: dropKeyword(text, range), newText: '' };
      const configured = !block && ctx.options.assumeInTransaction === true && ctx.file.run.tool === 'plain';
      const own = !block && !ctx.file.isDown ? ownMigration(ctx.file, ctx.history, text.slice(statement.range.start, statement.range.end) + ';') : undefined;
      const remedy = verdict.optOut
        ? `Move it to a migration of its own, or ${verdict.optOut.title}.`
        : own
          ? 'Move it to a migration of its own.'
          : ctx.file.run.tool === 'supabase'
            ? 'The Supabase CLI cannot run it outside a transaction: run it outside the CLI (psql), or remove CONCURRENTLY.'
            : 'Run it outside the migration tool, or remove CONCURRENTLY.';
      const report: { messageId: string; data: Record<string, string> } = block
        ? { messageId: 'inTransaction', data: { command } }
        : configured
          ? { messageId: 'runnerTransaction', data: { command } }
          : { messageId: 'toolTransaction', data: { command, tool: verdict.toolName, how: HOW[verdict.reason ?? 'tool'], remedy } };
      // On a table created earlier in the same file there is nothing to protect: dropping the
      // keyword is the right edit and keeps the statement in its transaction.
      if (table && objects.isNewTable(statement, table)) {
        ctx.report({ ...report, range, fix: { title: `Remove CONCURRENTLY (table "${table.name}" is created in this migration)`, edits: [removeKeyword] } });
        return;
      }
      const suggestions: FixSpec[] = [];
      if (block?.end && concurrentlyVerdict(ctx.file, undefined, ctx.options.assumeInTransaction).allowed) {
        const moved = text.slice(statement.range.start, statement.range.end) + ';';
        suggestions.push({
          title: 'Move the statement after the COMMIT',
          edits: [
            { range: statementRemoval(text, statement), newText: '' },
            { range: { start: block.end.end, end: block.end.end }, newText: eol(text) + moved },
          ],
        });
      }
      const optOutFiles = verdict.optOut && toNewFiles(ctx.file, verdict.optOut.newFiles);
      if (verdict.optOut && optOutFiles) {
        suggestions.push({
          title: `${verdict.optOut.title[0]!.toUpperCase()}${verdict.optOut.title.slice(1)} (${verdict.toolName} then runs ${verdict.optOut.wholeFile ? 'the whole file' : 'it'} outside a transaction)`,
          edits: [...verdict.optOut.edits],
          ...(optOutFiles.length ? { newFiles: optOutFiles } : {}),
        });
      }
      const ownFiles = own && toNewFiles(ctx.file, own);
      if (own && ownFiles) suggestions.push({ title: `Move the statement to a new migration of its own, ${own[0]!.relPath}`, edits: [{ range: statementRemoval(text, statement), newText: '' }], newFiles: ownFiles });
      suggestions.push({ title: 'Remove CONCURRENTLY (blocks writes to the table while the index is built)', edits: [removeKeyword] });
      ctx.report({ ...report, range, suggestions });
    };
    for (const { fact, statement } of ctx.facts('createIndex')) if (fact.concurrently) check(statement, 'CREATE INDEX', fact.table);
    for (const { fact, statement } of ctx.facts('drop')) if (fact.concurrently && fact.objectKind === 'index') check(statement, 'DROP INDEX', undefined);
    for (const { fact, statement } of ctx.facts('reindex')) if (fact.concurrently) check(statement, 'REINDEX', fact.objectKind === 'table' ? fact.name : undefined);
  },
});
