import type { Statement } from '../parse/document.js';
import type { Range } from '../parse/positions.js';
import { defineRule, type FixSpec, type RuleContext } from './types.js';
import { fileObjects, findKeyword, hasTransactionBlock, isPartitioned, statementRemoval, tokenRange, transactionBlock, eol } from './util/migration.js';

interface Options {
  assumeInTransaction: boolean;
}

/**
 * Builds the edit that adds CONCURRENTLY: a fix when nothing wraps the file in a transaction, else
 * a suggestion that also moves the statement after the block's COMMIT (CONCURRENTLY cannot run in
 * a transaction block).
 */
function concurrentlyEdits(ctx: RuleContext<Options>, st: Statement, insertAt: number, title: string): { fix?: FixSpec; suggestions?: FixSpec[] } {
  const insert = { range: { start: insertAt, end: insertAt }, newText: ' CONCURRENTLY' };
  if (!hasTransactionBlock(ctx) && !ctx.options.assumeInTransaction) return { fix: { title, edits: [insert] } };
  const block = transactionBlock(ctx, st);
  if (!block) {
    // Outside any block of this file, but the runner wraps the file in a transaction.
    return { suggestions: [{ title: `${title} (run this migration outside a transaction)`, edits: [insert] }] };
  }
  if (!block.end) return {};
  const text = ctx.file.parsed.text;
  const moved = text.slice(st.range.start, insertAt) + ' CONCURRENTLY' + text.slice(insertAt, st.range.end) + ';';
  return {
    suggestions: [
      {
        title: `${title} and move the statement after the COMMIT (CONCURRENTLY cannot run inside a transaction block)`,
        edits: [
          { range: statementRemoval(text, st), newText: '' },
          { range: { start: block.end.end, end: block.end.end }, newText: eol(text) + moved },
        ],
      },
    ],
  };
}

export const requireConcurrentIndex = defineRule<Options>({
  id: 'require-concurrent-index',
  meta: {
    description: 'Require CONCURRENTLY when creating or dropping an index on an existing table.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      createIndex:
        'CREATE INDEX on existing table "{{table}}" without CONCURRENTLY takes a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits until the index is built, minutes on a large table. Use CREATE INDEX CONCURRENTLY, outside a transaction block.',
      dropIndex:
        'DROP INDEX "{{index}}" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {{table}}: reads and writes queue behind it, and behind any long query it waits for. Use DROP INDEX CONCURRENTLY (one index per statement, no CASCADE), outside a transaction block.',
      partitioned:
        'CREATE INDEX on partitioned table "{{table}}" builds the index on every partition while blocking writes to them, and CONCURRENTLY is not supported on a partitioned table. Create it with ON ONLY "{{table}}", build each partition\'s index with CREATE INDEX CONCURRENTLY, then ALTER INDEX … ATTACH PARTITION each one.',
    },
    defaultOptions: { assumeInTransaction: false },
    schema: {
      type: 'object',
      properties: {
        assumeInTransaction: {
          type: 'boolean',
          description:
            'The migration runner wraps every file in a transaction (as Rails, Django and Diesel do by default): adding CONCURRENTLY is then offered as a suggestion, not a fix, because the migration must also be configured to run outside a transaction.',
        },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    for (const { fact, statement } of ctx.facts('createIndex')) {
      // ON ONLY parent (pg_dump's way of indexing a partitioned table) cannot be CONCURRENTLY and
      // builds nothing: the partitions' indexes are attached afterwards.
      if (fact.concurrently || fact.only || objects.isNewTable(statement, fact.table)) continue;
      const kw = findKeyword(ctx, statement, ['INDEX']);
      if (kw < 0) continue;
      const range: Range = { start: statement.range.start, end: tokenRange(ctx, kw).end };
      const table = fact.table.name;
      if (isPartitioned(ctx, statement, fact.table)) {
        ctx.report({ messageId: 'partitioned', data: { table }, range });
        continue;
      }
      ctx.report({ messageId: 'createIndex', data: { table }, range, ...concurrentlyEdits(ctx, statement, range.end, 'Create the index CONCURRENTLY') });
    }
    for (const { fact, statement } of ctx.facts('drop')) {
      if (fact.objectKind !== 'index' || fact.concurrently) continue;
      // The first index whose table existed before this file (an unknown index counts as on an existing table).
      let hit: { index: string; table: string } | undefined;
      for (const n of fact.names) {
        const table = objects.indexTable(statement, n);
        if (table && objects.isNewTable(statement, table)) continue;
        hit = { index: n.name, table: table ? `table "${table.name}"` : 'its table' };
        break;
      }
      if (!hit) continue;
      const kw = findKeyword(ctx, statement, ['INDEX']);
      if (kw < 0) continue;
      const range: Range = { start: statement.range.start, end: tokenRange(ctx, kw).end };
      // DROP INDEX CONCURRENTLY drops one index and does not support CASCADE.
      const edits = fact.names.length === 1 && !fact.cascade ? concurrentlyEdits(ctx, statement, range.end, 'Drop the index CONCURRENTLY') : {};
      ctx.report({ messageId: 'dropIndex', data: hit, range, ...edits });
    }
  },
});
