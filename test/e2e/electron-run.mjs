#!/usr/bin/env node
// The same e2e suite (test/e2e/suite) under @vscode/test-electron, in a desktop VS Code, for machines
// that can download a VS Code build (or have one: VSCODE_EXECUTABLE=/path/to/code). Not used in CI
// here (no downloads beyond the npm registry and Debian's packages); there, `npm run test:e2e` runs the
// suite in code-server.
//
//   node test/e2e/electron-run.mjs                 # VS Code stable, downloaded into .vscode-test/
//   VSCODE_VERSION=1.91.0 node test/e2e/electron-run.mjs
//   VSCODE_EXECUTABLE=/usr/share/code/code node test/e2e/electron-run.mjs
//   xvfb-run -a node test/e2e/electron-run.mjs     # Linux without a display
//
// The screen checks (Problems panel, quick-fix menu, score webview contents, screenshots) need the
// playwright driver of run.mjs and are skipped here; every vscode-API assertion runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, buildExtension, bundleSuite, copyFixture, since } from './bundle.mjs';
import { scanLogs } from './logs.mjs';
import { DEFAULT_SETTINGS } from './vscode-host.mjs';

const t0 = Date.now();
buildExtension();
const suite = await bundleSuite();
const workspace = copyFixture(os.tmpdir());
// one folder per run (user data, logs, result); the 3 newest are kept
const runsDir = path.join(ROOT, '.vscode-test');
fs.mkdirSync(runsDir, { recursive: true });
for (const old of fs.readdirSync(runsDir).filter((n) => n.startsWith('electron-run-')).map((n) => path.join(runsDir, n)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs).slice(2)) fs.rmSync(old, { recursive: true, force: true });
const runDir = fs.mkdtempSync(path.join(runsDir, 'electron-run-'));
const userDataDir = path.join(runDir, 'user-data');
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(DEFAULT_SETTINGS, null, 2) + '\n');
const resultFile = path.join(runDir, 'result.json');

let code;
try {
  code = await runTests({
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION || 'stable' }),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    extensionTestsEnv: { VSCODE_E2E_RESULT_FILE: resultFile, ...(process.env.VSCODE_E2E_ONLY ? { VSCODE_E2E_ONLY: process.env.VSCODE_E2E_ONLY } : {}) },
    launchArgs: [
      workspace,
      '--user-data-dir', userDataDir,
      '--extensions-dir', path.join(runDir, 'extensions'),
      '--disable-extensions', // other extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (e) {
  code = typeof e?.code === 'number' ? e.code : 1;
  console.error(`[e2e-electron] ${e?.message || e}`);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}

let result;
try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* no result */ }
const logs = scanLogs(path.join(userDataDir, 'logs'));
const failures = [];
for (const t of result?.tests ?? []) if (!t.ok) failures.push(`${t.name}\n${t.error}`);
if (!result) failures.push(`no result from the suite (VS Code exited with ${code})`);
for (const p of logs.problems) failures.push(`${p.file}: ${p.line}`);
console.log(`[e2e-electron] VS Code ${result?.vscodeVersion ?? '?'} (${result?.uiKind ?? '?'}), logs in ${path.relative(ROOT, runDir)}/, ${since(t0)}`);
for (const f of failures) console.log(`[e2e-electron] FAILED: ${f}`);
console.log(`e2e (electron): ${result?.passed ?? 0} passed, ${failures.length} failed`);
process.exit(failures.length || code ? 1 : 0);
