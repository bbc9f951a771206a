// The final schema's indexes per table, in the order the history created them, with what the model
// does not keep: each element's operator class, collation and direction, and expression texts (read
// back from the CREATE INDEX or the constraint that defined the index). Shared by duplicate-index,
// redundant-index and too-many-indexes, which look only at the tables the linted file indexes.
import type { IndexModel, SchemaModel } from '../../model/schema.js';
import type { HistoryFile } from '../types.js';
import { historyFile } from '../../history-spans.js';
import { definitionsIn } from '../../model/origins.js';
import { filePosition, indexSource, type IndexSource } from './history.js';

export interface IndexElementKey {
  /** `c:<column>` or `e:<normalized expression>`. */
  key: string;
  /** Operator class, collation and explicit NULLS placement (normalized), '' for defaults. */
  opts: string;
  desc: boolean;
}

export interface IndexInfo {
  model: IndexModel;
  /** [file position in the history, offset]: creation order. */
  pos: [number, number];
  /** Undefined for indexes the model copied (CREATE TABLE … LIKE … INCLUDING INDEXES). */
  source?: IndexSource;
  elements?: IndexElementKey[];
  where?: string;
}

/** Lower case outside quotes and string literals, single spaces, none next to punctuation, simple quoted names unquoted. */
export function normalizeSql(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const quoted = text.slice(i, j + 1);
      out += c === '"' && /^"[a-z_][a-z0-9_$]*"$/.test(quoted) ? quoted.slice(1, -1) : quoted;
      i = j + 1;
      continue;
    }
    if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      out += ' ';
      continue;
    }
    out += c.toLowerCase();
    i++;
  }
  return out
    .trim()
    .replace(/ ?([(),.:[\]]) ?/g, '$1');
}

/** Removes parentheses that wrap the whole text: `((a is null))` -> `a is null`. */
function stripOuterParens(text: string): string {
  let t = text;
  for (;;) {
    if (!t.startsWith('(') || !t.endsWith(')')) return t;
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '(') depth++;
      else if (t[i] === ')') depth--;
      if (depth === 0 && i < t.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) return t;
    t = t.slice(1, -1).trim();
  }
}

export function normalizePredicate(text: string | undefined): string | undefined {
  return text === undefined ? undefined : stripOuterParens(normalizeSql(text));
}

/** Splits an element's trailing options into direction and the rest. */
function options(rest: string): { opts: string; desc: boolean } {
  let r = ` ${rest} `;
  const desc = / desc /.test(r);
  r = r.replace(/ (asc|desc) /g, ' ');
  // The default NULLS placement of the direction is no option.
  r = r.replace(desc ? / nulls first /g : / nulls last /g, ' ');
  return { opts: r.trim().replace(/\s+/g, ' '), desc };
}

function elementKeys(s: IndexSource, text: string): IndexElementKey[] | undefined {
  if (s.constraint) return s.constraint.columns.map((c) => ({ key: `c:${c}`, opts: '', desc: false }));
  const f = s.index!;
  const out: IndexElementKey[] = [];
  for (const el of f.elements) {
    const written = normalizeSql(text.slice(el.range.start, el.range.end));
    if (el.column !== undefined) {
      // The column as written comes first: skip it, the rest are options.
      const m = /^("(?:[^"]|"")+"|[^\s(]+)\s*/.exec(written);
      out.push({ key: `c:${el.column}`, ...options(m ? written.slice(m[0].length) : '') });
    } else {
      // An expression: its options follow its closing parenthesis or function call.
      const m = /^([\s\S]*\))\s*([^()]*)$/.exec(written);
      if (!m) return undefined;
      out.push({ key: `e:${stripOuterParens(m[1]!)}`, ...options(m[2]!) });
    }
  }
  return out;
}

const cache = new WeakMap<SchemaModel, Map<string, IndexInfo[]>>();

