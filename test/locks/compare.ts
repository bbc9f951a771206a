// The lock model's prediction for a statement, compared with what PostgreSQL did (pg-probe.ts).
import { defaultConfig, lintProject, type ResolvedConfig, type SourceFile } from '../../server/src/engine/index.js';
import { isBlocking, lockStrength, type LockMode } from '../../server/src/engine/locks/modes.js';
import type { FileLocks, StatementLocks } from '../../server/src/engine/locks/types.js';
import type { Observation } from './pg-probe.js';

/** A config with every rule off: only the history's replay and the lock model run. */
export function modelOnlyConfig(postgresVersion: number): ResolvedConfig {
  const config = defaultConfig();
  for (const [id, s] of config.rules) config.rules.set(id, { ...s, severity: 'off' });
  config.postgresVersion = postgresVersion;
  return config;
}

/** The lock model of every file of a history (in the order given). */
export function predictFiles(files: SourceFile[], postgresVersion: number, migrations: string[] = []): Map<string, FileLocks> {
  const result = lintProject(files, { ...modelOnlyConfig(postgresVersion), migrations }, { locks: true });
  return new Map(result.files.map((f) => [f.path, f.locks!]));
}

const TABLE_KINDS = new Set(['r', 'p', 'm', 'f']);

export interface CompareOptions {
  /** Weak predictions (up to RowExclusiveLock) must match exactly; otherwise PostgreSQL may take any weak lock (triggers, foreign-key checks). */
  exactWeak: boolean;
}

/**
 * The disagreements between a prediction and an observation, as sentences; empty when they agree.
 * Agreement means: every relation PostgreSQL locked stronger than RowExclusiveLock is predicted with
 * exactly that mode; every predicted relation was locked in the predicted mode (weak ones: see
 * CompareOptions); a relation gets a new file exactly when a rewrite (or TRUNCATE) is predicted; a
 * predicted scan of a relation under a blocking lock shows as a sequential scan. Relations created by
 * the statement itself and index entries whose table the history does not know are not compared.
 */
/** The relations whose scan the comparison checks (pass to LockProbe.observe as `scansOf`). */
export function scanned(p: StatementLocks): string[] {
  return p.relations.filter((r) => r.scan && !r.rewrite && r.kind !== 'index').map((r) => r.key);
}

export function disagreements(p: StatementLocks, o: Observation, options: CompareOptions): string[] {
  const out: string[] = [];
  const predicted = new Map<string, { mode: LockMode; rewrite: boolean; scan: boolean; uncertain: boolean }>();
  for (const r of p.relations) {
    if (r.kind === 'index') continue;
    predicted.set(r.key, { mode: r.mode, rewrite: r.rewrite, scan: r.scan, uncertain: r.causes.some((c) => c.uncertain) });
  }
  if (o.locksObserved) {
    for (const [key, mode] of o.locks) {
      const rel = o.before.get(key);
      if (!rel) continue;
      const expected = predicted.get(key);
      if (!expected) {
        // Views are compared only where predicted: CASCADE and view rules lock views the model does not list.
        if (isBlocking(mode) && TABLE_KINDS.has(rel.relkind) && !p.incomplete) out.push(`PostgreSQL took ${mode} on ${key}, the model predicted nothing`);
        continue;
      }
      if (expected.mode === mode) continue;
      if (!isBlocking(mode) && !isBlocking(expected.mode) && !options.exactWeak) continue;
      out.push(`${key}: predicted ${expected.mode}, PostgreSQL took ${mode}`);
    }
    for (const [key, e] of predicted) {
      if (o.locks.has(key) || !o.before.has(key)) continue;
      if (!isBlocking(e.mode) && !options.exactWeak) continue;
      out.push(`${key}: predicted ${e.mode}, PostgreSQL took no lock`);
    }
  }
  const truncate = p.command === 'TRUNCATE';
  for (const [key, rel] of o.before) {
    if (!TABLE_KINDS.has(rel.relkind)) continue;
    const e = predicted.get(key);
    const changed = o.newFile.has(key);
    const expectNewFile = !!e && (e.rewrite || (truncate && lockStrength(e.mode) === lockStrength('AccessExclusiveLock')));
    if (e?.uncertain) continue;
    if (changed && !expectNewFile) out.push(`${key} was rewritten (new relfilenode), the model predicted no rewrite`);
    if (!changed && expectNewFile && rel.relkind !== 'p') out.push(`${key}: predicted a rewrite, the relfilenode did not change`);
  }
  for (const [key, e] of predicted) {
    if (!e.scan || e.rewrite || e.uncertain || !o.before.has(key) || o.before.get(key)!.relkind === 'p') continue;
    if (o.locksObserved && !o.scanned.has(key) && !p.ownTransactions) out.push(`${key}: predicted a scan, PostgreSQL did not read the table`);
  }
  return out;
}
