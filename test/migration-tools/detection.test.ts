// What the project's tool was detected from (the editor's status bar says it): each fixture history
// in its tool's real layout, read from disk as the CLI and the server read it, and the cases where
// the evidence changes (a tool file removed, the tool set in the config, a mixed folder).
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { detectProjectTool, fileMarkers, migrationSetup, parseDocument, type ToolDetection } from '../../server/src/engine/index.js';
import { findSqlFiles, findToolFiles, readSqlFiles, toPosix } from '../../server/src/node/project.js';
import { toolFiles, usePostgresParser } from '../helpers/engine.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'migration-tools');

function detect(files: Record<string, string>, tools: Record<string, string> = {}, configured?: Parameters<typeof migrationSetup>[1]): ToolDetection | undefined {
  const list = Object.entries(files).map(([relPath, text]) => ({ relPath, markers: fileMarkers(parseDocument(text)).families }));
  return detectProjectTool(list, migrationSetup(toolFiles(tools), configured));
}

async function detectFixture(name: string): Promise<ToolDetection | undefined> {
  const root = join(FIXTURES, name);
  const { files } = await findSqlFiles([root]);
  const [reads, tools] = await Promise.all([readSqlFiles(files), findToolFiles(root, files)]);
  const list = files.map((f, i) => {
    const r = reads[i]!;
    assert.ok(r.ok);
    return { relPath: toPosix(relative(root, f)), markers: fileMarkers(parseDocument(r.text)).families };
  });
  return detectProjectTool(list, migrationSetup(tools));
}

const PRISMA_INIT = 'CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n';

describe('what the project tool was detected from', () => {
  usePostgresParser();

  const fixtures: Record<string, Pick<ToolDetection, 'tool' | 'source' | 'evidence'>> = {
    prisma: { tool: 'prisma', source: 'files', evidence: ['migration_lock.toml'] },
    goose: { tool: 'goose', source: 'markers', evidence: [] },
    dbmate: { tool: 'dbmate', source: 'markers', evidence: [] },
    'sql-migrate': { tool: 'sql-migrate', source: 'markers', evidence: [] },
    'golang-migrate': { tool: 'golang-migrate', source: 'layout', evidence: [] },
    // flyway.toml decides for most scripts; V10 has its own configuration file.
    flyway: { tool: 'flyway', source: 'files', evidence: ['flyway.toml', '<script>.sql.conf'] },
    // diesel.toml for every migration, and the one with an opt-out has its metadata.toml.
    diesel: { tool: 'diesel', source: 'files', evidence: ['diesel.toml', 'metadata.toml'] },
    atlas: { tool: 'atlas', source: 'files', evidence: ['atlas.sum'] },
    sqitch: { tool: 'sqitch', source: 'files', evidence: ['sqitch.plan'] },
    supabase: { tool: 'supabase', source: 'files', evidence: ['supabase/config.toml'] },
    plain: { tool: 'plain', source: 'none', evidence: [] },
  };
  for (const [name, expected] of Object.entries(fixtures)) {
    test(`the ${name} fixture: ${expected.tool}, from ${expected.source}${expected.evidence.length ? ` (${expected.evidence.join(', ')})` : ''}`, async () => {
      const d = (await detectFixture(name))!;
      assert.deepEqual({ tool: d.tool, source: d.source, evidence: d.evidence }, expected);
      assert.equal(d.files, d.total, 'every file of the fixture is its tool’s');
    });
  }

  test('without migration_lock.toml a Prisma folder is still Prisma, by its layout; with it, by the file', () => {
    const files = { 'prisma/migrations/20240101000000_init/migration.sql': PRISMA_INIT };
    assert.deepEqual(detect(files), { tool: 'prisma', source: 'layout', evidence: [], files: 1, total: 1 });
    assert.deepEqual(detect(files, { 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' }), { tool: 'prisma', source: 'files', evidence: ['migration_lock.toml'], files: 1, total: 1 });
    // A lock file elsewhere says nothing about these migrations.
    assert.equal(detect(files, { 'other/migration_lock.toml': 'provider = "postgresql"\n' })!.source, 'layout');
  });

  test('plain numbered files: none detected until atlas.sum appears beside them', () => {
    const files = { 'migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint);\n', 'migrations/20240102000000_idx.sql': 'CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n' };
    assert.deepEqual(detect(files), { tool: 'plain', source: 'none', evidence: [], files: 2, total: 2 });
    const sum = 'h1:abc=\n20240101000000_init.sql h1:def=\n20240102000000_idx.sql h1:ghi=\n';
    assert.deepEqual(detect(files, { 'migrations/atlas.sum': sum }), { tool: 'atlas', source: 'files', evidence: ['atlas.sum'], files: 2, total: 2 });
  });

  test('the configured tool is reported as set, with the files it runs', () => {
    const files = { 'migrations/0001_a.sql': 'CREATE TABLE a (id bigint);\n', 'migrations/0002_b.sql': '-- +goose Up\nCREATE TABLE b (id bigint);\n' };
    assert.deepEqual(detect(files, {}, 'goose'), { tool: 'goose', source: 'config', evidence: [], files: 2, total: 2 });
    assert.deepEqual(detect(files, {}, 'plain'), { tool: 'plain', source: 'config', evidence: [], files: 2, total: 2 });
  });

  test('a mixed folder: the tool most files belong to, with its share', () => {
    const files = {
      'migrations/0001_a.sql': '-- +goose Up\nCREATE TABLE a (id bigint);\n',
      'migrations/0002_b.sql': '-- +goose Up\nCREATE TABLE b (id bigint);\n',
      'migrations/0003_c.sql': 'CREATE TABLE c (id bigint);\n',
    };
    assert.deepEqual(detect(files), { tool: 'goose', source: 'markers', evidence: [], files: 2, total: 3 });
    assert.equal(detect({}), undefined, 'no migrations, no tool');
    // Half the migrations by layout, half by a file of their own: the file is named.
    const diesel = { 'migrations/2024-01-01-000000_a/up.sql': 'CREATE TABLE a (id bigint);\n', 'migrations/2024-01-02-000000_b/up.sql': 'CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n' };
    assert.deepEqual(detect(diesel, { 'migrations/2024-01-02-000000_b/metadata.toml': 'run_in_transaction = false\n' }), { tool: 'diesel', source: 'files', evidence: ['metadata.toml'], files: 2, total: 2 });
  });
});
