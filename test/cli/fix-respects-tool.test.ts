// `--fix` never adds CONCURRENTLY to a file its migration tool runs in a transaction, run as a
// process on a Prisma history; the fixed history still applies to PostgreSQL (PGlite) the way
// Prisma applies it (each migration.sql as one multi-statement query), and the edit the fix
// refused would have failed there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const INIT = 'prisma/migrations/20240101000000_init/migration.sql';
const MULTI = 'prisma/migrations/20240102000000_add_age/migration.sql';
const SINGLE = 'prisma/migrations/20240103000000_index_name/migration.sql';

const files = {
  'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
  [INIT]: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, "name" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n',
  // Prisma sends this file as one query: PostgreSQL runs its statements in one implicit transaction.
  [MULTI]: '-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n\n-- CreateIndex\nCREATE INDEX "User_email_idx" ON "User"("email");\n',
  // A lone statement sent as one query runs outside any transaction: CONCURRENTLY is safe here.
  [SINGLE]: '-- CreateIndex\nCREATE INDEX "User_name_idx" ON "User"("name");\n',
};

const ORDER = [INIT, MULTI, SINGLE];

test('--fix adds CONCURRENTLY only where Prisma runs the statement outside a transaction, and the fixed history applies to PostgreSQL', async () => {
  const dir = fixture(files);
  const r = runCli(['--fix', '--rule', 'require-concurrent-index=warning', '--format', 'json', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.migrationTool, 'prisma');
  const text = (p: string): string => readFileSync(join(dir, p), 'utf8');
  // Other rules' fixes apply (require-lock-timeout's SET), but CONCURRENTLY is never added here.
  assert.doesNotMatch(text(MULTI), /CONCURRENTLY/, 'no CONCURRENTLY in the multi-statement migration');
  assert.match(text(MULTI), /CREATE INDEX "User_email_idx"/);
  // The lone index gets CONCURRENTLY and stays alone: require-lock-timeout's SET for the plain index
  // would have made it a second statement (one implicit transaction), so that fix waits a pass and is
  // then no longer needed.
  assert.equal(text(SINGLE), '-- CreateIndex\nCREATE INDEX CONCURRENTLY "User_name_idx" ON "User"("name");\n');
  // The finding that stays (line 6 after the SET) tells the user how: a new migration of its own (a suggestion in the editor).
  const left = out.diagnostics.filter((d: { rule: string }) => d.rule === 'require-concurrent-index');
  assert.deepEqual(
    left.map((d: { file: string; line: number; fixable: boolean }) => [d.file, d.line, d.fixable]),
    [[MULTI, 6, false]],
  );

  const { PGlite } = await import('@electric-sql/pglite');
  const apply = async (history: string[]): Promise<string | undefined> => {
    const db = new PGlite();
    try {
      for (const p of history) await db.exec(p);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await db.close();
    }
  };
  assert.equal(await apply(ORDER.map(text)), undefined, 'the fixed history applies the way Prisma applies it');
  const forced = text(MULTI).replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY');
  assert.match((await apply([text(INIT), forced])) ?? '', /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/, 'CONCURRENTLY in the multi-statement file would have failed');
});
