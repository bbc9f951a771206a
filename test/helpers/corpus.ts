// The shared real-world corpus (../shared/corpus). Tests that use it skip, with a message, when it is absent.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const CORPUS_DIR = join(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_DIR);
}

/** All .sql files of the corpus, as { abs, rel } with rel relative to the corpus folder. */
export function corpusFiles(): { abs: string; rel: string; source: string }[] {
  const out: { abs: string; rel: string; source: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.sql')) {
        const rel = relative(CORPUS_DIR, p).split('\\').join('/');
        out.push({ abs: p, rel, source: rel.split('/')[0]! });
      }
    }
  };
  walk(CORPUS_DIR);
  return out;
}
