// V8's heap growing factor, fixed by the long-lived processes that keep a lot alive (the language
// server, the CLI on large files): by default V8 lets the old generation grow to up to four times the
// live size between collections.
//
// Set at run time, not as a command-line flag: an engine that no longer knows a V8 flag refuses to
// start when given it on the command line, and only prints a warning here.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The old generation may grow by `percent` of its live size before the next full collection. */
export function limitHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

let fullGc: (() => void) | null | undefined;

/**
 * A full garbage collection now. Between the phases of a long run (parse, lint, report) most of the
 * heap has just become garbage or stays live: collecting then sets the next collection's bar from
 * what stays, where V8 would set it from an earlier, larger heap and let the next phase's garbage
 * pile on top of the last one's.
 */
export function collectGarbage(): void {
  if (fullGc === undefined) {
    // Exposed in a fresh context only: the program's own global gets no `gc`. An engine that no longer
    // knows the flag leaves none to call: then V8 collects as it sees fit.
    setFlagsFromString('--expose-gc');
    try {
      fullGc = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}
