// Prisma Migrate: one folder per migration, `<timestamp>_<name>/migration.sql`, and a
// `migration_lock.toml` beside the folders. `prisma migrate deploy` sends each migration.sql to
// PostgreSQL as one script (prisma-engines schema-engine/connectors/sql-schema-connector/src/flavour/
// postgres/connection.rs, `apply_migration_script`: `client.simple_query(script)`), which PostgreSQL
// runs as one implicit transaction when it holds several statements. Prisma's documentation is silent
// on transactions; there is no per-migration opt-out: a statement runs outside a transaction only in
// a migration of its own.
import { baseOf, dirOf, freeVersion, join, movedName } from '../paths.js';
import { scriptTransaction, wholeFile } from '../sections.js';
import type { MigrationTool } from '../types.js';

const LAYOUT = /(?:^|\/)(\d+)_([^/]+)\/migration\.sql$/;

export const prisma: MigrationTool = {
  id: 'prisma',
  name: 'Prisma Migrate',
  docs: 'https://github.com/prisma/prisma-engines/blob/main/schema-engine/connectors/sql-schema-connector/src/flavour/postgres/connection.rs',
  bookkeeping: {
    table: '_prisma_migrations',
    ddl: [
      'CREATE TABLE IF NOT EXISTS _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)',
    ],
    source: 'prisma-engines schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs (create_migrations_table)',
  },
  detect({ relPath, toolFiles }) {
    if (!LAYOUT.test(relPath)) return 0;
    // migration_lock.toml sits in the migrations folder, beside the per-migration folders.
    return toolFiles.has(join(dirOf(dirOf(relPath)), 'migration_lock.toml')) ? 10 : 3;
  },
  role: () => 'up',
  run({ text, statements }) {
    const up = wholeFile(text, 'up', scriptTransaction(statements, { start: 0, end: text.length }), 'script');
    return { upSections: [up], downSections: [], transaction: up.transaction, blocks: [] };
  },
  ownMigration(relPath, sql, taken) {
    const m = LAYOUT.exec(relPath);
    if (!m) return undefined;
    const dir = dirOf(dirOf(relPath));
    const version = freeVersion(m[1]!, (v) => taken(dir, v));
    if (!version) return undefined;
    return [{ relPath: join(join(dir, `${version}_${movedName(m[2]!)}`), baseOf(relPath)), text: sql + '\n' }];
  },
};
