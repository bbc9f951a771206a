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

/**
 * Statements and migrations that were quadratic once, each about what one file of a real project
 * could hold: a list of 16,000 items in one statement (pgsql-ast-parser copies a list once per item;
 * rules looked things up per item), and a migration adding 20,000 indexes to existing tables (each a
 * finding asking whether CONCURRENTLY may be added).
 */
export function largeStatements(): { name: string; files: Record<string, string> }[] {
  const n = 16_000;
  const list = (f: (i: number) => string, sep = ',\n'): string => Array.from({ length: n }, (_, i) => f(i)).join(sep);
  const tables = Array.from({ length: 1000 }, (_, i) => `CREATE TABLE t${i} (id bigint PRIMARY KEY, a int, b text);\n`).join('');
  const indexes = Array.from({ length: 20 }, (_, k) => Array.from({ length: 1000 }, (_, i) => `CREATE INDEX idx_t${i}_a_${k} ON t${i} (a, b);\n`).join('')).join('');
  return [
    { name: 'ALTER TABLE of 16,000 ADD COLUMNs', files: { 'alter.sql': `CREATE TABLE t (id int);\nALTER TABLE t\n${list((i) => `  ADD COLUMN c${i} integer`)};\n` } },
    { name: 'CREATE TABLE of 16,000 columns', files: { 'table.sql': `CREATE TABLE big (\n${list((i) => `  c${i} integer DEFAULT 0 NOT NULL`)}\n);\n` } },
    { name: 'enum of 16,000 values', files: { 'enum.sql': `CREATE TYPE e AS ENUM (${list((i) => `'v${i}'`, ', ')});\n` } },
    { name: '20,000 CREATE INDEX on existing tables', files: { '001_tables.sql': tables, '002_indexes.sql': indexes } },
  ];
}
