// Large single files for the speed and memory figures: lago's pg_dump (the corpus's largest file)
// repeated, each copy in its own schema so that every object is new (a real 10 MB dump has 20 times
// lago's tables, not one table defined 20 times).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus.js';

export const LAGO_DUMP = join(CORPUS_DIR, 'lago', 'db', 'structure.sql');

/**
 * About `bytes` of SQL (never more): copies of the lago dump, the k-th with `public.` renamed to
 * `copy_k.`; the last copy ends at a statement boundary.
 */
export function repeatedDump(bytes: number, dump = readFileSync(LAGO_DUMP, 'utf8')): string {
  let out = '';
  for (let k = 1; ; k++) {
    const copy = `CREATE SCHEMA copy_${k};\n${dump.replace(/\bpublic\./g, `copy_${k}.`)}\n`;
    if (out.length + copy.length <= bytes) {
      out += copy;
      continue;
    }
    const cut = copy.lastIndexOf(';\n', bytes - out.length - 2);
    return cut > 0 ? out + copy.slice(0, cut + 2) : out;
  }
}
