// The line break a file uses, for the text fixes insert. Rules ask it for every finding with a fix,
// and a file without CRLF is read to its end each time: the answer for the last text asked is kept,
// so a 10 MB file is not read again per finding.

let lastText: string | undefined;
let lastBreak = '\n';

/** CRLF when the text has one (CRLF files stay CRLF), else LF. */
export function lineBreakOf(text: string): string {
  // Usually the very string asked last: comparing it is a pointer check.
  if (text !== lastText) {
    lastBreak = text.includes('\r\n') ? '\r\n' : '\n';
    lastText = text;
  }
  return lastBreak;
}
