import * as path from 'node:path';
import { toPosix } from '../../node/project.js';

/**
 * The path a CI system expects: relative to its checkout (GitHub's GITHUB_WORKSPACE, GitLab's
 * CI_PROJECT_DIR) when the file is inside it, so that annotations land on the right file even when
 * the CLI runs in a subfolder; otherwise the path as displayed (relative to the working directory).
 */
export function ciPath(file: string, displayPath: string, checkout: string | undefined): string {
  if (!checkout || !path.isAbsolute(file)) return displayPath;
  const rel = path.relative(checkout, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : displayPath;
}
