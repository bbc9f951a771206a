// Install as a user would: `npm pack` in a copy of this checkout builds the bundles (the `prepare`
// script) into a tarball that holds only what the CLI and the extension need at run time; it installs
// into a fresh project without devDependencies, after which `npx sql-schema-lint` lints there, and
// the installed language server links the rule pages installed with it.
// npm installs with --prefer-offline: the tarball's few runtime dependencies come from npm's cache
// (filled by `npm ci`), else from the registry.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { matchesGlob } from '../server/src/engine/glob.js';
import { TestClient } from './lsp/harness.js';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };

/** npm's environment without the variables `npm test` passes down (they would configure the inner npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_(cache|registry|userconfig)$/i.test(k)) env[k] = v;
  delete env.INIT_CWD;
  return env;
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 180_000 });
}

/** The files a clone of this checkout has (tracked and new, not ignored): tests and fixtures included, so a leak would show. */
function checkoutFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status === 0) return git.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)));
  // Not a git checkout (an unpacked source archive): the folders a clone has.
  return ['package.json', 'package-lock.json', 'esbuild.mjs', 'tsconfig.json', 'README.md', 'LICENSE', 'client', 'server', 'docs', 'schemas', 'snippets', 'syntaxes', 'test', 'examples'].filter((f) => existsSync(join(ROOT, f)));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

test('npm pack -> npm install <tarball> in a fresh project -> npx sql-schema-lint works there', async () => {
  const work = mkdtempSync(join(tmpdir(), 'ssl-pack-'));
  const checkout = join(work, 'checkout');
  for (const f of checkoutFiles()) {
    mkdirSync(dirname(join(checkout, f)), { recursive: true });
    cpSync(join(ROOT, f), join(checkout, f), { recursive: true });
  }
  // The clone's `npm ci`: its prepare step needs esbuild and the bundled libraries.
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');

  // As pre-commit's `language: node` does: the tarball's name alone on stdout (the repository's .npmrc keeps the build's output off it).
  const pack = run('npm', ['pack', '--pack-destination', work], checkout);
  assert.equal(pack.status, 0, pack.stderr);
  const filename = `${manifest.name}-${manifest.version}.tgz`;
  assert.equal(pack.stdout, `${filename}\n`);
  const tar = spawnSync('tar', ['-tzf', join(work, filename)], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);
  const packed = tar.stdout.trim().split('\n').map((p) => p.replace(/^package\//, '')).sort();
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/cli.js', 'dist/server.js', 'dist/client.js', 'dist/libpg-query.wasm', 'dist/history-worker.js', 'dist/parse-worker.js', 'dist/pglite/index.cjs', 'dist/pglite/pglite.wasm', 'docs/rules/no-float-for-money.md', 'schemas/sql-schema-lint.schema.json'])
    assert.ok(packed.includes(needed), `${needed} is in the tarball`);
  const allowed = /^(package\.json|README\.md|LICENSE|dist\/(cli|server|client|history-worker|editor-worker|parse-worker)\.js|dist\/libpg-query\.wasm|dist\/pglite\/(index\.cjs|pglite\.wasm|pglite\.data|initdb\.wasm|LICENSE|[\w-]+\.tar\.gz|contrib\/[\w-]+\.cjs)|docs\/.*\.md|schemas\/.*\.json|snippets\/.*|syntaxes\/.*\.json)$/;
  assert.deepEqual(packed.filter((p) => !allowed.test(p)), [], 'no sources, tests, fixtures, examples, source maps or build scripts');
  // The .vsix's allow-list (.vscodeignore) and the tarball's (.npmignore) name the same files.
  const vsix = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).trim());
  assert.deepEqual(packed.filter((p) => !vsix.some((g) => matchesGlob(p, g))), [], 'everything in the tarball is in the .vsix');
  const present = vsix.filter((g) => checkoutFiles().some((f) => matchesGlob(f, g)) || g.startsWith('dist/'));
  assert.deepEqual(present.filter((g) => !packed.some((p) => matchesGlob(p, g))), [], 'everything the .vsix takes is in the tarball');

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const install = run('npm', ['install', join(work, filename), '--prefer-offline', '--no-audit', '--no-fund'], app);
  assert.equal(install.status, 0, install.stdout + install.stderr);
  const installed = join(app, 'node_modules', manifest.name);
  assert.deepEqual(listFiles(installed), packed, 'installed as packed: nothing built or added at install time');
  // The bundles hold the libraries (libpg-query, pgsql-ast-parser, vscode-languageserver, pg, …) and
  // dist/pglite PGlite's runtime files: none of the devDependencies is installed.
  const devInstalled = Object.keys(manifest.devDependencies).filter((d) => existsSync(join(app, 'node_modules', d)));
  assert.deepEqual(devInstalled, []);

  cpSync(join(ROOT, 'examples', 'migrations'), join(app, 'migrations'), { recursive: true });
  const version = run('npx', ['--no', '--', 'sql-schema-lint', '--version'], app);
  assert.equal(version.stdout, `${manifest.version}\n`, version.stderr);
  const lint = run('npx', ['--no', '--', 'sql-schema-lint', 'migrations'], app);
  assert.equal(lint.status, 1, 'the example migrations are wrong on purpose: ' + lint.stderr);
  assert.match(lint.stdout, /^migrations\/0002_create_catalog_and_orders\.sql:\d+:\d+ {2}warning {2}.* {2}foreign-key-missing-index$/m);
  assert.match(lint.stdout, /✖ \d+ problems \(\d+ errors?, \d+ warnings, \d+ info\) in 6 files/);
  // verify runs PGlite from the installed package: the example's CREATE INDEX CONCURRENTLY inside BEGIN … COMMIT fails there.
  const verify = run('npx', ['--no', '--', 'sql-schema-lint', 'verify', 'migrations', '--format', 'json'], app);
  assert.equal(verify.status, 1, verify.stderr);
  const verdict = JSON.parse(verify.stdout) as { diagnostics: { file: string; rule: string; message: string }[]; verify: { checkedBy: string } };
  assert.deepEqual(verdict.diagnostics.map((d) => [d.file, d.rule]), [['migrations/0005_product_descriptions_and_search.sql', 'migration-fails']]);
  assert.match(verdict.diagnostics[0]!.message, /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
  assert.match(verdict.verify.checkedBy, /^PostgreSQL 18\.\d+ \(PGlite\)/);

  // The language server of the package links the pages installed with it.
  const client = await TestClient.start({ folders: [app], server: join(installed, 'dist', 'server.js') });
  try {
    const file = join(app, 'migrations', '0001_create_users.sql');
    const diags = await client.pull(await client.open(file, readFileSync(file, 'utf8')));
    const d = diags.find((x) => x.code === 'naming-boolean');
    assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
    assert.equal(d.codeDescription?.href, pathToFileURL(join(installed, 'docs', 'rules', 'naming-boolean.md')).toString());
  } finally {
    await client.stop();
  }
});
