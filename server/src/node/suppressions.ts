// Where the bulk suppressions file lives, and reading and writing it; the CLI and the language server
// both use this, so they find the same file and key it the same way (the engine decides what it hides).
//
// The file sits next to `.sql-schema-lint.json`. Without a config file it is the nearest
// `.sql-schema-lint-suppressions.json` in the project folder or an ancestor; the CLI creates a new one
// in the working directory when that holds the project, else in the project folder. Keys are paths
// relative to the suppressions file's own folder, so they do not depend on where a tool was started.
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseSuppressions, serializeSuppressions, SUPPRESSIONS_FILE_NAME, type Suppressions } from '../engine/index.js';
import { writeFileAtomic } from '../cli/write.js';
import { toPosix } from './project.js';

/** The suppressions file that applies to a project, existing or not. */
export function suppressionsFileFor(configFile: string | undefined, projectRoot: string, cwd?: string): string {
  if (configFile) return path.join(path.dirname(configFile), SUPPRESSIONS_FILE_NAME);
  for (let d = path.resolve(projectRoot); ; ) {
    const candidate = path.join(d, SUPPRESSIONS_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const inside = cwd && !path.relative(path.resolve(cwd), path.resolve(projectRoot)).startsWith('..');
  return path.join(inside ? path.resolve(cwd) : path.resolve(projectRoot), SUPPRESSIONS_FILE_NAME);
}

/** A file's key in the suppressions file. */
export function suppressionKey(suppressionsFile: string, file: string): string {
  return toPosix(path.relative(path.dirname(suppressionsFile), file));
}

/** The file's suppressions, or undefined when there is no file; throws ConfigError when it is malformed or unreadable. */
export function readSuppressionsFile(file: string): Suppressions | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return undefined;
    throw new ConfigError(file, 1, 1, `cannot read the suppressions file: ${err.code === 'EISDIR' ? 'it is a directory' : err.message}`);
  }
  return parseSuppressions(text, file);
}

/** Writes the file atomically (as `{}` when nothing is left, as ESLint does); returns false when nothing needed writing. */
export async function writeSuppressionsFile(file: string, suppressions: Suppressions): Promise<boolean> {
  const text = serializeSuppressions(suppressions);
  let before: string | undefined;
  try {
    before = await fs.readFile(file, 'utf8');
  } catch {
    before = undefined;
  }
  // No file and nothing to suppress: do not create an empty one.
  if (before === text || (before === undefined && Object.keys(suppressions).length === 0)) return false;
  await writeFileAtomic(file, text);
  return true;
}
