// Lookups into one ALTER TABLE's actions. A statement may have thousands of them (a generated
// migration adding a column per field), so what is asked per action is indexed once per statement.
import type { AlterAction, AlterTableFact } from './facts.js';

type SetNotNull = Extract<AlterAction, { type: 'setNotNull' | 'dropNotNull' }>;

const setNotNullCache = new WeakMap<AlterTableFact, Map<string, SetNotNull>>();

/** The statement's first `ALTER COLUMN … SET NOT NULL` of `column`, if any. */
export function setNotNullOf(fact: AlterTableFact, column: string): SetNotNull | undefined {
  let byColumn = setNotNullCache.get(fact);
  if (!byColumn) {
    byColumn = new Map();
    for (const a of fact.actions) if (a.type === 'setNotNull' && !byColumn.has(a.column.name)) byColumn.set(a.column.name, a);
    setNotNullCache.set(fact, byColumn);
  }
  return byColumn.get(column);
}
