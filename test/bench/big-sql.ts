// Large single files for the speed and memory figures: lago's pg_dump (the corpus's largest file)
// repeated, each copy in its own schema so that every object is new (a real 10 MB dump has 20 times
// lago's tables, not one table defined 20 times).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus.js';

export const LAGO_DUMP = join(CORPUS_DIR, 'lago', 'db', 'structure.sql');

/**
 * About `bytes` of SQL: the whole number of copies of the lago dump nearest to it (at least one), the
 * k-th with `public.` renamed to `copy_k.`. Whole copies keep each object's DROP, CREATE and ALTERs
 * together, as in a real dump.
 */
export function repeatedDump(bytes: number, dump = readFileSync(LAGO_DUMP, 'utf8')): string {
  const copies = Math.max(1, Math.round(bytes / Buffer.byteLength(dump)));
  let out = '';
  for (let k = 1; k <= copies; k++) out += `CREATE SCHEMA copy_${k};\n${dump.replace(/\bpublic\./g, `copy_${k}.`)}\n`;
  return out;
}