/** The final schema's indexes on `table`, in the order the history created them. */
export function finalTableIndexes(final: SchemaModel, history: readonly HistoryFile[], table: string): IndexInfo[] {
  let byTable = cache.get(final);
  if (!byTable) cache.set(final, (byTable = new Map()));
  const hit = byTable.get(table);
  if (hit) return hit;
  const t = final.tables.get(table);
  const created: [number, number] | undefined = t ? [filePosition(history, t.origin.file), t.origin.range.start] : undefined;
  const list: IndexInfo[] = [];
  for (const ix of final.indexesOf(table)) {
    const info: IndexInfo = { model: ix, pos: [filePosition(history, ix.origin.file), ix.origin.range.start] };
    // An index older than its table belongs to an earlier table of that name that the model did not
    // see go (DROP TABLE of a partitioned parent also drops its partitions).
    if (created && (info.pos[0] < created[0] || (info.pos[0] === created[0] && info.pos[1] < created[1]))) continue;
    const source = indexSource(history, ix.origin.file, ix.origin.range.start);
    if (source) {
      const elements = elementKeys(source, historyFile(history, source.file)?.parsed.text ?? '');
      if (elements) {
        info.source = source;
        info.elements = elements;
      }
    }
    const where = normalizePredicate(source?.index?.where?.text ?? ix.where);
    if (where !== undefined) info.where = where;
    list.push(info);
  }
  list.sort((a, b) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1]);
  byTable.set(table, list);
  return list;
}

/** The final schema's indexes on the tables that `file` creates indexes on, per table in creation order. */
export function tablesIndexedIn(final: SchemaModel, history: readonly HistoryFile[], file: string): IndexInfo[][] {
  const tables = new Set(definitionsIn(final, file).indexes.map((ix) => ix.table));
  return [...tables].map((t) => finalTableIndexes(final, history, t));
}

function sameElements(a: IndexElementKey[], b: IndexElementKey[]): boolean {
  return a.length === b.length && a.every((e, i) => e.key === b[i]!.key && e.opts === b[i]!.opts && e.desc === b[i]!.desc);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The two indexes are the same index: same method, uniqueness, elements (with options), INCLUDE columns and predicate. */
export function isDuplicate(a: IndexInfo, b: IndexInfo): boolean {
  if (!a.elements || !b.elements) return false;
  return (
    a.model.method === b.model.method &&
    a.model.unique === b.model.unique &&
    a.where === b.where &&
    sameElements(a.elements, b.elements) &&
    sameSet(a.model.include, b.model.include)
  );
}

/**
 * `a` answers no query `b` cannot: both btree with the same predicate, `a` not unique, `a`'s elements
 * a leading prefix of `b`'s (same operator classes and collations; directions equal or all reversed,
 * since a btree scans both ways), and `a`'s INCLUDE columns among `b`'s columns.
 */
export function isPrefixOf(a: IndexInfo, b: IndexInfo): boolean {
  if (!a.elements || !b.elements || a.model.unique || a.model.method !== 'btree' || b.model.method !== 'btree') return false;
  if (a.where !== b.where || a.elements.length > b.elements.length) return false;
  const lead = b.elements.slice(0, a.elements.length);
  if (!a.elements.every((e, i) => e.key === lead[i]!.key && e.opts === lead[i]!.opts)) return false;
  const same = a.elements.every((e, i) => e.desc === lead[i]!.desc);
  const reversed = a.elements.every((e, i) => e.desc !== lead[i]!.desc);
  if (!same && !reversed) return false;
  const covered = new Set([...b.elements.map((e) => e.key), ...b.model.include.map((c) => `c:${c}`)]);
  return a.model.include.every((c) => covered.has(`c:${c}`));
}

/** The index's name and where to report it: the name when written, else the table name of an unnamed CREATE INDEX. */
export function indexLabel(info: IndexInfo): { name: string; range: IndexModel['origin']['range'] } {
  const f = info.source?.index;
  if (f && !f.name) return { name: info.model.name, range: f.table.range };
  return { name: info.model.name, range: info.model.origin.range };
}
