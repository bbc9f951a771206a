// Finding a file's statement by offset. Files have tens of thousands of statements (a 10 MB dump),
// so a lookup per finding must not scan them.
import type { Statement } from './document.js';

/** The statement whose text, with its semicolon, holds `offset` (statements are in file order and do not overlap). */
export function statementContaining(statements: readonly Statement[], offset: number): Statement | undefined {
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid]!;
    if (offset < s.range.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}
