// Protocol tests: the migration tool in the editor. The status notification names each project's tool
// and what it was detected from; the tools' own files (atlas.sum, Diesel's metadata.toml, …) are
// watched, and creating, changing or deleting one re-detects the tool and re-lints, so a CONCURRENTLY
// index is judged by the transaction the tool now runs it in.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectTool } from '../../server/src/lsp/protocol.js';
import { TOOL_FILE_GLOBS } from '../../server/src/node/project.js';
import { TestClient, tempProject, waitFor, writeFile } from './harness.js';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;
const IN_TRANSACTION = 'concurrent-index-in-transaction';

const PRISMA_INIT = 'CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n';
const GOOSE_INIT = '-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n';
const ATLAS_SUM = 'h1:abc=\n20240101000000_init.sql h1:def=\n20240102000000_idx.sql h1:ghi=\n';
const INIT = 'CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);\n';
const INDEX = 'CREATE INDEX CONCURRENTLY posts_title_idx ON posts (title);\n';
const MONEY = 'CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL, price float8);\n';
const ERROR = 1;
const WARNING = 2;

function toolOf(client: TestClient, name: string): ProjectTool | undefined {
  return client.pendingStatuses.at(-1)?.projects.find((p) => p.name === name)?.tool;
}

/** Waits until the newest status names `expected` for the project (and returns it). */
function waitForTool(client: TestClient, name: string, expected: Partial<ProjectTool>): Promise<ProjectTool> {
  return waitFor(`${name}'s tool ${JSON.stringify(expected)} (last: ${JSON.stringify(toolOf(client, name))})`, () => {
    const t = toolOf(client, name);
    return !!t && Object.entries(expected).every(([k, v]) => JSON.stringify(t[k as keyof ProjectTool]) === JSON.stringify(v)) && t;
  });
}

async function waitForFinding(client: TestClient, u: string, present: boolean): Promise<void> {
  await waitFor(`${IN_TRANSACTION} ${present ? 'reported' : 'gone'}`, async () => (await client.pull(u)).some((d) => d.code === IN_TRANSACTION) === present);
}

