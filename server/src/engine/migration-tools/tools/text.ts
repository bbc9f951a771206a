// Small text helpers for the tools' edits.
import { lineBreakOf } from '../../parse/line-break.js';

/** The start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}

/** The end of the line holding `offset`, before its line break (and a CR). */
export function lineEnd(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) i = text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
}

export { lineBreakOf as eolOf };
