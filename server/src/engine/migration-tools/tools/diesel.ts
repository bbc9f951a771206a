// Diesel: one folder per migration, `<version>_<name>/up.sql` and `down.sql` (the CLI writes versions
// like 2019-02-26-002946 or 2024-01-02-094916-0000). Each migration runs in its own transaction unless
// the folder's `metadata.toml` says `run_in_transaction = false`; then the file still goes to the
// database as one batch, which PostgreSQL runs as one implicit transaction when it holds several
// statements ("we recommend splitting the migration into multiple migrations",
// diesel_migrations/src/file_based_migrations.rs).
import { baseOf, dirOf, freeVersion, join, movedName, nearest } from '../paths.js';
import { scriptTransaction, statementsIn, wholeFile } from '../sections.js';
import type { MigrationTool } from '../types.js';

const LAYOUT = /(?:^|\/)([\d-]{6,})(?:_([^/]*))?\/(up|down)\.sql$/;

function runInTransaction(text: string | undefined): boolean {
  return !text || !/^\s*run_in_transaction\s*=\s*false\b/m.test(text);
}

export const diesel: MigrationTool = {
  id: 'diesel',
  name: 'Diesel',
  docs: 'https://docs.rs/diesel_migrations/latest/diesel_migrations/struct.FileBasedMigrations.html',
  bookkeeping: {
    table: '__diesel_schema_migrations',
    ddl: ['CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)'],
    source: 'diesel_migrations/src/migration_harness.rs (CREATE_MIGRATIONS_TABLE)',
  },
  detect({ relPath, toolFiles }) {
    if (!LAYOUT.test(relPath)) return 0;
    const dir = dirOf(relPath);
    if (toolFiles.has(join(dir, 'metadata.toml'))) return 10;
    return nearest(toolFiles, dirOf(dir), 'diesel.toml') ? 8 : 3;
  },
  role: (relPath) => (baseOf(relPath).toLowerCase() === 'down.sql' ? 'down' : 'up'),
  run({ relPath, text, statements, toolFiles }) {
    const metadata = toolFiles.get(join(dirOf(relPath), 'metadata.toml'));
    const all = { start: 0, end: text.length };
    const up = runInTransaction(metadata?.text) ? wholeFile(text, 'up', 'tool', 'script') : wholeFile(text, 'up', scriptTransaction(statements, all), 'script');
    // run_in_transaction = false helps only a statement alone in up.sql; an existing metadata.toml is not edited here.
    const optOut =
      up.transaction === 'tool' && !metadata && statementsIn(statements, all).length === 1
        ? { title: 'add metadata.toml with "run_in_transaction = false" to the migration', edits: [], newFiles: [{ relPath: join(dirOf(relPath), 'metadata.toml'), text: 'run_in_transaction = false\n' }], wholeFile: true }
        : undefined;
    return { upSections: [up], downSections: [], transaction: up.transaction, blocks: [], optOut };
  },
  ownMigration(relPath, sql, taken) {
    const m = LAYOUT.exec(relPath);
    if (!m || m[3] !== 'up') return undefined;
    const dir = dirOf(dirOf(relPath));
    const version = freeVersion(m[1]!, (v) => taken(dir, v));
    if (!version) return undefined;
    const folder = join(dir, `${version}_${movedName(m[2] ?? 'migration')}`);
    return [
      { relPath: join(folder, 'up.sql'), text: sql + '\n' },
      { relPath: join(folder, 'down.sql'), text: '-- This file should undo anything in `up.sql`\n' },
      { relPath: join(folder, 'metadata.toml'), text: 'run_in_transaction = false\n' },
    ];
  },
};
