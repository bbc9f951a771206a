// `sql-schema-lint verify [paths…]`: applies the history in order to a fresh PostgreSQL (PGlite in a
// worker thread, or a scratch database on --database-url) and reports the first migration it rejects
// as a `migration-fails` finding, in the same formats and with the same exit codes as linting. Files
// after that one are listed as not checked (text and GitHub: one note; JSON: `verify.notChecked`;
// SARIF: a notification of the run), never as failures. An extension the server lacks ends the run
// with a "not checked" reason and exit code 0: it is not the history's fault.
import { loadPostgresParser, type ResolvedConfig, type SourceFile, type ToolFile } from '../engine/index.js';
import type { ApplyResult } from '../pg/apply-history.js';
import { applyInWorker } from '../pg/apply-in-worker.js';
import { applyOnServer } from '../pg/pg-server.js';
import { describeServer, planVerify, verifyReport, type VerifyPlan } from '../pg/verify.js';
import type { CliArgs } from './args.js';
import type { Io } from './main.js';
import { emitReport } from './reporters/emit.js';
import type { ReportInput } from './reporters/types.js';

const DEFAULT_TIMEOUT_S = 600;

export interface VerifyInput {
  sources: SourceFile[];
  config: ResolvedConfig;
  toolFiles: readonly ToolFile[];
  /** Files that could not be read (exit code 2, as for linting). */
  skipped: ReportInput['skipped'];
  display: (p: string) => string;
  version: string;
}

interface Applied {
  result: ApplyResult;
  serverVersion: string;
  engine: 'pglite' | 'server';
}

async function apply(plan: VerifyPlan, args: CliArgs, io: Io): Promise<Applied> {
  const timeoutMs = (args.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  const steps = plan.files.map((f) => f.step);
  if (args.databaseUrl) {
    const r = await applyOnServer(steps, { databaseUrl: args.databaseUrl, timeoutMs, setup: plan.setup });
    for (const l of r.leftovers) io.stderr(`sql-schema-lint: warning: ${l}\n`);
    return { result: r.result, serverVersion: r.serverVersion, engine: 'server' };
  }
  const [r] = await applyInWorker([{ steps, options: { setup: plan.setup, missingExtension: 'stop' } }], { timeoutMs });
  return { result: r!.result, serverVersion: r!.serverVersion, engine: 'pglite' };
}

export async function runVerify(input: VerifyInput, args: CliArgs, io: Io): Promise<number> {
  const { config, display } = input;
  await loadPostgresParser();
  const plan = planVerify(input.sources, config, input.toolFiles);
  let applied: Applied;
  try {
    applied = await apply(plan, args, io);
  } catch (e) {
    io.stderr(`sql-schema-lint: verify could not run: ${(e as Error)?.message ?? e}\n`);
    return 2;
  }
  const checkedBy = describeServer(applied.serverVersion, applied.engine, config.postgresVersion);
  const verdict = verifyReport(plan, applied.result, checkedBy, applied.engine, config);
  const failed = applied.result.failure && plan.files[applied.result.failure.step];
  const report: ReportInput = {
    files: plan.files.map((f) => ({ displayPath: display(f.path), findings: verdict.findings.get(f.path) ?? [], text: f.parsed.text })),
    skipped: input.skipped,
    verify: {
      checkedBy,
      applied: verdict.applied,
      migrations: plan.files.length,
      notChecked: verdict.notChecked.map((n) => ({ displayPath: display(n.path), reason: n.reason })),
      ...(failed ? { failed: display(failed.path) } : {}),
      ...(verdict.stopped ? { stopped: { displayPath: display(verdict.stopped.path), reason: verdict.stopped.reason } } : {}),
    },
  };
  return emitReport(report, args, io, input.version);
}
