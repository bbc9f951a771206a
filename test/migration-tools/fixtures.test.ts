// Each migration tool's fixture history (test/fixtures/migration-tools/<tool>, in the tool's real
// layout with its markers, opt-outs and own files) is detected, ordered, split and replayed the way
// the tool runs it. The files are read from disk the way the CLI reads them (node/project.ts).
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { lintProject, type FileResult, type ProjectResult, type TransactionMode } from '../../server/src/engine/index.js';
import { findSqlFiles, findToolFiles, readSqlFiles, toPosix } from '../../server/src/node/project.js';
import { onlyRules, usePostgresParser } from '../helpers/engine.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'migration-tools');

interface FileExpectation {
  role?: 'up' | 'down' | 'verify';
  /** How the tool runs the file's forward part (or the whole of a down file). */
  transaction: TransactionMode;
  /** Statements in the forward part and in the down sections. */
  up: number;
  down: number;
}

interface ToolCase {
  tool: string;
  /** History order (paths relative to the fixture). */
  order: string[];
  files: Record<string, FileExpectation>;
  /** Tables and indexes (schema.name) after replaying the history. */
  tables: string[];
  indexes: string[];
}

async function load(name: string): Promise<ProjectResult> {
  const root = join(FIXTURES, name);
  const { files } = await findSqlFiles([root]);
  const [reads, toolFiles] = await Promise.all([readSqlFiles(files), findToolFiles(root, files)]);
  const sources = files.map((f, i) => {
    const r = reads[i]!;
    assert.ok(r.ok, `${f} is readable`);
    return { path: f, relPath: toPosix(relative(root, f)), text: r.text };
  });
  return lintProject(sources, onlyRules(['syntax-error']), { toolFiles });
}

function statementsOf(result: ProjectResult, f: FileResult): { up: number; down: number } {
  const all = f.parsed.statements.length;
  const up = result.history.find((h) => h.path === f.path)!;
  return up.isDown ? { up: 0, down: all } : { up: up.parsed.statements.length, down: all - up.parsed.statements.length };
}

