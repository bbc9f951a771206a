// golang-migrate: `<version>_<title>.up.sql` and `.down.sql` (source/parse.go). The PostgreSQL driver
// sends a whole file in one Exec (database/postgres/postgres.go `Run`), and its README says so:
// "In PostgreSQL running multiple SQL statements in one Exec executes them inside a transaction …
// put such statements in a separate migration files" (unless the URL enables x-multi-statement, which
// the files cannot show; the safe reading is the default).
import { baseOf, join, nextFile } from '../paths.js';
import { scriptTransaction, wholeFile } from '../sections.js';
import type { MigrationTool } from '../types.js';

const LAYOUT = /^(\d+)_(.*)\.(up|down)\.sql$/;

export const golangMigrate: MigrationTool = {
  id: 'golang-migrate',
  name: 'golang-migrate',
  docs: 'https://github.com/golang-migrate/migrate/blob/master/database/postgres/README.md#multi-statement-mode',
  bookkeeping: {
    table: 'schema_migrations',
    ddl: ['CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)'],
    source: 'golang-migrate database/postgres/postgres.go (ensureVersionTable)',
  },
  detect: ({ relPath }) => (LAYOUT.test(baseOf(relPath)) ? 3 : 0),
  role: (relPath) => (LAYOUT.exec(baseOf(relPath))?.[3] === 'down' ? 'down' : 'up'),
  run({ text, statements }) {
    const up = wholeFile(text, 'up', scriptTransaction(statements, { start: 0, end: text.length }), 'script');
    return { upSections: [up], downSections: [], transaction: up.transaction, blocks: [] };
  },
  ownMigration(relPath, sql, taken) {
    const next = nextFile(relPath, LAYOUT, taken);
    return next && [{ relPath: join(next.dir, `${next.version}_${next.name}.up.sql`), text: sql + '\n' }];
  },
};
