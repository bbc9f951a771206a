import type { Statement } from '../parse/document.js';
import type { QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { defineRule, type FixSpec } from './types.js';
import { eol, fileObjects, findKeyword, statementRemoval, tokenRange, transactionBlock } from './util/migration.js';

interface Options {
  assumeInTransaction: boolean;
}

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
    },
    defaultOptions: { assumeInTransaction: false },
    schema: {
      type: 'object',
      properties: {
        assumeInTransaction: {
          type: 'boolean',
          description: 'The migration runner wraps every file in a transaction (Rails, Django and Diesel do by default): CONCURRENTLY is reported anywhere in the file unless the runner is told otherwise.',
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
      const block = transactionBlock(ctx, statement);
      if (!block && !ctx.options.assumeInTransaction) return;
      const kw = findKeyword(ctx, statement, ['CONCURRENTLY']);
      if (kw < 0) return;
      const range = tokenRange(ctx, kw);
      const removeKeyword = { range: dropKeyword(text, range), newText: '' };
      // On a table created earlier in the same file there is nothing to protect: dropping the
      // keyword is the right edit and keeps the statement in its transaction.
      if (table && objects.isNewTable(statement, table)) {
        ctx.report({
          messageId: block ? 'inTransaction' : 'runnerTransaction',
          data: { command },
          range,
          fix: { title: `Remove CONCURRENTLY (table "${table.name}" is created in this migration)`, edits: [removeKeyword] },
        });
        return;
      }
      const suggestions: FixSpec[] = [];
      if (block?.end) {
        const moved = text.slice(statement.range.start, statement.range.end) + ';';
        suggestions.push({
          title: 'Move the statement after the COMMIT',
          edits: [
            { range: statementRemoval(text, statement), newText: '' },
            { range: { start: block.end.end, end: block.end.end }, newText: eol(text) + moved },
          ],
        });
      }
      suggestions.push({ title: 'Remove CONCURRENTLY (blocks writes to the table while the index is built)', edits: [removeKeyword] });
      ctx.report({ messageId: block ? 'inTransaction' : 'runnerTransaction', data: { command }, range, suggestions });
    };
    for (const { fact, statement } of ctx.facts('createIndex')) if (fact.concurrently) check(statement, 'CREATE INDEX', fact.table);
    for (const { fact, statement } of ctx.facts('drop')) if (fact.concurrently && fact.objectKind === 'index') check(statement, 'DROP INDEX', undefined);
    for (const { fact, statement } of ctx.facts('reindex')) if (fact.concurrently) check(statement, 'REINDEX', fact.objectKind === 'table' ? fact.name : undefined);
  },
});