const CASES: Record<string, ToolCase> = {
  prisma: {
    tool: 'prisma',
    order: ['prisma/migrations/20240101000000_init/migration.sql', 'prisma/migrations/20240102000000_add_project_index/migration.sql', 'prisma/migrations/20240110000000_add_slug/migration.sql'],
    files: {
      // One script of several statements: one implicit transaction.
      'prisma/migrations/20240101000000_init/migration.sql': { transaction: 'implicit', up: 3, down: 0 },
      // A lone statement runs outside any transaction (CONCURRENTLY works there).
      'prisma/migrations/20240102000000_add_project_index/migration.sql': { transaction: 'none', up: 1, down: 0 },
      'prisma/migrations/20240110000000_add_slug/migration.sql': { transaction: 'implicit', up: 2, down: 0 },
    },
    tables: ['public.Workspace', 'public.Project'],
    indexes: ['public.Project_workspaceId_idx', 'public.Workspace_slug_key'],
  },
  goose: {
    tool: 'goose',
    order: ['db/migrations/00001_create_users.sql', 'db/migrations/00002_add_email_index.sql', 'db/migrations/00010_create_events.sql'],
    files: {
      // Two StatementBegin … End blocks whose last statement has no semicolon, then a down section.
      'db/migrations/00001_create_users.sql': { transaction: 'tool', up: 3, down: 3 },
      'db/migrations/00002_add_email_index.sql': { transaction: 'none', up: 1, down: 1 },
      'db/migrations/00010_create_events.sql': { transaction: 'tool', up: 2, down: 2 },
    },
    // The down sections' DROP TABLEs are not replayed.
    tables: ['public.users', 'public.events', 'public.events_2024'],
    indexes: ['public.users_email_idx'],
  },
  dbmate: {
    tool: 'dbmate',
    order: ['db/migrations/20240101000000_create_users.sql', 'db/migrations/20240102000000_add_email_index.sql', 'db/migrations/20240103000000_add_name.sql'],
    files: {
      'db/migrations/20240101000000_create_users.sql': { transaction: 'tool', up: 1, down: 1 },
      'db/migrations/20240102000000_add_email_index.sql': { transaction: 'none', up: 1, down: 1 },
      // The down section's last statement has no semicolon: dbmate sends the section as it is.
      'db/migrations/20240103000000_add_name.sql': { transaction: 'tool', up: 2, down: 3 },
    },
    tables: ['public.users', 'public.audit_log'],
    indexes: ['public.users_email_idx'],
  },
  'sql-migrate': {
    tool: 'sql-migrate',
    order: ['migrations/1_init.sql', 'migrations/2_people_name_index.sql', 'migrations/10_pets.sql'],
    files: {
      'migrations/1_init.sql': { transaction: 'tool', up: 2, down: 2 },
      'migrations/2_people_name_index.sql': { transaction: 'none', up: 1, down: 1 },
      'migrations/10_pets.sql': { transaction: 'tool', up: 1, down: 1 },
    },
    tables: ['public.people', 'public.pets'],
    indexes: ['public.people_name_idx'],
  },
  'golang-migrate': {
    tool: 'golang-migrate',
    order: [
      'migrations/000001_create_users_table.up.sql',
      'migrations/000001_create_users_table.down.sql',
      'migrations/000002_add_users_email_index.up.sql',
      'migrations/000002_add_users_email_index.down.sql',
      'migrations/000010_add_users_name.up.sql',
      'migrations/000010_add_users_name.down.sql',
    ],
    files: {
      'migrations/000001_create_users_table.up.sql': { transaction: 'none', up: 1, down: 0 },
      'migrations/000001_create_users_table.down.sql': { role: 'down', transaction: 'none', up: 0, down: 1 },
      'migrations/000002_add_users_email_index.up.sql': { transaction: 'none', up: 1, down: 0 },
      'migrations/000010_add_users_name.up.sql': { transaction: 'implicit', up: 2, down: 0 },
      'migrations/000010_add_users_name.down.sql': { role: 'down', transaction: 'implicit', up: 0, down: 2 },
    },
    tables: ['public.users'],
    indexes: ['public.users_email_idx', 'public.users_name_idx'],
  },
  flyway: {
    tool: 'flyway',
    // Versioned by version (1 < 1.1 < 2 < 10), the undo right after its migration, repeatables last.
    order: [
      'src/main/resources/db/migration/V1__create_account.sql',
      'src/main/resources/db/migration/V1_1__add_account_name.sql',
      'src/main/resources/db/migration/V2__add_account_email_index.sql',
      'src/main/resources/db/migration/U2__add_account_email_index.sql',
      'src/main/resources/db/migration/V10__add_created_at.sql',
      'src/main/resources/db/migration/R__account_names.sql',
    ],
    files: {
      'src/main/resources/db/migration/V1__create_account.sql': { transaction: 'tool', up: 1, down: 0 },
      // Only non-transactional statements: Flyway runs it outside a transaction by itself.
      'src/main/resources/db/migration/V2__add_account_email_index.sql': { transaction: 'none', up: 1, down: 0 },
      'src/main/resources/db/migration/U2__add_account_email_index.sql': { role: 'down', transaction: 'none', up: 0, down: 1 },
      // V10__add_created_at.sql.conf: executeInTransaction=false.
      'src/main/resources/db/migration/V10__add_created_at.sql': { transaction: 'none', up: 2, down: 0 },
      'src/main/resources/db/migration/R__account_names.sql': { transaction: 'tool', up: 1, down: 0 },
    },
    tables: ['public.account'],
    indexes: ['public.account_email_idx', 'public.account_created_at_idx'],
  },
  diesel: {
    tool: 'diesel',
    order: [
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      'migrations/00000000000000_diesel_initial_setup/down.sql',
      'migrations/2024-01-01-000000_create_posts/up.sql',
      'migrations/2024-01-01-000000_create_posts/down.sql',
      'migrations/2024-01-02-000000-0000_index_posts/up.sql',
      'migrations/2024-01-02-000000-0000_index_posts/down.sql',
    ],
    files: {
      'migrations/2024-01-01-000000_create_posts/up.sql': { transaction: 'tool', up: 1, down: 0 },
      'migrations/2024-01-01-000000_create_posts/down.sql': { role: 'down', transaction: 'tool', up: 0, down: 1 },
      // metadata.toml: run_in_transaction = false, and the statement is alone in up.sql.
      'migrations/2024-01-02-000000-0000_index_posts/up.sql': { transaction: 'none', up: 1, down: 0 },
    },
    tables: ['public.posts'],
    indexes: ['public.posts_title_idx'],
  },
  atlas: {
    tool: 'atlas',
    order: ['migrations/20240101000000_init.sql', 'migrations/20240102000000_email_index.sql', 'migrations/20240103000000_name.sql'],
    files: {
      'migrations/20240101000000_init.sql': { transaction: 'tool', up: 1, down: 0 },
      // -- atlas:txmode none
      'migrations/20240102000000_email_index.sql': { transaction: 'none', up: 1, down: 0 },
    },
    tables: ['public.users'],
    indexes: ['public.users_email_idx'],
  },
  sqitch: {
    tool: 'sqitch',
    // The plan's order, not the alphabet's (add_index < schema < users): deploy, revert, verify per change.
    order: ['deploy/schema.sql', 'revert/schema.sql', 'verify/schema.sql', 'deploy/users.sql', 'revert/users.sql', 'verify/users.sql', 'deploy/add_index.sql', 'revert/add_index.sql'],
    files: {
      // psql runs statements one by one; the script's own BEGIN … COMMIT makes the block.
      'deploy/schema.sql': { transaction: 'none', up: 3, down: 0 },
      'revert/schema.sql': { role: 'down', transaction: 'none', up: 0, down: 3 },
      'verify/users.sql': { role: 'verify', transaction: 'none', up: 0, down: 3 },
      'deploy/add_index.sql': { transaction: 'none', up: 1, down: 0 },
    },
    tables: ['flipr.users'],
    indexes: ['flipr.users_password_idx'],
  },
  supabase: {
    tool: 'supabase',
    order: ['supabase/migrations/20240101000000_profiles.sql', 'supabase/migrations/20240102000000_profiles_username_index.sql'],
    files: {
      // One batch with the migration-history insert: always one implicit transaction.
      'supabase/migrations/20240101000000_profiles.sql': { transaction: 'implicit', up: 2, down: 0 },
      'supabase/migrations/20240102000000_profiles_username_index.sql': { transaction: 'implicit', up: 1, down: 0 },
    },
    tables: ['public.profiles'],
    indexes: ['public.profiles_username_lower_idx'],
  },
  plain: {
    tool: 'plain',
    order: ['migrations/0001_orders.sql', 'migrations/0002_orders_customer_index.sql', 'migrations/0010_order_status.sql'],
    files: {
      'migrations/0002_orders_customer_index.sql': { transaction: 'none', up: 1, down: 0 },
      // The seed template: UP (BEGIN … COMMIT), DOWN, VERIFY.
      'migrations/0010_order_status.sql': { transaction: 'none', up: 3, down: 5 },
    },
    tables: ['public.orders'],
    indexes: ['public.orders_customer_idx'],
  },
};

