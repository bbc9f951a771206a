// `node test/e2e/run.mjs --self-check` (VSCODE_E2E_SELF_CHECK=1): proves that the run catches what must
// fail it. This test causes an error notification, an unhandled promise rejection and a language server
// crash (SIGKILL; the client restarts it); the driver then has to report all three as failures.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { extensionRoot, log, open, test, waitFor } from './harness';

/** The language server's pid: a child of this extension host running dist/server.js. */
function serverPid(): number | undefined {
  const server = path.join(extensionRoot(), 'dist', 'server.js');
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m && Number(m[2]) === process.pid && m[3]!.includes(server)) return Number(m[1]);
  }
  return undefined;
}

if (process.env.VSCODE_E2E_SELF_CHECK === '1') {
  test('9. self-check: an error notification, an unhandled rejection and a server crash (each must fail the run)', async () => {
    await open('migrations/0002_create_catalog_and_orders.sql');
    const pid = await waitFor('the language server process', () => serverPid());
    void vscode.window.showErrorMessage('SQL Schema Lint e2e self-check: an error notification');
    void Promise.reject(new Error('e2e self-check: an unhandled rejection'));
    process.kill(pid, 'SIGKILL');
    const next = await waitFor('the client to restart the server', () => {
      const p = serverPid();
      return p && p !== pid ? p : undefined;
    });
    log(`self-check: killed server ${pid}, restarted as ${next}`);
  });
}
