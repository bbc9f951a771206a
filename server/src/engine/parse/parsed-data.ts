// A parsed file as plain data, for parsing on another thread: what parseDocument computed that is
// costly (statements and their facts, the tokens) travels; what is cheap to redo from the text (lines,
// comment texts, directives) is rebuilt on arrival, so the copy stays small.
import type { ParsedFile, Statement } from './document.js';
import { parseDirectives } from './directives.js';
import { LineIndex, type Range } from './positions.js';
import { TokenColumns, TokenStream, type TokenColumnsData } from './tokens.js';

export interface ParsedFileData {
  /** The masked text the tokens were lexed from, when masking changed the file's text. */
  masked?: string;
  tokens: TokenColumnsData;
  statements: Statement[];
  comments: Range[];
}

/** `parsed` as data, and the buffers a postMessage can transfer instead of copying (`parsed`'s tokens are then unusable). */
export function parsedFileData(parsed: ParsedFile): { data: ParsedFileData; transfer: ArrayBuffer[] } {
  const masked = parsed.tokens.text;
  const tokens = parsed.tokens.columns().toData();
  const data: ParsedFileData = { tokens, statements: parsed.statements, comments: parsed.comments.map((c) => c.range) };
  if (masked !== parsed.text) data.masked = masked;
  // The columns may be views of one buffer: each buffer is transferred once.
  return { data, transfer: [...new Set([tokens.starts.buffer, tokens.ends.buffer, tokens.keywords.buffer, tokens.names.buffer] as ArrayBuffer[])] };
}

/** The parsed file `data` describes, for `text` (the text it was parsed from). */
export function parsedFileFromData(text: string, data: ParsedFileData): ParsedFile {
  const lines = new LineIndex(text);
  const comments = data.comments.map((range) => ({ range, text: text.slice(range.start, range.end) }));
  const tokens = new TokenStream(data.masked ?? text, TokenColumns.fromData(data.tokens));
  return { text, lines, statements: data.statements, comments, directives: parseDirectives(comments, lines), tokens };
}
