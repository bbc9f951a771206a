// The language server's heap policy. The server lives as long as the editor and keeps the workspace
// parsed (about 40-60 MB live on lemmy); each keystroke's lint allocates a lot that dies at once. By
// default V8 lets the old generation grow to up to four times the live size between collections, so
// RSS rose by about 100 MB over a soak of 1,000 keystrokes and 700 open/close cycles on lemmy, all of
// it garbage (heap snapshots before and after held the same 173 MB). A fixed growing factor of 1.6
// kept that to 15-20 MB, and the peak RSS of indexing lemmy then typing 120 keystrokes went from 263
// to 181 MB, for about 6 % more CPU there (median of 5 pairs) and 2 % on indexing the whole corpus.
import { limitHeapGrowth as limitGrowth } from '../node/heap.js';

export const HEAP_GROWING_PERCENT = 60;

export function limitHeapGrowth(): void {
  limitGrowth(HEAP_GROWING_PERCENT);
}
