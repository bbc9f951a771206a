/** A half-open range of UTF-16 offsets into a file's text (what VS Code and JavaScript strings use). */
export interface Range {
  start: number;
  end: number;
}

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** Converts offsets to line/character positions and back, for one text. Built once per text. */
export class LineIndex {
  /** Offsets where lines start: 4 bytes a line, not a growing array of 8-byte slots (a 10 MB file has 400,000 lines). */
  private readonly lineStarts: Uint32Array;

  constructor(readonly text: string) {
    let lines = 1;
    this.forEachLineStart(() => lines++);
    const starts = new Uint32Array(lines);
    let n = 1;
    this.forEachLineStart((at) => (starts[n++] = at));
    this.lineStarts = starts;
  }

  private forEachLineStart(found: (offset: number) => void): void {
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) found(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        found(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]!;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * libpg-query reports UTF-8 byte offsets; editors want UTF-16 offsets. For ASCII text they are
 * equal, which is the common case, so the table is only built when the text has other characters.
 */
export class ByteOffsets {
  private readonly table: Int32Array | undefined;

  constructor(text: string) {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(text)) {
      this.table = undefined;
      return;
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    const table = new Int32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let n: number;
      if (c < 0x80) n = 1;
      else if (c < 0x800) n = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        // A surrogate pair is one 4-byte code point; both halves map to the pair's first unit.
        for (let k = 0; k < 4; k++) table[b + k] = i;
        b += 4;
        i++;
        continue;
      } else n = 3;
      for (let k = 0; k < n; k++) table[b + k] = i;
      b += n;
    }
    table[b] = text.length;
    this.table = table;
  }

  toUtf16(byteOffset: number): number {
    if (!this.table) return byteOffset;
    if (byteOffset <= 0) return 0;
    if (byteOffset >= this.table.length) return this.table[this.table.length - 1]!;
    return this.table[byteOffset]!;
  }
}

/**
 * PostgreSQL reports an error's position in characters (scanner_errposition counts them with
 * pg_mbstrlen_with_len), not in bytes as its parse trees' locations are: the UTF-16 offset of the
 * `n`-th code point of `text` (a character outside the BMP is two UTF-16 units).
 */
export function codePointsToUtf16(text: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}
