import type { Range } from '../parse/positions.js';
import { defineRule } from './types.js';
import { concurrentlyEdits } from './util/concurrently.js';
import { tableKey } from '../model/schema.js';
import { findKeyword, tokenRange } from './util/migration.js';

interface Options {
  /** Undefined: follow the migration tool (docs/migration-tools.md). */
  assumeInTransaction?: boolean;
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
      dropPartitioned:
        'DROP INDEX "{{index}}" on partitioned {{table}} takes an ACCESS EXCLUSIVE lock on the table and every partition, and PostgreSQL cannot drop a partitioned index CONCURRENTLY. Run it at a quiet time with a short lock_timeout, or detach the partitions and drop their indexes CONCURRENTLY one by one before dropping the parent\'s.',
      partitioned:
        'CREATE INDEX on partitioned table "{{table}}" builds the index on every partition while blocking writes to them, and CONCURRENTLY is not supported on a partitioned table. Create it with ON ONLY "{{table}}", build each partition\'s index with CREATE INDEX CONCURRENTLY, then ALTER INDEX … ATTACH PARTITION each one.',
    },
    defaultOptions: {},
    schema: {
      type: 'object',
      properties: {
        assumeInTransaction: {
          type: 'boolean',
          description:
            'Overrides what the migration tool is known to do (docs/migration-tools.md): true when your runner wraps every file in a transaction (Rails, Django), false when it never does. Unset (the default), the detected tool decides; where the runner wraps the file, adding CONCURRENTLY is a suggestion with the tool\'s own opt-out, not a fix.',
        },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
    readsLocks: true,
  },
  check(ctx) {
    // Which statements lock an existing table, and whether it is partitioned, is the lock model's answer.
    const locks = ctx.locks();
    for (const { fact, statement } of ctx.facts('createIndex')) {
      // ON ONLY parent (pg_dump's way of indexing a partitioned table) cannot be CONCURRENTLY and
      // builds nothing: the partitions' indexes are attached afterwards.
      if (fact.concurrently || fact.only) continue;
      const locked = locks.of(statement).relations.find((r) => r.key === tableKey(fact.table.schema, fact.table.name));
      if (!locked || locked.newTable) continue;
      const kw = findKeyword(ctx, statement, ['INDEX']);
      if (kw < 0) continue;
      const range: Range = { start: statement.range.start, end: tokenRange(ctx, kw).end };
      const table = fact.table.name;
      if (locked.kind === 'partitionedTable') {
        ctx.report({ messageId: 'partitioned', data: { table }, range, tableAtRisk: fact.table });
        continue;
      }
      ctx.report({ messageId: 'createIndex', data: { table }, range, tableAtRisk: fact.table, ...concurrentlyEdits(ctx, statement, range.end, 'Create the index CONCURRENTLY', ctx.options.assumeInTransaction) });
    }
    for (const { fact, statement } of ctx.facts('drop')) {
      if (fact.objectKind !== 'index' || fact.concurrently) continue;
      // The first index whose table existed before this file (an unknown index counts as on an existing table).
      let hit: { index: string; table: string } | undefined;
      let partitioned = false;
      const relations = locks.of(statement).relations;
      for (const n of fact.names) {
        const locked = relations.find((r) => !r.viaParent && r.causes.some((c) => c.what === 'DROP INDEX' && c.index === n.name));
        if (!locked || locked.newTable) continue;
        hit = { index: n.name, table: locked.kind === 'index' ? 'its table' : `table "${locked.name}"` };
        partitioned = locked.kind === 'partitionedTable';
        break;
      }
      if (!hit) continue;
      const kw = findKeyword(ctx, statement, ['INDEX']);
      if (kw < 0) continue;
      const range: Range = { start: statement.range.start, end: tokenRange(ctx, kw).end };
      if (partitioned) {
        ctx.report({ messageId: 'dropPartitioned', data: hit, range });
        continue;
      }
      // DROP INDEX CONCURRENTLY drops one index and does not support CASCADE.
      const edits = fact.names.length === 1 && !fact.cascade ? concurrentlyEdits(ctx, statement, range.end, 'Drop the index CONCURRENTLY', ctx.options.assumeInTransaction) : {};
      ctx.report({ messageId: 'dropIndex', data: hit, range, ...edits });
    }
  },
});
