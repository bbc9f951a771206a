// Where a rule's documentation is for the user at hand. The rule pages ship beside the bundles (the
// .vsix and the npm package both hold docs/rules/<id>.md next to dist/), so a diagnostic's link opens
// the page of the version installed, offline. The web address (engine/lint.ts docsUrl) is only the
// fallback, for a server run without its pages.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../engine/index.js';

/** dist/ in a bundle; server/src/node when the sources run directly (tests under tsx). */
const CANDIDATE_DIRS = [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', 'docs', 'rules')];
let docsDir: string | null | undefined;

/** The installed docs/rules folder, or undefined when the pages did not ship. */
export function installedDocsDir(): string | undefined {
  if (docsDir === undefined) docsDir = CANDIDATE_DIRS.find((d) => existsSync(d)) ?? null;
  return docsDir ?? undefined;
}

/** The installed page of a rule (an absolute path), if there is one. */
export function installedDocsPage(ruleId: string): string | undefined {
  const dir = installedDocsDir();
  const page = dir && path.join(dir, `${ruleId}.md`);
  return page && existsSync(page) ? page : undefined;
}

/** A file: URI of the installed page, else the web page. */
export function docsLink(ruleId: string): string {
  const page = installedDocsPage(ruleId);
  return page ? pathToFileURL(page).toString() : docsUrl(ruleId);
}