describe('migration-tool fixtures', () => {
  usePostgresParser();
  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: detected, ordered, split and replayed as ${c.tool} does`, async () => {
      const result = await load(name);
      const syntax = result.files.flatMap((f) => f.findings.map((d) => `${f.relPath}:${d.start.line + 1}: ${d.message}`));
      assert.deepEqual(syntax, [], 'no syntax error: statements split as the tool splits them');
      assert.deepEqual(
        result.files.map((f) => f.relPath),
        c.order,
        'history order',
      );
      for (const f of result.files) assert.equal(f.run.tool, c.tool, `${f.relPath} is detected as ${c.tool}`);
      for (const [path, e] of Object.entries(c.files)) {
        const f = result.files.find((x) => x.relPath === path);
        assert.ok(f, `${path} is in the history`);
        assert.equal(f.run.role, e.role ?? 'up', `${path}: role`);
        assert.equal(f.run.transaction, e.transaction, `${path}: transaction`);
        assert.deepEqual(statementsOf(result, f), { up: e.up, down: e.down }, `${path}: statements in the up part and in the down sections`);
      }
      assert.deepEqual([...result.final.tables.keys()].sort(), [...c.tables].sort(), 'tables after the replay');
      assert.deepEqual([...result.final.indexes.keys()].filter((k) => !/_pkey$|_key$/.test(k) || c.indexes.includes(k)).sort(), [...c.indexes].sort(), 'indexes after the replay');
    });
  }
});
