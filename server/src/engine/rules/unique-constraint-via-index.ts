import { constraintSuffix, generatedName } from '../model/names.js';
import { defineRule, type FixSpec } from './types.js';
import { eol, fileObjects, isPartitioned, lineStartBefore, quoteIdent, transactionBlock } from './util/migration.js';
import { concurrentlyVerdict, toNewFiles } from './util/concurrently.js';

export const uniqueConstraintViaIndex = defineRule<Record<string, never>>({
  id: 'unique-constraint-via-index',
  meta: {
    description: 'Require UNIQUE and PRIMARY KEY constraints on existing tables to be added USING INDEX of an index built concurrently.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      build:
        'Adding {{kind}} constraint {{name}} to existing table "{{table}}" builds its unique index while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build. Create the index first with CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint with {{kind}} USING INDEX, which only takes the lock briefly.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
    readsLocks: true,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const locks = ctx.locks();
    const text = ctx.file.parsed.text;
    const nl = eol(text);
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      // Neither CREATE INDEX CONCURRENTLY nor ADD CONSTRAINT … USING INDEX works on a partitioned table.
      if (isPartitioned(ctx, statement, fact.table)) continue;
      const causes = locks.of(statement).relations.flatMap((r) => r.causes);
      for (const a of fact.actions) {
        if (a.type !== 'addConstraint') continue;
        const c = a.constraint;
        // The lock model: the constraint builds its index under the statement's lock (not USING INDEX).
        const scan = causes.find((x) => x.action === a)?.scan;
        if ((c.kind !== 'unique' && c.kind !== 'primaryKey') || scan?.kind !== 'buildIndex') continue;
        const kind = c.kind === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
        const name = c.name ? text.slice(c.name.range.start, c.name.range.end) : quoteIdent(generatedName(fact.table.name, c.kind === 'primaryKey' ? [] : c.columns, constraintSuffix(c.kind)));
        const suggestions: FixSpec[] = [];
        // The constraint as written after its kind keyword: "(a, b) [INCLUDE (c)] [constraint attributes]".
        const own = text.slice(c.range.start, c.range.end);
        const m = /^(?:CONSTRAINT\s+(?:"(?:[^"]|"")+"|\S+)\s+)?(UNIQUE|PRIMARY\s+KEY)\s*(\((?:[^()"]|"(?:[^"]|"")*")*\))\s*(INCLUDE\s*\((?:[^()"]|"(?:[^"]|"")*")*\))?\s*((?:(?:NOT\s+)?DEFERRABLE|INITIALLY\s+(?:DEFERRED|IMMEDIATE)|\s)*)$/i.exec(own);
        // The index is one more statement in the file: its tool must let it run outside a transaction
        // (an explicit block is stepped out of: the index goes before its BEGIN).
        const verdict = concurrentlyVerdict(ctx.file, undefined);
        const optOut = verdict.allowed || verdict.reason === 'block' ? undefined : verdict.optOut;
        const newFiles = optOut && toNewFiles(ctx.file, optOut.newFiles);
        const runnable = verdict.allowed || verdict.reason === 'block' || !!newFiles;
        if (m && runnable) {
          const tableSql = text.slice(fact.table.range.start, fact.table.range.end);
          const include = m[3] ? ` ${m[3]}` : '';
          const attributes = m[4]!.trim() ? ` ${m[4]!.trim()}` : '';
          const create = `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${tableSql} ${m[2]}${include};`;
          // The index must be built outside the transaction block: before its BEGIN.
          const block = transactionBlock(ctx, statement);
          const anchor = block ? block.begin : statement;
          const at = lineStartBefore(text, anchor.range.start);
          const ownStart = c.name ? c.name.range.end + text.slice(c.name.range.end).search(/UNIQUE|PRIMARY/i) : c.range.start;
          suggestions.push({
            title: `Build the index with CREATE UNIQUE INDEX CONCURRENTLY first, then add the constraint USING INDEX${optOut ? `, and ${optOut.title}` : ''}`,
            edits: [
              // The opt-out first: Atlas' directive and a statement inserted at the top of the file share an offset.
              ...(optOut?.edits ?? []),
              { range: { start: at, end: at }, newText: create + nl },
              { range: { start: ownStart, end: c.range.end }, newText: `${kind} USING INDEX ${name}${attributes}` },
            ],
            ...(newFiles?.length ? { newFiles } : {}),
          });
        }
        ctx.report({ messageId: 'build', data: { kind, name, table: fact.table.name }, range: c.range, suggestions, tableAtRisk: fact.table });
      }
    }
  },
});
