// Walking parse trees without recursion. Valid PostgreSQL nests deeper than a JavaScript stack: a
// UNION ALL of 2,000 SELECTs, 2,500 `+` terms or 3,000 nested calls make trees thousands of levels
// deep (PostgreSQL 15 accepts them), and a recursive walker overflows at a few thousand levels.
// Everything here keeps its own stack on the heap and visits in the order a recursive walk would.

/** JavaScript's (or WebAssembly's) call stack ran out: what a recursive walk of too deep a tree throws. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** What a visitor of `forEachObject` asks for next. */
export const SKIP_CHILDREN = 1;
export const STOP = 2;

/**
 * Calls `visit` on every object (not array) of a JSON tree, parents before children and children in
 * property order, as a recursive pre-order walk would. `visit` returns SKIP_CHILDREN to leave a
 * node's children out, STOP to end the walk.
 */
export function forEachObject(root: unknown, visit: (node: Record<string, unknown>) => number | void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
      continue;
    }
    const next = visit(n as Record<string, unknown>);
    if (next === STOP) return;
    if (next === SKIP_CHILDREN) continue;
    const values = Object.values(n);
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
}

/**
 * A depth-first walk for visitors that carry state down the tree (a query's scope) and do work
 * between or after their children (a fact after the subqueries it contains). While one node is
 * handled, `visit` and `then` schedule work; that work runs next, in the order it was scheduled,
 * before anything scheduled earlier: the order of the recursive calls these replace.
 */
export class DepthFirst<S> {
  /** Pairs (node or task, state), the next to run last. */
  private stack: unknown[] = [];
  /** What the node being handled scheduled, in order. */
  private batch: unknown[] = [];
  private running = false;

  constructor(private readonly handle: (node: unknown, state: S) => void) {}

  /** Schedules `node` (an object, an array of nodes, or nothing) to be handled with `state`. */
  visit(node: unknown, state: S): void {
    if (node !== null && node !== undefined) this.batch.push(node, state);
  }

  /** Schedules work to run after what was scheduled before it. */
  then(task: () => void): void {
    this.batch.push(task, undefined);
  }

  run(root: unknown, state: S): void {
    if (this.running) throw new Error('DepthFirst.run is not re-entrant: use another walker');
    this.running = true;
    try {
      this.visit(root, state);
      this.flush();
      const stack = this.stack;
      while (stack.length) {
        const s = stack.pop() as S;
        const n = stack.pop();
        if (typeof n === 'function') (n as () => void)();
        else if (Array.isArray(n)) for (const x of n) this.visit(x, s);
        else if (typeof n === 'object') this.handle(n, s);
        this.flush();
      }
    } finally {
      this.stack = [];
      this.batch = [];
      this.running = false;
    }
  }

  private flush(): void {
    const b = this.batch;
    for (let i = b.length - 2; i >= 0; i -= 2) this.stack.push(b[i], b[i + 1]);
    b.length = 0;
  }
}

/**
 * JSON.stringify's text for plain data (objects, arrays, strings, numbers, booleans, null), built
 * without recursion (JSON.stringify overflows near 5,000 levels). `omit` drops object keys;
 * `replace` substitutes a node (an object) before it is written, as a replacer would.
 */
export function stableJson(root: unknown, omit: ReadonlySet<string> = new Set(), replace?: (node: Record<string, unknown>) => unknown): string {
  const out: string[] = [];
  // Each entry is a value to write or a literal piece of text (wrapped, to tell it apart from a string value).
  const stack: unknown[] = [root];
  while (stack.length) {
    let v = stack.pop();
    if (v instanceof Literal) {
      out.push(v.text);
      continue;
    }
    if (replace && v !== null && typeof v === 'object' && !Array.isArray(v)) v = replace(v as Record<string, unknown>);
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      out.push('null');
      continue;
    }
    if (typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    const parts: unknown[] = [];
    if (Array.isArray(v)) {
      parts.push(OPEN_ARRAY);
      v.forEach((x, i) => {
        if (i) parts.push(COMMA);
        parts.push(x);
      });
      parts.push(CLOSE_ARRAY);
    } else {
      parts.push(OPEN_OBJECT);
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol' || omit.has(k)) continue;
        parts.push(new Literal(`${first ? '' : ','}${JSON.stringify(k)}:`), x);
        first = false;
      }
      parts.push(CLOSE_OBJECT);
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
  }
  return out.join('');
}

class Literal {
  constructor(readonly text: string) {}
}

const OPEN_ARRAY = new Literal('[');
const CLOSE_ARRAY = new Literal(']');
const OPEN_OBJECT = new Literal('{');
const CLOSE_OBJECT = new Literal('}');
const COMMA = new Literal(',');
