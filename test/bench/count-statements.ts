// Prints how many statements the given files/folders hold (for statements/s figures).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPostgresParser, parseDocument } from '../../server/src/engine/index.js';

function files(p: string): string[] {
  if (statSync(p).isDirectory()) return readdirSync(p).flatMap((n) => files(join(p, n)));
  return p.endsWith('.sql') ? [p] : [];
}

loadPostgresParser().then(() => {
  let n = 0;
  for (const arg of process.argv.slice(2)) for (const f of files(arg)) n += parseDocument(readFileSync(f, 'utf8')).statements.length;
  process.stdout.write(String(n));
});
