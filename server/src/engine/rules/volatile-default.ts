import type { ColumnDef } from '../parse/facts.js';
import { gatherHistory } from '../history-spans.js';
import { defineRule, type FixSpec, type HistoryFile } from './types.js';
import { pushTo } from './util/collections.js';
import { afterStatement, fileObjects } from './util/migration.js';

interface Options {
  volatileFunctions: string[];
}

// Built-in and common extension functions marked VOLATILE (pg_proc.provolatile = 'v'). now(),
// current_timestamp, statement_timestamp() and transaction_timestamp() are STABLE: since
// PostgreSQL 11 ADD COLUMN evaluates them once and stores the value in the catalog, no rewrite.
const VOLATILE_FUNCTIONS = [
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'nextval', 'currval', 'lastval', 'setval',
  'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuid_generate_v7',
  'gen_random_bytes', 'gen_salt', 'txid_current', 'txid_current_if_assigned', 'pg_current_xact_id', 'pg_current_xact_id_if_assigned',
  'pg_sleep', 'dblink',
];

/** The files' CREATE FUNCTIONs: each name's [file position, volatility] in history order (PostgreSQL's default volatility is VOLATILE). */
function gatherFunctions(files: readonly HistoryFile[]): Map<string, [number, string][]> {
  const out = new Map<string, [number, string][]>();
  for (const file of files)
    for (const s of file.parsed.statements)
      for (const f of s.facts) if (f.kind === 'createFunction') pushTo(out, f.name.name.toLowerCase(), [file.index, f.volatility ?? 'volatile']);
  return out;
}

/** The volatility of the user function `name` as the history defines it up to and including file `upTo`; undefined when it does not. */
function userVolatility(history: readonly HistoryFile[], upTo: number, name: string): string | undefined {
  const spans = gatherHistory(history, gatherFunctions);
  for (let i = spans.length - 1; i >= 0; i--) {
    const defs = spans[i]!.get(name) ?? [];
    for (let j = defs.length - 1; j >= 0; j--) if (defs[j]![0] <= upTo) return defs[j]![1];
  }
  return undefined;
}

export const volatileDefault = defineRule<Options>({
  id: 'volatile-default',
  meta: {
    description: 'Disallow adding a column to an existing table with a default that forces a table rewrite.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      volatile:
        'Column "{{column}}" is added to existing table "{{table}}" with a volatile default ({{function}}()): PostgreSQL must compute it for every existing row, so it rewrites the whole table under an ACCESS EXCLUSIVE lock and reads and writes wait. Add the column without a default, set the default in a second statement (it then applies to new rows only), and backfill existing rows in batches.',
      serial:
        'Column "{{column}}" is added to existing table "{{table}}" as {{type}}: its nextval() default is volatile, so PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock to number the existing rows. Add a plain bigint column, attach a sequence default in a second statement, and backfill existing rows in batches.',
      identity:
        'Identity column "{{column}}" is added to existing table "{{table}}": PostgreSQL numbers every existing row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Add a plain bigint column, backfill it in batches, then make it an identity column (ALTER COLUMN … ADD GENERATED … AS IDENTITY).',
      generated:
        'Stored generated column "{{column}}" is added to existing table "{{table}}": PostgreSQL computes it for every row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Add a plain column, backfill it in batches and keep it up to date with a trigger, or use a virtual generated column (PostgreSQL 18).',
      beforeEleven:
        'Column "{{column}}" is added to existing table "{{table}}" with a default: before PostgreSQL 11 (postgresVersion is {{version}}) any non-null default rewrites the whole table under an ACCESS EXCLUSIVE lock. Add the column without a default, set the default in a second statement, and backfill existing rows in batches.',
    },
    defaultOptions: { volatileFunctions: [] },
    schema: {
      type: 'object',
      properties: {
        volatileFunctions: {
          type: 'array',
          items: { type: 'string' },
          description:
            'More function names (lower case) to treat as volatile, e.g. functions of your extensions. Functions created by the migration history are known: those not declared IMMUTABLE or STABLE are volatile.',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const text = ctx.file.parsed.text;
    const volatile = new Set([...VOLATILE_FUNCTIONS, ...ctx.options.volatileFunctions.map((f) => f.toLowerCase())]);
    const isVolatile = (fn: string): boolean => {
      const user = userVolatility(ctx.history, ctx.file.index, fn);
      return user !== undefined ? user === 'volatile' : volatile.has(fn);
    };
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      const table = fact.table.name;
      for (const a of fact.actions) {
        if (a.type !== 'addColumn') continue;
        const c: ColumnDef = a.column;
        const data = { column: c.name.name, table };
        const colText = text.slice(c.range.start, c.range.end);
        if (c.type.serial) {
          ctx.report({ messageId: 'serial', data: { ...data, type: c.type.text }, range: c.type.range });
          continue;
        }
        if (c.identity) {
          ctx.report({ messageId: 'identity', data, range: c.range });
          continue;
        }
        if (c.generated && !/\bIDENTITY\b/i.test(colText)) {
          // PostgreSQL 18 makes generated columns VIRTUAL unless STORED is written: no rewrite.
          const stored = /\bSTORED\b/i.test(colText) || (ctx.postgresVersion < 18 && !/\bVIRTUAL\b/i.test(colText));
          if (stored) ctx.report({ messageId: 'generated', data, range: c.range });
          continue;
        }
        if (!c.default || c.default.isNull) continue;
        const fn = c.default.functions.find(isVolatile);
        const suggestion = (): FixSpec[] => {
          // Only a nullable column can be added without its default; existing rows then stay NULL.
          if (c.notNull) return [];
          let start = c.default!.range.start;
          // Remove "DEFAULT <expr>" with the blank before it.
          const before = text.slice(0, start);
          const m = /\s+DEFAULT\s+$/i.exec(before);
          if (!m) return [];
          start -= m[0].length;
          const tableSql = text.slice(fact.table.range.start, fact.table.range.end);
          const set = `ALTER TABLE ${tableSql} ALTER COLUMN ${text.slice(c.name.range.start, c.name.range.end)} SET DEFAULT ${c.default!.text};`;
          return [
            {
              title: 'Add the column without a default and set the default in a second statement (existing rows stay NULL: backfill them in batches)',
              edits: [{ range: { start, end: c.default!.range.end }, newText: '' }, afterStatement(text, statement, set)],
            },
          ];
        };
        if (ctx.postgresVersion < 11) {
          ctx.report({ messageId: 'beforeEleven', data: { ...data, version: ctx.postgresVersion }, range: c.default.range, suggestions: suggestion() });
          continue;
        }
        if (fn) ctx.report({ messageId: 'volatile', data: { ...data, function: fn }, range: c.default.range, suggestions: suggestion() });
      }
    }
  },
});
