// Lines for the client's output channel ("SQL Schema Lint"). `once` keeps a repeating problem (a rule
// that throws on every keystroke, an unreadable file) to one line until it is forgotten.
import type { Connection } from 'vscode-languageserver';

export class Logger {
  private readonly seen = new Set<string>();

  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.connection.console.info(message);
  }

  warn(message: string): void {
    this.connection.console.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.connection.console.error(error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  /** Logs `message` the first time `key` is seen. */
  once(key: string, level: 'info' | 'warn' | 'error', message: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this[level](message);
  }

  forget(keyPrefix: string): void {
    for (const k of this.seen) if (k.startsWith(keyPrefix)) this.seen.delete(k);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
