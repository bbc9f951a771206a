// dbmate: `<version>_<name>.sql` with `-- migrate:up` and `-- migrate:down` sections (several pairs
// allowed). dbmate sends a whole section in one Exec, inside a transaction unless its marker says
// `transaction:false` (pkg/dbmate/migration.go, db.go `Migrate`; README "Migration Options"). Without
// the transaction a section of several statements is still one query, which PostgreSQL runs as one
// implicit transaction (dbmate issues #126, #285): the opt-out works only for a statement alone in
// its section.
import { join, nextFile } from '../paths.js';
import { scriptTransaction, splitSections, statementsIn, toSections } from '../sections.js';
import { lineEnd } from './text.js';
import type { MigrationTool } from '../types.js';

const NAME = /^(\d+)(?:_(.*))?\.sql$/;

export const dbmate: MigrationTool = {
  id: 'dbmate',
  name: 'dbmate',
  docs: 'https://github.com/amacneil/dbmate#migration-options',
  bookkeeping: {
    table: 'schema_migrations',
    ddl: ['CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(255) PRIMARY KEY)'],
    source: 'dbmate pkg/driver/postgres/postgres.go (CreateMigrationsTable)',
  },
  detect: ({ markers }) => (markers.has('dbmate') ? 20 : 0),
  run({ text, markers, statements }) {
    const raw = splitSections(text, markers, 'dbmate');
    const { up, down } = toSections(raw, (r) =>
      r.marker?.options.includes('transaction:false') ? { transaction: scriptTransaction(statements, r.range), sending: 'script' } : { transaction: 'tool', sending: 'script' },
    );
    const first = raw.find((r) => r.direction === 'up');
    // transaction:false helps only a statement alone in its section.
    const optOut =
      first?.marker && up[0]?.transaction === 'tool' && statementsIn(statements, first.range).length === 1
        ? (() => {
            const at = lineEnd(text, first.marker.range.start);
            return { title: 'mark the section "-- migrate:up transaction:false"', edits: [{ range: { start: at, end: at }, newText: ' transaction:false' }], newFiles: [], wholeFile: false };
          })()
        : undefined;
    return { upSections: up, downSections: down, transaction: up[0]?.transaction ?? 'tool', blocks: [], optOut };
  },
  ownMigration(relPath, sql, taken) {
    const next = nextFile(relPath, NAME, taken);
    return next && [{ relPath: join(next.dir, `${next.version}_${next.name}.sql`), text: `-- migrate:up transaction:false\n${sql}\n\n-- migrate:down\n` }];
  },
};
