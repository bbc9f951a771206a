// V8's heap growing factor, fixed by the long-lived processes that keep a lot alive (the language
// server, the CLI on large files): by default V8 lets the old generation grow to up to four times the
// live size between collections.
//
// Set at run time, not as a command-line flag: an engine that no longer knows a V8 flag refuses to
// start when given it on the command line, and only prints a warning here.
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow by `percent` of its live size before the next full collection. */
export function limitHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
