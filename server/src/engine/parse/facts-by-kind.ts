// A parsed file's facts grouped by kind, for the rules' `ctx.facts(kind)`: some fifty rules ask for
// one kind each, and going through every statement's facts for each of them was 2 % of a 10 MB dump's
// lint.
import type { Statement } from './document.js';
import type { Fact, FactKind, FactOf } from './facts.js';

type Grouped = Map<FactKind, { fact: Fact; statement: Statement }[]>;

const groupedCache = new WeakMap<readonly Statement[], Grouped>();

/** The facts of `kind` of these statements, in statement order (a new array; the grouping is kept per statement list). */
export function factsOfKind<K extends FactKind>(statements: readonly Statement[], kind: K): { fact: FactOf<K>; statement: Statement }[] {
  let grouped = groupedCache.get(statements);
  if (!grouped) {
    grouped = new Map();
    for (const statement of statements)
      for (const fact of statement.facts) {
        let list = grouped.get(fact.kind);
        if (!list) grouped.set(fact.kind, (list = []));
        list.push({ fact, statement });
      }
    groupedCache.set(statements, grouped);
  }
  return (grouped.get(kind)?.slice() ?? []) as { fact: FactOf<K>; statement: Statement }[];
}
