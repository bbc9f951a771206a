// Where a name is mentioned as a word (case-insensitive, quoted or not, comments and strings
// included: a conservative reading): in one file, or in the files of the history after a point.
// Answered from word indexes (one per parsed file, one per history span) so that asking costs the
// same on a history of ten files and of ten thousand.
import { gatherHistory } from '../../history-spans.js';
import type { HistoryFile } from '../types.js';
import { pushTo } from './collections.js';

const WORD = /[A-Za-z0-9_$]+/g;

const fileWordIndexes = new WeakMap<object, Map<string, number[]>>();

/**
 * Offsets of every word of a parsed file, by lower-case word; built once per parsed file (rules ask
 * many times) and dropped with it. Parsed files are reused while their text is unchanged.
 */
export function fileWords(parsed: { text: string }): Map<string, number[]> {
  let index = fileWordIndexes.get(parsed);
  if (!index) {
    index = new Map();
    for (const m of parsed.text.matchAll(WORD)) pushTo(index, m[0].toLowerCase(), m.index);
    fileWordIndexes.set(parsed, index);
  }
  return index;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Offsets of the whole-word, case-insensitive occurrences of `name` in `text`. */
export function occurrences(text: string, name: string): number[] {
  if (!name) return [];
  const re = new RegExp(`(?<![A-Za-z0-9_$])${escape(name)}(?![A-Za-z0-9_$])`, 'gi');
  const out: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m.index);
  return out;
}

/** Where `name` occurs as a whole word (case-insensitive) in a parsed file's text. */
export function occurrencesIn(parsed: { text: string }, name: string): number[] {
  if (!name) return [];
  if (isWord(name)) return fileWords(parsed).get(name.toLowerCase()) ?? [];
  return occurrences(parsed.text, name);
}

/** The name occurs as a word (case-insensitive, quoted or not) in one of the texts. */
export function mentions(texts: readonly string[], name: string): boolean {
  const re = new RegExp(`(^|[^\\w$])${escape(name)}($|[^\\w$])`, 'i');
  return texts.some((t) => re.test(t));
}

export function isWord(name: string): boolean {
  return /^[A-Za-z0-9_$]+$/.test(name);
}

/**
 * A word every text mentioning `name` holds as a whole word: the name's longest run of word
 * characters (its neighbours are the name's own non-word characters or the name's ends, which a
 * mention borders with non-word characters). Undefined for a name without word characters.
 */
export function keyWord(name: string): string | undefined {
  let best: string | undefined;
  for (const m of name.matchAll(WORD)) if (!best || m[0].length > best.length) best = m[0];
  return best?.toLowerCase();
}

interface SpanWords {
  /** Lower-case word -> history positions of the files holding it, ascending. */
  all: Map<string, number[]>;
  /** The same for down migrations only. */
  down: Map<string, number[]>;
}

function gatherWords(files: readonly HistoryFile[]): SpanWords {
  const out: SpanWords = { all: new Map(), down: new Map() };
  for (const f of files) {
    const seen = new Set<string>();
    for (const m of f.parsed.text.matchAll(WORD)) seen.add(m[0].toLowerCase());
    for (const w of seen) {
      pushTo(out.all, w, f.index);
      if (f.isDown) pushTo(out.down, w, f.index);
    }
  }
  return out;
}

/** The first position in the ascending list greater than `after`, if any. */
function firstAfter(positions: readonly number[], after: number): number | undefined {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return positions[lo];
}

/** History positions of the files after position `after` that hold `word` (lower case), ascending. */
export function filesWithWordAfter(history: readonly HistoryFile[], word: string, after: number): number[] {
  const out: number[] = [];
  for (const span of gatherHistory(history, gatherWords)) {
    const positions = span.all.get(word);
    if (!positions || positions[positions.length - 1]! <= after) continue;
    for (let i = positions.length - 1; i >= 0 && positions[i]! > after; i--) out.push(positions[i]!);
  }
  return out.sort((a, b) => a - b);
}

/** The first file after position `after` that holds `word` (lower case). */
export function firstFileWithWordAfter(history: readonly HistoryFile[], word: string, after: number): number | undefined {
  for (const span of gatherHistory(history, gatherWords)) {
    const positions = span.all.get(word);
    const hit = positions && firstAfter(positions, after);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The first down migration other than the one at position `except` that holds `word` (lower case). */
export function firstDownFileWithWord(history: readonly HistoryFile[], word: string, except: number): number | undefined {
  for (const span of gatherHistory(history, gatherWords)) {
    const positions = span.down.get(word) ?? [];
    const hit = positions[0] === except ? positions[1] : positions[0];
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** History positions of the down migrations that hold `word` (lower case), ascending. */
export function downFilesWithWord(history: readonly HistoryFile[], word: string): number[] {
  return gatherHistory(history, gatherWords).flatMap((s) => s.down.get(word) ?? []);
}

/**
 * The texts after offset `from` of `file` and of every later file of the history that may mention
 * `name`: a subset of those texts that holds every one that does (test them with `mentions` or a
 * stricter pattern).
 */
export function laterTextsMentioning(history: readonly HistoryFile[], file: HistoryFile, from: number, name: string): string[] {
  const word = keyWord(name);
  const rest = file.parsed.text.slice(from);
  if (word === undefined) return [rest, ...history.filter((f) => f.index > file.index).map((f) => f.parsed.text)];
  const out: string[] = [];
  if ((fileWords(file.parsed).get(word) ?? []).some((o) => o >= from)) out.push(rest);
  for (const p of filesWithWordAfter(history, word, file.index)) out.push(history[p]!.parsed.text);
  return out;
}
