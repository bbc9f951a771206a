import type { Statement } from '../parse/document.js';
import type { Range } from '../parse/positions.js';
import { docsName, lockStrength, type LockMode } from '../locks/modes.js';
import { defineRule } from './types.js';
import { eol, lineStartBefore } from './util/migration.js';

interface Options {
  timeout: string;
}

interface Locking {
  range: Range;
  what: string;
  /** The locked table; '' when only its index is known. */
  table: string;
  index?: string;
  lock: LockMode;
}

function findingData(hit: Locking, timeout: string): Record<string, string> {
  const target = hit.table ? `existing table "${hit.table}"` : `the table of index "${hit.index}"`;
  return { what: hit.what, target, lock: docsName(hit.lock), table: hit.table, timeout, blocked: hit.lock === 'AccessExclusiveLock' ? 'query' : 'write' };
}

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
    readsLocks: true,
  },
  check(ctx) {
    const text = ctx.file.parsed.text;
    const statements = ctx.file.parsed.statements;
    if (statements.length === 0) return;
    const locks = ctx.locks();

    /**
     * The first lock stronger than SHARE UPDATE EXCLUSIVE this statement takes on an existing table or
     * materialized view (views hold no rows; an index's unknown table counts as existing).
     */
    const locking = (st: Statement): Locking | undefined => {
      let first: (Locking & { at: number }) | undefined;
      for (const r of locks.of(st).relations) {
        if (r.newTable || r.kind === 'view' || lockStrength(r.mode) <= lockStrength('ShareUpdateExclusiveLock')) continue;
        // The clause that needs the strong lock (ALTER TABLE takes the strongest its subcommands need).
        const cause = r.causes.find((c) => lockStrength(c.mode) > lockStrength('ShareUpdateExclusiveLock')) ?? r.causes[0]!;
        if (first && first.at <= cause.range.start) continue;
        first = { at: cause.range.start, range: cause.range, what: cause.what, table: r.kind === 'index' ? '' : r.name, lock: r.mode };
        if (cause.index) first.index = cause.index;
      }
      return first;
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
          data: findingData(hit, ctx.options.timeout),
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
        data: findingData(hit, ctx.options.timeout),
        range: hit.range,
        fix: { title: `Insert ${setSql} ${disabledSinceStart ? 'before the statement' : 'at the top of the migration'}`, edits: [{ range: { start: at, end: at }, newText: setSql + eol(text) }] },
      });
      // One finding per file: the fix covers every later statement too.
      return;
    }
  },
});
