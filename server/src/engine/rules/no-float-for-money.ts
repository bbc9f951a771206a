import type { Statement } from '../parse/document.js';
import type { ColumnDef, QualifiedName } from '../parse/facts.js';
import { tableKey, type ColumnModel, type TableModel } from '../model/schema.js';
import { defineRule } from './types.js';
import { finalColumnAt, finalColumnOf, finalIndex } from './util/history.js';
import { typeChangeFix } from './util/type-dependents.js';

const FLOAT_TYPES = new Set(['float4', 'float8']);

const DEFAULT_WORDS = [
  'price', 'cost', 'amount', 'total', 'balance', 'fee', 'tax', 'salary', 'wage', 'payment', 'revenue',
  'budget', 'charge', 'refund', 'credit', 'debit', 'subtotal', 'discount', 'invoice', 'payout', 'income',
  'expense', 'profit', 'money', 'cash', 'fare', 'tip', 'commission', 'deposit', 'penalty',
];
const DEFAULT_EXCLUDE = ['ratio', 'rate', 'percent', 'percentage', 'pct', 'weight', 'latitude', 'longitude', 'lat', 'lng', 'lon', 'score', 'factor', 'multiplier'];

interface Options {
  moneyWords: string[];
  exclude: string[];
  precision: number;
  scale: number;
}

/** Splits a column name into its words: snake_case, camelCase and digits. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

function moneyWord(name: string, o: Options): string | undefined {
  const ws = words(name);
  if (ws.some((w) => o.exclude.includes(w))) return undefined;
  // A word may carry a plural or a prefix: "prices", "subtotals", "unit_price".
  return ws.find((w) => o.moneyWords.some((m) => w === m || w === m + 's' || w === m + 'es'));
}

export const noFloatForMoney = defineRule<Options>({
  id: 'no-float-for-money',
  meta: {
    description: 'Disallow floating-point and money types for monetary columns.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      float:
        'Column "{{column}}" holds money ("{{word}}") but is {{type}}, a binary floating-point type: 0.1 + 0.2 is not 0.3, so sums and refunds drift by cents. Use {{numeric}}.',
      money:
        'Column "{{column}}" uses the money type: its output and input depend on the server\'s lc_monetary locale and it has a fixed scale, so values change meaning when settings or currencies change. Use {{numeric}} (with a currency column if needed).',
    },
    defaultOptions: { moneyWords: DEFAULT_WORDS, exclude: DEFAULT_EXCLUDE, precision: 12, scale: 2 },
    schema: {
      type: 'object',
      properties: {
        moneyWords: { type: 'array', items: { type: 'string' }, description: 'Words in a column name that mark it as money (matched per word of the snake_case or camelCase name, plurals included).' },
        exclude: { type: 'array', items: { type: 'string' }, description: 'Words that make a column not money even if it also has a money word (e.g. tax_rate).' },
        precision: { type: 'integer', minimum: 1, description: 'Precision of the NUMERIC type the fix writes.' },
        scale: { type: 'integer', minimum: 0, description: 'Scale of the NUMERIC type the fix writes.' },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    const o = ctx.options;
    const numeric = `NUMERIC(${o.precision}, ${o.scale})`;
    const checkColumn = (c: ColumnDef, statement: Statement, table: QualifiedName, final: { table: TableModel; column: ColumnModel } | undefined): void => {
      if (c.type.isArray) return;
      const fix = { title: `Change the type of "${c.name.name}" to ${numeric}`, edits: [{ range: c.type.range, newText: numeric }] };
      // A changed type reaches everything after it: a fix only while nothing later depends on it.
      const edit = (): ReturnType<typeof typeChangeFix> =>
        typeChangeFix(ctx, [{ file: ctx.file, statement, table: tableKey(table.schema, table.name), column: c.name.name, ...(final ? { final } : {}) }], fix);
      if (c.type.name === 'money' && !c.type.schema) {
        ctx.report({ messageId: 'money', data: { column: c.name.name, numeric }, range: c.type.range, ...edit() });
        return;
      }
      if (!FLOAT_TYPES.has(c.type.name) || c.type.schema) return;
      const word = moneyWord(c.name.name, o);
      if (word) ctx.report({ messageId: 'float', data: { column: c.name.name, word, type: c.type.text, numeric }, range: c.type.range, ...edit() });
    };
    for (const { fact, statement } of ctx.facts('createTable')) for (const c of fact.columns) checkColumn(c, statement, fact.table, finalColumnOf(ctx, c));
    for (const { fact, statement } of ctx.facts('alterTable'))
      for (const a of fact.actions) {
        if (a.type === 'addColumn') checkColumn(a.column, statement, fact.table, finalColumnOf(ctx, a.column));
        // Changing a column's type to float/money is the same mistake made later.
        if (a.type === 'alterColumnType') {
          const fin = finalColumnAt(ctx, statement, fact.table, a.column.name);
          const located = fin ? finalIndex(ctx.final).column(fin.origin.file, fin.origin.range.start) : undefined;
          checkColumn({ name: a.column, type: a.newType, notNull: false, explicitNull: false, identity: false, generated: false, range: a.range }, statement, fact.table, located);
        }
      }
  },
});
