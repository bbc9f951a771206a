// The migration-tool model's API: detection and the configured tool, sections and transactions of
// one file, statement splitting at markers, down sections neither replayed nor linted forward, and
// the names of a new migration.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  concurrentlyAt,
  defaultConfig,
  dominantTool,
  fileRun,
  migrationSetup,
  ownMigration,
  parseConfig,
  parseDocument,
  runsInTransaction,
  type HistoryFile,
} from '../../server/src/engine/index.js';
import { sqitchOrder } from '../../server/src/engine/migration-tools/tools/sqitch.js';
import { lint, onlyRules, toolFiles, usePostgresParser } from '../helpers/engine.js';

const GOOSE = `-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY);
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$
-- +goose StatementEnd
-- +goose Down
DROP FUNCTION f();
DROP TABLE users;
`;

function history(relPath: string, text: string, tools: Record<string, string> = {}, configured?: Parameters<typeof migrationSetup>[1]): HistoryFile {
  const parsed = parseDocument(text);
  const run = fileRun(relPath, parsed, migrationSetup(toolFiles(tools), configured));
  return { path: '/project/' + relPath, relPath, parsed, index: 0, isDown: false, run };
}

describe('migration-tool model', () => {
  usePostgresParser();

  test('goose: sections at the markers, the StatementBegin block ends at StatementEnd without a semicolon', () => {
    const parsed = parseDocument(GOOSE);
    assert.deepEqual(
      parsed.statements.map((s) => [s.type, !!s.error]),
      [
        ['CreateStmt', false],
        ['CreateFunctionStmt', false],
        ['DropStmt', false],
        ['DropStmt', false],
      ],
    );
    const run = fileRun('db/00001_users.sql', parsed, migrationSetup());
    assert.equal(run.tool, 'goose');
    assert.equal(run.transaction, 'tool');
    assert.deepEqual(
      run.upSections.map((s) => GOOSE.slice(s.range.start, s.range.end).split('\n')[0]),
      ['-- +goose Up'],
    );
    assert.deepEqual(
      run.downSections.map((s) => GOOSE.slice(s.marker!.start, s.marker!.end)),
      ['-- +goose Down'],
    );
    assert.equal(run.blocks.length, 1);
    // Without goose's markers the same text is one statement too many: PostgreSQL sees a syntax error.
    const unmarked = parseDocument(GOOSE.replace(/^-- \+goose .*$/gm, '-- note'));
    assert.ok(unmarked.statements.some((s) => s.error), 'the unmarked file has a syntax error');
  });

  test('the configured tool overrides detection; "auto" detects', () => {
    const text = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n';
    assert.equal(history('db/20240101000000_t.sql', text).run.tool, 'dbmate');
    const asPlain = history('db/20240101000000_t.sql', text, {}, 'plain').run;
    assert.equal(asPlain.tool, 'plain');
    assert.equal(asPlain.downSections.length, 0, 'plain files have no dbmate sections');
    assert.equal(parseConfig('{ "migrationTool": "goose" }', 'c.json').migrationTool, 'goose');
    assert.equal(parseConfig('{ "migrationTool": "auto" }', 'c.json').migrationTool, undefined);
    assert.equal(defaultConfig().migrationTool, undefined);
    assert.throws(() => parseConfig('{\n  "migrationTool": "liquibase"\n}', 'c.json'), (e: unknown) => e instanceof ConfigError && e.line === 2 && /must be "auto" or one of "prisma"/.test(e.problem));
  });

  test('the tool files decide: atlas.sum, migration_lock.toml, metadata.toml, <script>.sql.conf', () => {
    assert.equal(history('migrations/1_a.sql', 'SELECT 1;', { 'migrations/atlas.sum': 'h1:x\n1_a.sql h1:y\n' }).run.tool, 'atlas');
    assert.equal(history('migrations/1_a.sql', 'SELECT 1;').run.tool, 'plain');
    assert.equal(history('p/migrations/20240101000000_a/migration.sql', 'SELECT 1;', { 'p/migrations/migration_lock.toml': 'provider = "postgresql"' }).run.tool, 'prisma');
    const diesel = history('migrations/2024-01-01-000000_a/up.sql', 'SELECT 1; SELECT 2;', { 'migrations/2024-01-01-000000_a/metadata.toml': 'run_in_transaction = false' }).run;
    assert.deepEqual([diesel.tool, diesel.transaction], ['diesel', 'implicit'], 'run_in_transaction = false: still one batch of two statements');
    const flyway = history('db/V3__a.sql', 'SELECT 1;', { 'db/V3__a.sql.conf': 'executeInTransaction = false' }).run;
    assert.deepEqual([flyway.tool, flyway.transaction], ['flyway', 'none']);
  });

  test('ctx.inTransaction: every statement of a file its tool wraps; explicit BEGIN … COMMIT in a plain file', () => {
    const goose = history('db/00001_users.sql', GOOSE);
    assert.deepEqual(goose.parsed.statements.map((s) => runsInTransaction(goose, s)), [true, true, true, true]);
    const plain = history('m/0001_a.sql', 'SELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nSELECT 3;');
    assert.deepEqual(plain.parsed.statements.map((s) => runsInTransaction(plain, s)), [false, false, true, true, false]);
  });

  test('concurrentlyAt: asks the tool again as if the statement had CONCURRENTLY', () => {
    const idx = 'CREATE INDEX a_idx ON t (a);';
    // Flyway runs a migration of only CONCURRENTLY statements outside a transaction.
    const flyway = history('db/V2__a.sql', idx);
    assert.equal(flyway.run.transaction, 'tool');
    assert.deepEqual(concurrentlyAt(flyway, flyway.parsed.statements[0]), { allowed: true, toolName: 'Flyway' });
    // Prisma: alone, it runs outside a transaction, as long as it stays alone.
    const prisma = history('prisma/migrations/20240101000000_a/migration.sql', idx);
    assert.deepEqual(concurrentlyAt(prisma, prisma.parsed.statements[0]), { allowed: true, toolName: 'Prisma Migrate', alone: true });
    assert.equal(concurrentlyAt(prisma).reason, 'implicit', 'a statement appended to it would not');
    const goose = history('db/00002_a.sql', `-- +goose Up\n${idx}\n`);
    const v = concurrentlyAt(goose, goose.parsed.statements[0]);
    assert.equal(v.reason, 'tool');
    assert.equal(v.optOut?.title, 'add "-- +goose NO TRANSACTION" to the file');
  });

  test('a new migration of its own runs right after the file, in the tool\'s naming, never on a used version', () => {
    const file = history('prisma/migrations/20240101000000_add_index/migration.sql', 'SELECT 1;');
    const taken = [{ relPath: 'prisma/migrations/20240101000001_other/migration.sql' }, { relPath: file.relPath }];
    assert.deepEqual(ownMigration(file, taken, 'CREATE INDEX CONCURRENTLY i ON t (a);'), [
      { relPath: 'prisma/migrations/20240101000002_add_index_concurrently/migration.sql', text: 'CREATE INDEX CONCURRENTLY i ON t (a);\n' },
    ]);
    const flyway = history('db/V1_2__add_index.sql', 'SELECT 1;');
    assert.equal(ownMigration(flyway, [flyway], 'X;')?.[0]?.relPath, 'db/V1_2_1__add_index_concurrently.sql');
    const atlas = history('m/1_a.sql', 'SELECT 1;', { 'm/atlas.sum': 'h1:x\n1_a.sql h1:y\n' });
    assert.equal(ownMigration(atlas, [atlas], 'X;'), undefined, 'a new Atlas file would also need atlas.sum rehashed');
  });

  test('sqitch.plan: plan order; a reworked change reads its earlier script as <change>@<tag>', () => {
    const plan = { relPath: 'db/sqitch.plan', text: '%syntax-version=1.0.0\n%project=p\n\nb 2024-01-01T00:00:00Z A <a@x>\na 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\n\nb [b@v1] 2024-01-02T00:00:00Z A <a@x> # reworked\n' };
    assert.deepEqual(sqitchOrder(plan).filter((p) => p.includes('/deploy/')), ['db/deploy/b@v1.sql', 'db/deploy/a.sql', 'db/deploy/b.sql']);
  });

  test('down sections are neither replayed nor linted as forward migrations (the DROP TABLE of a partitioned table)', () => {
    // A goose down section drops the partitioned table; a later migration indexes it. Replaying the
    // down section made the table unknown, and the later finding advised CONCURRENTLY, which
    // PostgreSQL refuses on a partitioned table.
    const result = lint(
      {
        'db/00001_events.sql': '-- +goose Up\nCREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\n-- +goose Down\nDROP TABLE events;\n',
        'db/00002_index.sql': '-- +goose Up\nCREATE INDEX events_at_idx ON events (at);\n-- +goose Down\nDROP INDEX events_at_idx;\n',
      },
      onlyRules(['require-concurrent-index', 'no-drop-table', 'syntax-error']),
    );
    assert.ok(result.final.tables.get('public.events')?.partitioned, 'the table is still there after the history');
    const findings = result.files.flatMap((f) => f.findings.map((d) => `${f.relPath}:${d.start.line + 1} ${d.ruleId}/${d.messageId}${d.fix ? ' (fix)' : ''}`));
    assert.deepEqual(findings, ['db/00002_index.sql:2 require-concurrent-index/partitioned', 'db/00002_index.sql:4 require-concurrent-index/dropPartitioned']);
  });

  test('dominantTool: the tool most files belong to, plain files aside', () => {
    assert.equal(dominantTool(['plain', 'plain', 'dbmate']), 'dbmate');
    assert.equal(dominantTool(['plain']), 'plain');
    assert.equal(dominantTool([]), 'plain');
  });
});
