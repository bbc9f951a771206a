// Runs the built CLI (dist/cli.js) as a process, as CI and users do.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the process was killed, e.g. SIGTERM after `timeout`. */
  signal: NodeJS.Signals | null;
}

export function runCli(args: string[], cwd: string, env?: Record<string, string>): CliRun {
  return spawnCli(args, cwd, { env });
}

/** runCli with a time limit (`signal` tells a hang) or a command to run it through (`prefix`, e.g. setpriv). */
export function spawnCli(args: string[], cwd: string, options: { env?: Record<string, string>; timeout?: number; prefix?: string[] }): CliRun {
  const [command, ...rest] = [...(options.prefix ?? []), process.execPath, CLI, ...args];
  const r = spawnSync(command!, rest, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeout });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/**
 * A way to run the CLI as a user whom permission bits stop: tests run as root, whom they do not. As root,
 * the CLI runs as `nobody` through setpriv (the fixture folder is opened to others for it); undefined when
 * that is not possible here.
 */
export function asUnprivileged(dir: string): ((args: string[]) => CliRun) | undefined {
  if (process.getuid?.() !== 0) return (args) => runCli(args, dir);
  if (spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  chmodSync(dir, 0o755);
  return (args) => spawnCli(args, dir, { prefix: ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] });
}

/** Makes a named pipe (Node has no API for it). */
export function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mkfifo ${p} failed: ${r.stderr || r.error?.message}`);
}

/** A temporary folder holding the given files. */
export function fixture(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** One entry of `--format json`'s `diagnostics` (the public JSON contract, version 1). */
export interface JsonDiagnostic {
  file: string;
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}
