// Shared by the e2e runners: builds the extension (dist/) and bundles the TypeScript suite
// (test/e2e/suite/index.ts) into one CommonJS file in the ignored .vscode-test/ folder, the form the
// extension host `require`s through extensionTestsPath (`vscode` stays external).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(E2E_DIR, '..', '..');
export const SUITE_BUNDLE = path.join(ROOT, '.vscode-test', 'e2e-suite', 'index.js');
export const FIXTURE = path.join(ROOT, 'examples', 'migrations');

/** `node esbuild.mjs`: dist/client.js, dist/server.js, dist/cli.js, as the extension ships them. */
export function buildExtension() {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${r.status})`);
}

/** Bundles the suite; returns the bundle's absolute path. */
export async function bundleSuite() {
  const esbuild = await import('esbuild');
  fs.mkdirSync(path.dirname(SUITE_BUNDLE), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(E2E_DIR, 'suite', 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}

/**
 * A throwaway workspace: migrations/ is a copy of examples/migrations; snippet-sandbox/ (from
 * test/e2e/fixture) is a second project, with its own .sql-schema-lint.json, for the snippet test.
 */
export function copyFixture(tmpRoot) {
  const ws = fs.mkdtempSync(path.join(tmpRoot, 'ssl-e2e-ws-'));
  fs.cpSync(FIXTURE, path.join(ws, 'migrations'), { recursive: true });
  fs.cpSync(path.join(E2E_DIR, 'fixture'), ws, { recursive: true });
  // A git repository whose main branch holds no migration yet: every file is pending against main
  // (tests 1–8 see every finding), and test 9 commits them to make them applied.
  const git = (...args) => spawnSync('git', args, { cwd: ws, env: { ...process.env, ...GIT_IDENTITY } });
  if (git('init', '-q', '-b', 'main').status === 0) git('commit', '-q', '--allow-empty', '-m', 'base');
  return ws;
}

/** Who the e2e workspace's commits are by (the machine's git config may have no identity). */
export const GIT_IDENTITY = { GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' };

export const since = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