describe('the migration tool in the editor', () => {
  test('the status names the tool and what it was detected from: Prisma by its lock file, goose by its markers; a new lock file is seen', async () => {
    const prisma = tempProject({ 'prisma/migrations/20240101000000_init/migration.sql': PRISMA_INIT });
    const goose = tempProject({ 'db/migrations/00001_users.sql': GOOSE_INIT, 'db/migrations/00002_idx.sql': '-- +goose Up\nCREATE INDEX users_id_idx ON users (id);\n' });
    const client = await TestClient.start({ folders: [prisma, goose] });
    const [prismaName, gooseName] = [prisma, goose].map((d) => d.split('/').pop()!) as [string, string];
    try {
      const watched = await waitFor('file watchers', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
      const globs = (watched.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
      for (const glob of TOOL_FILE_GLOBS) assert.ok(globs.includes(glob), `${glob} is watched`);
      assert.ok(TOOL_FILE_GLOBS.some((g) => g.includes('migration_lock.toml') && g.includes('metadata.toml')));
      // No lock file yet: Prisma by its folder layout alone.
      await waitForTool(client, prismaName, { id: 'prisma', source: 'layout', files: 1, total: 1 });
      await waitForTool(client, gooseName, { id: 'goose', source: 'markers', files: 2, total: 2 });

      const lock = join(prisma, 'prisma/migrations/migration_lock.toml');
      writeFile(lock, 'provider = "postgresql"\n');
      await client.diskChanged(lock, CREATED);
      await waitForTool(client, prismaName, { id: 'prisma', source: 'files', evidence: ['migration_lock.toml'] });
      assert.equal(toolOf(client, gooseName)?.id, 'goose', 'the other project keeps its tool');

      rmSync(lock);
      await client.diskChanged(lock, DELETED);
      await waitForTool(client, prismaName, { id: 'prisma', source: 'layout' });
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });

  test('atlas.sum appearing beside plain numbered files makes Atlas run them in a transaction: CONCURRENTLY is reported, and no longer once it is gone', async () => {
    const dir = tempProject({ 'migrations/20240101000000_init.sql': INIT, 'migrations/20240102000000_idx.sql': INDEX });
    const name = dir.split('/').pop()!;
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, 'migrations/20240102000000_idx.sql'), INDEX);
      await waitForTool(client, name, { id: 'plain', source: 'none' });
      // Run statement by statement, as psql -f does: CONCURRENTLY works.
      await waitForFinding(client, u, false);

      const sum = join(dir, 'migrations/atlas.sum');
      writeFile(sum, ATLAS_SUM);
      await client.diskChanged(sum, CREATED);
      await waitForTool(client, name, { id: 'atlas', source: 'files', evidence: ['atlas.sum'] });
      await waitForFinding(client, u, true);
      const finding = (await client.pull(u)).find((d) => d.code === IN_TRANSACTION)!;
      assert.match(String(finding.message), /Atlas/, 'the message names the tool');

      rmSync(sum);
      await client.diskChanged(sum, DELETED);
      await waitForTool(client, name, { id: 'plain' });
      await waitForFinding(client, u, false);
    } finally {
      await client.stop();
    }
  });

  test('Diesel: a metadata.toml opt-out lets CONCURRENTLY run; changed back, it is reported again; a config change keeps the tool files', async () => {
    const idx = 'migrations/2024-01-02-000000_index_posts/up.sql';
    const dir = tempProject({
      'diesel.toml': '[print_schema]\nfile = "src/schema.rs"\n',
      'migrations/2024-01-01-000000_create_posts/up.sql': MONEY,
      'migrations/2024-01-01-000000_create_posts/down.sql': 'DROP TABLE posts;\n',
      [idx]: INDEX,
      'migrations/2024-01-02-000000_index_posts/down.sql': 'DROP INDEX CONCURRENTLY posts_title_idx;\n',
    });
    const name = dir.split('/').pop()!;
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, idx), INDEX);
      await waitForTool(client, name, { id: 'diesel', source: 'files', evidence: ['diesel.toml'] });
      // Diesel runs up.sql in a transaction.
      await waitForFinding(client, u, true);

      const metadata = join(dir, 'migrations/2024-01-02-000000_index_posts/metadata.toml');
      writeFile(metadata, 'run_in_transaction = false\n');
      await client.diskChanged(metadata, CREATED);
      await waitForFinding(client, u, false);
      await waitForTool(client, name, { id: 'diesel', evidence: ['diesel.toml', 'metadata.toml'] });

      writeFile(metadata, 'run_in_transaction = true\n');
      await client.diskChanged(metadata, CHANGED);
      await waitForFinding(client, u, true);

      writeFile(metadata, 'run_in_transaction = false\n');
      await client.diskChanged(metadata, CHANGED);
      await waitForFinding(client, u, false);

      // A new .sql-schema-lint.json regroups the projects; the opt-out read from disk must survive it.
      const first = await client.open(join(dir, 'migrations/2024-01-01-000000_create_posts/up.sql'), MONEY);
      const money = async (): Promise<number | undefined> => (await client.pull(first)).find((d) => d.code === 'no-float-for-money')?.severity;
      await waitFor('no-float-for-money as a warning', async () => (await money()) === WARNING);
      const config = join(dir, '.sql-schema-lint.json');
      writeFile(config, JSON.stringify({ rules: { 'no-float-for-money': 'error' } }));
      await client.diskChanged(config, CREATED);
      await waitFor('the new config applied', async () => (await money()) === ERROR);
      await waitForFinding(client, u, false);
      await waitForTool(client, name, { id: 'diesel', evidence: ['diesel.toml', 'metadata.toml'] });

      // Set in the config, the tool is reported as such.
      writeFile(config, JSON.stringify({ migrationTool: 'diesel' }));
      await client.diskChanged(config, CHANGED);
      await waitForTool(client, name, { id: 'diesel', source: 'config' });
      await waitForFinding(client, u, false);
      assert.deepEqual(client.logs.filter((l) => /failed/i.test(l)), []);
    } finally {
      await client.stop();
    }
  });

  test('Flyway: a script’s own .sql.conf with executeInTransaction=false takes CONCURRENTLY out of the transaction', async () => {
    const dir = tempProject({ 'flyway.toml': '[flyway]\nlocations = ["filesystem:sql"]\n', 'sql/V1__posts.sql': INIT, 'sql/V2__title.sql': `ALTER TABLE posts ADD COLUMN slug text;\n${INDEX}` });
    const name = dir.split('/').pop()!;
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, 'sql/V2__title.sql'), `ALTER TABLE posts ADD COLUMN slug text;\n${INDEX}`);
      await waitForTool(client, name, { id: 'flyway', source: 'files', evidence: ['flyway.toml'] });
      await waitForFinding(client, u, true);
      const conf = join(dir, 'sql/V2__title.sql.conf');
      writeFile(conf, 'executeInTransaction=false\n');
      await client.diskChanged(conf, CREATED);
      await waitForFinding(client, u, false);
      // One script each: a tie, in name order.
      await waitForTool(client, name, { id: 'flyway', evidence: ['<script>.sql.conf', 'flyway.toml'] });
    } finally {
      await client.stop();
    }
  });

  test('a migration in a new folder whose tool file is already there: the file is read with it', async () => {
    const dir = tempProject({ 'migrations/2024-01-01-000000_create_posts/up.sql': INIT });
    const name = dir.split('/').pop()!;
    const client = await TestClient.start({ folders: [dir] });
    try {
      await waitForTool(client, name, { id: 'diesel', source: 'layout' });
      // The opt-out is written first, the migration after it (as a generator or a git checkout may).
      writeFile(join(dir, 'migrations/2024-01-02-000000_index_posts/metadata.toml'), 'run_in_transaction = false\n');
      const up = join(dir, 'migrations/2024-01-02-000000_index_posts/up.sql');
      writeFile(up, INDEX);
      await client.diskChanged(up, CREATED);
      await waitForTool(client, name, { id: 'diesel', files: 2, evidence: ['metadata.toml'] });
      const u = await client.open(up, INDEX);
      await waitForFinding(client, u, false);
    } finally {
      await client.stop();
    }
  });
});
