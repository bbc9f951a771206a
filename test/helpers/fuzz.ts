// Seeded mutations of corpus text for the fuzz tests: the same seed gives the same variants on every
// machine, so a failure names a variant that can be rebuilt (seed, index) and debugged.
import { readFileSync } from 'node:fs';
import { lex } from '../../server/src/engine/parse/lexer.js';
import { corpusFiles } from './corpus.js';

/** mulberry32: a small, fast PRNG with a 32-bit state; good enough to pick mutations. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  const next = random(seed);
  return {
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Corpus files of at most `maxBytes`, sorted by path, with their text. */
export function corpusTexts(maxBytes: number): { rel: string; text: string }[] {
  return corpusFiles()
    .map((f) => ({ rel: f.rel, text: readFileSync(f.abs, 'utf8') }))
    .filter((f) => f.text.length > 0 && Buffer.byteLength(f.text) <= maxBytes);
}

/** A piece of `text` of about `size` characters that starts and ends at token boundaries. */
export function window(text: string, size: number, r: Rng): string {
  if (text.length <= size) return text;
  const tokens = lex(text);
  const first = r.int(tokens.length);
  const start = tokens[first]!.start;
  let last = first;
  while (last + 1 < tokens.length && tokens[last + 1]!.end - start <= size) last++;
  return text.slice(start, tokens[last]!.end);
}

/**
 * Snippets a mutation inserts between two tokens: the lexical corners where a JavaScript lexer and
 * PostgreSQL's scanner can part ways (nesting, prefixes, escapes, tags, continuation, line ends).
 */
export const LEXICAL_SNIPPETS: readonly string[] = [
  '/* unterminated',
  '/* outer /* nested */ still outer */',
  '/* outer /* nested */ unterminated',
  '/**/',
  '/*/ odd */',
  "U&'\\0041b\\+000043'",
  "U&'d!0061t' UESCAPE '!'",
  'U&"d\\0061t"',
  "u&'x'",
  "E'a\\'b\\\\'",
  "e'\\n\\t'",
  "E'unterminated\\'",
  "'it''s'",
  "'unterminated",
  '"unterminated',
  '"a""b"',
  '$$ body; with semicolon $$',
  '$tag$ x $$ y $tag$',
  '$a$$b$ $a$',
  '$_$x$_$',
  '$tag$ unterminated $ta',
  '$$',
  '$1',
  '-- comment\r',
  '-- comment\r\n',
  "'a'\n'b'",
  "'a'\r'b'",
  "'a' \n\t 'b'",
  "'a'\n-- c\n'b'",
  "B'1010'",
  "X'1F'",
  "N'n'",
  "B'unterminated",
  "X'unterminated",
  '0x1F',
  '1_000_000',
  '2147483648',
  '1.5e-3',
  '.5',
  'a::int',
  '1..2',
  '@-1',
  'a->>b',
  '*/',
  '\r',
  '\r\n',
  ';',
];

/** Inserts `snippet` before a random token (or at the end), with a space on each side. */
export function insertSnippet(text: string, snippet: string, r: Rng): string {
  const tokens = lex(text);
  const at = tokens.length ? tokens[r.int(tokens.length)]!.start : text.length;
  return `${text.slice(0, at)} ${snippet} ${text.slice(at)}`;
}

/** Deletes one random token. */
export function deleteToken(text: string, r: Rng): string {
  const tokens = lex(text);
  if (!tokens.length) return text;
  const t = tokens[r.int(tokens.length)]!;
  return text.slice(0, t.start) + text.slice(t.end);
}

/** Removes the closing delimiter of a random quoted token or comment (its last character or tag). */
export function unclose(text: string, r: Rng): string {
  const closable = lex(text).filter((t) => /^(SCONST|IDENT|UIDENT|USCONST|BCONST|XCONST|C_COMMENT)$/.test(t.name) && /['"$/]$/.test(t.text));
  if (!closable.length) return text;
  const t = r.pick(closable);
  const cut = t.name === 'C_COMMENT' ? 2 : t.text.endsWith('$') ? t.text.length - t.text.lastIndexOf('$', t.text.length - 2) : 1;
  return text.slice(0, t.end - cut) + text.slice(t.end);
}

export function truncate(text: string, r: Rng): string {
  return text.slice(0, r.int(text.length + 1));
}

export function lineEndings(text: string, eol: '\r\n' | '\r'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}
