// Bundles the extension client, the language server and the CLI into dist/.
// The libpg-query WASM binary is loaded at run time from beside the bundle, so it is copied there.
// PGlite (verify) is not bundled: its WASM, data and contrib bundles are found beside its own script,
// so its runtime files are copied to dist/pglite/ and the bundles require them from there, only
// when verify runs (server/src/pg/pglite.ts imports it lazily).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
// `npm pack` / `npm publish` run `prepare`: the package gets the minified build without source maps.
const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD entry hides its requires from the bundler; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
};

/** `@electric-sql/pglite[/contrib/<name>]` -> the copy in dist/pglite/, required at run time from beside the bundle. */
const pgliteCopy = {
  name: 'pglite-copy',
  setup(build) {
    build.onResolve({ filter: /^@electric-sql\/pglite(\/contrib\/[\w-]+)?$/ }, (args) => {
      const contrib = /\/contrib\/([\w-]+)$/.exec(args.path)?.[1];
      return { path: contrib ? `./pglite/contrib/${contrib}.cjs` : './pglite/index.cjs', external: true };
    });
  },
};

const server = { plugins: [pgliteCopy], external: ['pg-native'] };
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', ...server },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...server },
  // Worker threads that run PGlite (apply-in-worker.ts, lsp verify): beside the bundles that start them.
  { entryPoints: ['server/src/pg/history-worker.ts'], outfile: 'dist/history-worker.js', ...server },
  { entryPoints: ['server/src/pg/editor-worker.ts'], outfile: 'dist/editor-worker.js', ...server },
  // Parses a long history's files beside the CLI's own thread (node/parse-pool.ts).
  { entryPoints: ['server/src/node/parse-worker.ts'], outfile: 'dist/parse-worker.js' },
];

mkdirSync('dist', { recursive: true });
const wasmDir = dirname(require.resolve('libpg-query/wasm/libpg-query.wasm'));
copyFileSync(join(wasmDir, 'libpg-query.wasm'), 'dist/libpg-query.wasm');

// PGlite's runtime files: its CommonJS entry, the PostgreSQL and initdb WASM, the data file, and each
// contrib bundle (a small script and its tarball). Maps, types, ESM copies and browser files stay out.
const pgliteDir = join(dirname(require.resolve('@electric-sql/pglite')));
rmSync('dist/pglite', { recursive: true, force: true });
mkdirSync('dist/pglite/contrib', { recursive: true });
for (const f of ['index.cjs', 'pglite.wasm', 'pglite.data', 'initdb.wasm']) copyFileSync(join(pgliteDir, f), join('dist/pglite', f));
copyFileSync(join(pgliteDir, '..', 'LICENSE'), 'dist/pglite/LICENSE');
for (const f of readdirSync(pgliteDir)) if (f.endsWith('.tar.gz')) copyFileSync(join(pgliteDir, f), join('dist/pglite', f));
for (const f of readdirSync(join(pgliteDir, 'contrib'))) if (f.endsWith('.cjs')) copyFileSync(join(pgliteDir, 'contrib', f), join('dist/pglite/contrib', f));

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  chmodSync('dist/cli.js', 0o755);
}
