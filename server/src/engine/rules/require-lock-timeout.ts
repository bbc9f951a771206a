import type { Statement } from '../parse/document.js';
import type { QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { tableKey } from '../model/schema.js';
import { defineRule } from './types.js';
import { alterLock, eol, fileObjects, lineStartBefore, type LockMode } from './util/migration.js';

interface Options {
  timeout: string;
}

interface Locking {
  statement: Statement;
  range: Range;
  what: string;
  /** The locked table; '' when only its index is known. */
  table: string;
  index?: string;
  lock: LockMode;
}

const ALTER_WORDS: Record<string, string> = {
  addColumn: 'ADD COLUMN',
  dropColumn: 'DROP COLUMN',
  alterColumnType: 'ALTER COLUMN … TYPE',
  setNotNull: 'SET NOT NULL',
  dropNotNull: 'DROP NOT NULL',
  setDefault: 'SET DEFAULT',
  dropDefault: 'DROP DEFAULT',
  addConstraint: 'ADD CONSTRAINT',
  dropConstraint: 'DROP CONSTRAINT',
  enableRowLevelSecurity: 'ENABLE ROW LEVEL SECURITY',
  disableRowLevelSecurity: 'DISABLE ROW LEVEL SECURITY',
  forceRowLevelSecurity: 'FORCE ROW LEVEL SECURITY',
  detachPartition: 'DETACH PARTITION',
  setSchema: 'SET SCHEMA',
};

/** A lock_timeout value that does not turn the timeout off (0 and DEFAULT do). */
function enables(value: string | undefined): boolean {
  return value !== undefined && !/^\s*0+\s*(ms|s|min|h|d)?\s*$/i.test(value);
}

export const requireLockTimeout = defineRule<Options>({
  id: 'require-lock-timeout',
  meta: {
    description: 'Require SET lock_timeout before statements that take a blocking lock on an existing table.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      missing:
        '{{what}} locks {{target}} in {{lock}} mode and no lock_timeout is set before it: if a long transaction holds a conflicting lock on that table, this statement waits in the lock queue and every later {{blocked}} on the table queues behind it, an outage until that transaction ends. Set a lock timeout at the top of the migration (SET lock_timeout = \'{{timeout}}\') and retry the migration when it times out.',
    },
    defaultOptions: { timeout: '5s' },
    schema: {
      type: 'object',
      properties: {
        timeout: { type: 'string', description: "The lock_timeout value the fix writes, e.g. '5s' or '2s'." },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: false,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const text = ctx.file.parsed.text;
    const statements = ctx.file.parsed.statements;
    if (statements.length === 0) return;
    const existing = (st: Statement, t: QualifiedName | { schema?: string; name: string }): boolean => !objects.isNewTable(st, t);

    /** The first blocking lock this statement takes on an existing table. */
    const locking = (st: Statement): Locking | undefined => {
      for (const f of st.facts) {
        switch (f.kind) {
          case 'alterTable': {
            const isExisting = existing(st, f.table);
            for (const a of f.actions) {
              const lock = alterLock(a, text);
              const what = `ALTER TABLE … ${ALTER_WORDS[a.type] ?? (a.type === 'other' ? a.subtype.replace(/^AT_/, '') : a.type)}`;
              if (isExisting && lock !== 'SHARE UPDATE EXCLUSIVE') return { statement: st, range: a.range, what, table: f.table.name, lock };
              // ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the table attached.
              if (a.type === 'attachPartition' && existing(st, a.partition))
                return { statement: st, range: a.partition.range, what: 'ALTER TABLE … ATTACH PARTITION', table: a.partition.name, lock: 'ACCESS EXCLUSIVE' };
              // ADD FOREIGN KEY also takes SHARE ROW EXCLUSIVE on the referenced table.
              if (a.type === 'addConstraint' && a.constraint.references && existing(st, a.constraint.references.table))
                return { statement: st, range: a.constraint.range, what: 'ADD FOREIGN KEY', table: a.constraint.references.table.name, lock: 'SHARE ROW EXCLUSIVE' };
              if (a.type === 'addColumn')
                for (const c of a.constraints)
                  if (c.references && existing(st, c.references.table))
                    return { statement: st, range: c.range, what: 'REFERENCES', table: c.references.table.name, lock: 'SHARE ROW EXCLUSIVE' };
            }
            break;
          }
          case 'createTable':
            // CREATE TABLE … REFERENCES takes SHARE ROW EXCLUSIVE on the referenced table to add its triggers.
            for (const c of f.constraints)
              if (c.references && existing(st, c.references.table) && tableKey(c.references.table.schema, c.references.table.name) !== tableKey(f.table.schema, f.table.name))
                return { statement: st, range: c.range, what: 'CREATE TABLE … REFERENCES', table: c.references.table.name, lock: 'SHARE ROW EXCLUSIVE' };
            break;
          case 'createIndex':
            // Not CONCURRENTLY: a SHARE lock, which queues behind writers and blocks the writes queued after it.
            if (!f.concurrently && !f.only && existing(st, f.table))
              return { statement: st, range: f.table.range, what: 'CREATE INDEX', table: f.table.name, lock: 'SHARE' };
            break;
          case 'createTrigger':
            // "SHARE ROW EXCLUSIVE: acquired by CREATE TRIGGER".
            if (existing(st, f.table)) return { statement: st, range: f.table.range, what: 'CREATE TRIGGER', table: f.table.name, lock: 'SHARE ROW EXCLUSIVE' };
            break;
          case 'reindex': {
            // Not CONCURRENTLY: SHARE on the table (and ACCESS EXCLUSIVE on each index rebuilt).
            if (f.concurrently || !f.name) break;
            const table = f.objectKind === 'table' ? { schema: f.name.schema, name: f.name.name } : f.objectKind === 'index' ? objects.indexTable(st, f.name) : undefined;
            if (f.objectKind === 'table' || f.objectKind === 'index')
              if (!table || existing(st, table))
                return { statement: st, range: f.name.range, what: `REINDEX ${f.objectKind.toUpperCase()}`, table: table?.name ?? '', index: f.name.name, lock: 'SHARE' };
            break;
          }
          case 'rename':
            if (f.objectKind === 'table' && objects.isIndexOrView(st, f.target)) break;
            if ((f.objectKind === 'table' || f.objectKind === 'column' || f.objectKind === 'constraint') && existing(st, f.target))
              return { statement: st, range: f.from?.range ?? f.target.range, what: `RENAME ${f.objectKind.toUpperCase()}`, table: f.target.name, lock: 'ACCESS EXCLUSIVE' };
            break;
          case 'drop':
            if (f.objectKind === 'table') {
              const n = f.names.find((x) => existing(st, x));
              if (n) return { statement: st, range: n.range, what: 'DROP TABLE', table: n.name, lock: 'ACCESS EXCLUSIVE' };
            } else if (f.objectKind === 'trigger' && f.table && existing(st, f.table)) {
              return { statement: st, range: f.table.range, what: 'DROP TRIGGER', table: f.table.name, lock: 'ACCESS EXCLUSIVE' };
            } else if (f.objectKind === 'index' && !f.concurrently) {
              // "A normal DROP INDEX acquires an ACCESS EXCLUSIVE lock on the table."
              for (const n of f.names) {
                const table = objects.indexTable(st, n);
                if (table && objects.isNewTable(st, table)) continue;
                return { statement: st, range: n.range, what: 'DROP INDEX', table: table?.name ?? '', index: n.name, lock: 'ACCESS EXCLUSIVE' };
              }
            }
            break;
          default:
            break;
        }
      }
      return undefined;
    };

    let session = false;
    let local = false;
    let disabledSinceStart = false;
    for (const st of statements) {
      for (const f of st.facts) {
        if (f.kind === 'set' && f.name === 'lock_timeout') {
          const on = enables(f.value);
          if (f.local) local = on;
          else {
            session = on;
            if (!on) disabledSinceStart = true;
          }
        } else if (f.kind === 'transaction' && (f.op === 'commit' || f.op === 'rollback')) local = false;
      }
      // set_config('lock_timeout', …) in a SELECT.
      if (st.type === 'SelectStmt' && /set_config\s*\(\s*'lock_timeout'\s*,\s*'\s*[1-9]/i.test(text.slice(st.range.start, st.range.end))) session = true;
      if (session || local) continue;
      const hit = locking(st);
      if (!hit) continue;
      // SET at the top of the file, unless the file turns the timeout off before this statement.
      const anchor = disabledSinceStart ? st : statements[0]!;
      const at = lineStartBefore(text, anchor.range.start);
      const setSql = `SET lock_timeout = '${ctx.options.timeout.replace(/'/g, "''")}';`;
      // A file that sets the timeout too late gets that SET moved up, not a second one.
      const later = statements.find((s) => s.index > st.index && s.facts.some((f) => f.kind === 'set' && f.name === 'lock_timeout' && !f.local && enables(f.value)));
      if (later && !disabledSinceStart) {
        const laterSql = text.slice(later.range.start, later.end);
        const delStart = lineStartBefore(text, later.range.start);
        let delEnd = later.end;
        // Remove the whole line when the SET stands alone on it.
        const ownLine = (delStart === 0 || text[delStart - 1] === '\n') && /^[ \t]*(\r?\n|$)/.test(text.slice(delEnd));
        if (ownLine) delEnd += /^[ \t]*(\r?\n)?/.exec(text.slice(delEnd))![0].length;
        ctx.report({
          messageId: 'missing',
          data: { what: hit.what, target: hit.table ? `existing table "${hit.table}"` : `the table of index "${hit.index}"`, lock: hit.lock, table: hit.table, timeout: ctx.options.timeout, blocked: hit.lock === 'ACCESS EXCLUSIVE' ? 'query' : 'write' },
          range: hit.range,
          fix: {
            title: `Move ${laterSql.endsWith(';') ? laterSql : laterSql + ';'} to the top of the migration`,
            edits: [
              { range: { start: at, end: at }, newText: (laterSql.endsWith(';') ? laterSql : laterSql + ';') + eol(text) },
              { range: { start: delStart, end: delEnd }, newText: '' },
            ],
          },
        });
        return;
      }
      ctx.report({
        messageId: 'missing',
        data: { what: hit.what, target: hit.table ? `existing table "${hit.table}"` : `the table of index "${hit.index}"`, lock: hit.lock, table: hit.table, timeout: ctx.options.timeout, blocked: hit.lock === 'ACCESS EXCLUSIVE' ? 'query' : 'write' },
        range: hit.range,
        fix: { title: `Insert ${setSql} ${disabledSinceStart ? 'before the statement' : 'at the top of the migration'}`, edits: [{ range: { start: at, end: at }, newText: setSql + eol(text) }] },
      });
      // One finding per file: the fix covers every later statement too.
      return;
    }
  },
});
