// The e2e suite's small harness, loaded inside the VS Code extension host (code-server's remote host
// here, a desktop host under @vscode/test-electron): a test list run in order, deadline-bound waits,
// helpers over the real `vscode` API, and the bridge to the screen driver (test/e2e/run.mjs), which
// does what only a screen can (Problems panel, quick-fix menu, the score webview, screenshots).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'sql-schema-lint.sql-schema-lint';
export const SOURCE = 'sql-schema-lint';

// ---------------------------------------------------------------- tests

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  /** Screen checks skipped (no screen driver, e.g. under @vscode/test-electron). */
  skippedUi?: string[];
}

interface Test {
  name: string;
  fn: (t: TestContext) => Promise<void>;
}

export interface TestContext {
  /** Notes a screen check that could not run (no driver). */
  skipUi(what: string): void;
}

const tests: Test[] = [];

/** Registers a test; tests run in registration order and share the workspace state. */
export function test(name: string, fn: (t: TestContext) => Promise<void>): void {
  tests.push({ name, fn });
}

/** Lines prefixed "[test]" (and TAP ok / not ok) are what the driver prints live. */
export function log(msg: string): void {
  console.log(`[test] ${msg}`);
}

export async function runAll(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  // VSCODE_E2E_ONLY=1,4: only the tests whose names start with those numbers (debugging; a full run needs all).
  const only = (process.env.VSCODE_E2E_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  for (const t of tests) {
    if (only.length && !only.some((n) => t.name.startsWith(`${n}.`))) continue;
    const t0 = Date.now();
    const skippedUi: string[] = [];
    try {
      await t.fn({ skipUi: (what) => skippedUi.push(what) });
      results.push({ name: t.name, ok: true, ms: Date.now() - t0, ...(skippedUi.length ? { skippedUi } : {}) });
      console.log(`ok - ${t.name} (${Date.now() - t0} ms)${skippedUi.length ? ` # screen checks skipped: ${skippedUi.join(', ')}` : ''}`);
    } catch (err) {
      const error = String((err as Error)?.stack || err);
      results.push({ name: t.name, ok: false, ms: Date.now() - t0, error });
      console.log(`not ok - ${t.name} (${Date.now() - t0} ms)\n${error.split('\n').map((l) => `#   ${l}`).join('\n')}`);
    }
  }
  return results;
}

// ---------------------------------------------------------------- waiting

/**
 * Polls `check` (on every diagnostics change and every 100 ms) until it returns something truthy, or
 * fails after `timeoutMs` with `what` and the last value `describe` gives. Never a fixed sleep.
 */
export function waitFor<T>(what: string, check: () => T | undefined | false | null | Promise<T | undefined | false | null>, { timeoutMs = 30000, describe }: { timeoutMs?: number; describe?: () => string } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let busy = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      fn();
    };
    const attempt = async (): Promise<void> => {
      if (done || busy) return;
      busy = true;
      try {
        const v = await check();
        if (v) finish(() => resolve(v as T));
      } catch (e) {
        finish(() => reject(e));
      } finally {
        busy = false;
      }
    };
    const timer = setTimeout(() => {
      let last = '';
      try {
        last = describe ? `; last state: ${describe()}` : '';
      } catch {
        /* ignore */
      }
      finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`)));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => void attempt());
    const poll = setInterval(() => void attempt(), 100);
    void attempt();
  });
}

// ---------------------------------------------------------------- workspace and documents

export function workspaceRoot(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length !== 1) throw new Error(`expected one workspace folder, got ${folders.length}`);
  return folders[0]!.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/** The range of the `nth` occurrence of `needle` in the document (0-based), or throws. */
export function find(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth + 1}) not found in ${path.basename(doc.uri.path)}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

// ---------------------------------------------------------------- diagnostics

export function ruleOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Our diagnostics of one file (source sql-schema-lint), optionally of one rule. */
export function ours(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (!rule || ruleOf(d) === rule));
}

/** Every file's diagnostics of ours. */
export function allOurs(): Array<[vscode.Uri, vscode.Diagnostic[]]> {
  return vscode.languages
    .getDiagnostics()
    .map(([u, ds]) => [u, ds.filter((d) => d.source === SOURCE)] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, ds]) => ds.length > 0);
}

export function summary(ds: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)}`));
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const r = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, kind);
  return (r ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Code actions of ours for one diagnostic (VS Code asks with the diagnostics under the range). */
export async function actionsFor(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix.value);
  return all.filter((a) => !a.diagnostics || a.diagnostics.some((x) => x.source === SOURCE && ruleOf(x) === ruleOf(d) && x.range.isEqual(d.range)));
}

/**
 * A safe fix, the kind fix-all and `--fix` apply: the preferred action. Suggestions (judgement calls, not
 * preferred), "Disable … for this line/file" and "Show documentation" are quick fixes too, but not these.
 */
export function isSafeFix(a: vscode.CodeAction): boolean {
  return a.isPreferred === true && !!a.edit;
}

// ---------------------------------------------------------------- the CLI (the same build as the extension)

export function extensionRoot(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.extensionPath;
}

/** Runs dist/cli.js with the extension host's own Node (Electron's, as Node, under test-electron). */
export function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = path.join(extensionRoot(), 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------- the screen driver

let seq = 0;
const uiDir = process.env.VSCODE_E2E_UI_DIR;

/** Whether a screen driver answers (code-server + Chromium run); false under @vscode/test-electron. */
export const hasScreen = !!uiDir;

export interface UiAnswer {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

/**
 * Asks the screen driver to do something only a screen can (read the Problems panel, the quick-fix
 * menu, the score webview; take a screenshot). Request and answer are JSON files in VSCODE_E2E_UI_DIR.
 */
export async function ui(op: string, args: Record<string, unknown> = {}, timeoutMs = 45000): Promise<UiAnswer> {
  if (!uiDir) throw new Error('no screen driver');
  const n = ++seq;
  const req = path.join(uiDir, `req-${String(n).padStart(4, '0')}.json`);
  const res = path.join(uiDir, `res-${String(n).padStart(4, '0')}.json`);
  fs.writeFileSync(req + '.tmp', JSON.stringify({ op, ...args }));
  fs.renameSync(req + '.tmp', req);
  const answer = await waitFor(`the screen driver's answer to "${op}"`, () => {
    try {
      return JSON.parse(fs.readFileSync(res, 'utf8')) as UiAnswer;
    } catch {
      return undefined;
    }
  }, { timeoutMs });
  if (!answer.ok) throw new Error(`screen check "${op}" failed: ${answer.error}`);
  return answer;
}
