// The statement parse cache: a parsed statement by its (masked) text, so that an edit re-parses only
// the statements it touched and a file read again re-parses only what changed on disk.
//
// Bounded by an estimate of the bytes it keeps alive, least recently used out first. An entry-count
// cap was not enough: typing in one long statement adds a version per keystroke, and each version's
// key was a slice that kept the whole document text of its keystroke alive (lemmy's triggers.sql:
// 164 -> 762 MB in 4,000 keystrokes). So keys are copied flat, and the editor drops the versions an
// edit replaced (`forgetReplaced`) instead of waiting for them to age out.
import type { ParsedFile } from './document.js';

/** What one entry costs beyond its key and value estimate: the Map slot, the entry object, the value's header. */
const ENTRY_OVERHEAD = 160;

export class StatementCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** `valueBytes`: an estimate of what the value keeps alive. */
  set(key: string, value: V, valueBytes: number): void {
    this.delete(key);
    const bytes = key.length * 2 + valueBytes + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes) return;
    this.entries.set(flat(key), { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.total -= e.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes held. */
  get bytes(): number {
    return this.total;
  }

  /**
   * Drops the statements of `old` that an edit replaced (those in the changed region of the text that
   * `current` no longer has). A statement another file also contains may be dropped with them: that costs
   * a parse when that file is parsed again, never a wrong result.
   */
  forgetReplaced(old: ParsedFile, current: ParsedFile): void {
    const a = old.tokens.text;
    const b = current.tokens.text;
    if (a === b) return;
    const p = commonPrefix(a, b);
    const s = commonSuffix(a, b, Math.min(a.length, b.length) - p);
    const changed = (text: string, st: { range: { start: number; end: number } }): boolean => st.range.end >= p && st.range.start <= text.length - s;
    const kept = new Set<string>();
    for (const st of current.statements) if (changed(b, st)) kept.add(b.slice(st.range.start, st.range.end));
    for (const st of old.statements) {
      if (!changed(a, st)) continue;
      const key = a.slice(st.range.start, st.range.end);
      if (!kept.has(key)) this.delete(key);
    }
  }
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 represents a slice of a long string as a
 * view of it; concatenating first makes V8 flatten the result into a string of its own.
 */
function flat(s: string): string {
  return s.length < 16 ? s : (s + ' ').slice(0, -1);
}

const BLOCK = 1024;

/** Length of the common prefix; compares blocks first (string equality is a memcmp), then characters. */
export function commonPrefix(a: string, b: string): number {
  const min = Math.min(a.length, b.length);
  let p = 0;
  while (p + BLOCK <= min && a.slice(p, p + BLOCK) === b.slice(p, p + BLOCK)) p += BLOCK;
  while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the common suffix, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  let s = 0;
  while (s + BLOCK <= max && a.slice(a.length - s - BLOCK, a.length - s) === b.slice(b.length - s - BLOCK, b.length - s)) s += BLOCK;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/**
 * About the length of `JSON.stringify(value)` (escapes aside), without building the string: a cache
 * entry's size estimate is asked for every statement parsed, and stringifying each statement's facts
 * cost a 10 MB dump a fifth of a second and as much garbage as its facts.
 */
export function jsonLength(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        n += v.length + 2;
        break;
      case 'number':
        n += Number.isInteger(v) && Math.abs(v) < 1e21 ? digits(v) : String(v).length;
        break;
      case 'boolean':
        n += v ? 4 : 5;
        break;
      case 'object':
        if (v === null) n += 4;
        else if (Array.isArray(v)) {
          n += 1 + Math.max(1, v.length);
          for (const x of v) {
            if (x === undefined || typeof x === 'function') n += 4;
            else stack.push(x);
          }
        } else {
          let keys = 0;
          for (const k in v) {
            const x = (v as Record<string, unknown>)[k];
            if (x === undefined || typeof x === 'function') continue;
            keys++;
            n += k.length + 3;
            stack.push(x);
          }
          n += 1 + Math.max(1, keys);
        }
        break;
    }
  }
  return n;
}

function digits(v: number): number {
  let n = v < 0 ? 2 : 1;
  for (let a = Math.abs(v); a >= 10; a = Math.floor(a / 10)) n++;
  return n;
}

