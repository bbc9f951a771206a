// goose: one file per migration, `<version>_<name>.sql`, with `-- +goose Up` and an optional
// `-- +goose Down` section. goose parses the file line by line (internal/sqlparser/parser.go): a
// statement ends at a line ending in `;`, a `-- +goose StatementBegin` … `StatementEnd` block is one
// statement sent whole, and `-- +goose NO TRANSACTION` anywhere makes both directions run without a
// transaction (migration_sql.go `runSQLMigration`: each statement then goes alone to the database).
// By default goose runs each file in a transaction (README "SQL Migrations").
import { join, nextFile } from '../paths.js';
import { splitSections, statementBlocks, toSections } from '../sections.js';
import { eolOf, lineStart } from './text.js';
import type { MigrationTool } from '../types.js';

const NAME = /^(\d+)_(.*)\.sql$/;

export const goose: MigrationTool = {
  id: 'goose',
  name: 'goose',
  docs: 'https://pressly.github.io/goose/documentation/annotations/',
  bookkeeping: {
    table: 'goose_db_version',
    ddl: ['CREATE TABLE IF NOT EXISTS goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now(), PRIMARY KEY (id))'],
    source: 'goose internal/dialect/dialectquery/postgres.go (CreateTable)',
  },
  detect: ({ markers }) => (markers.has('goose') ? 20 : 0),
  run({ text, markers }) {
    const noTransaction = markers.some((m) => m.family === 'goose' && m.command === 'NO TRANSACTION');
    const { up, down } = toSections(splitSections(text, markers, 'goose'), () =>
      noTransaction ? { transaction: 'none', sending: 'statements' } : { transaction: 'tool', sending: 'statements' },
    );
    const upMarker = markers.find((m) => m.family === 'goose' && m.command === 'UP');
    const at = upMarker ? lineStart(text, upMarker.range.start) : 0;
    return {
      upSections: up,
      downSections: down,
      transaction: up[0]?.transaction ?? 'tool',
      blocks: statementBlocks(text, markers, 'goose'),
      optOut: noTransaction
        ? undefined
        : { title: 'add "-- +goose NO TRANSACTION" to the file', edits: [{ range: { start: at, end: at }, newText: '-- +goose NO TRANSACTION' + eolOf(text) }], newFiles: [], wholeFile: true },
    };
  },
  ownMigration(relPath, sql, taken) {
    const next = nextFile(relPath, NAME, taken);
    return next && [{ relPath: join(next.dir, `${next.version}_${next.name}.sql`), text: `-- +goose NO TRANSACTION\n-- +goose Up\n${sql}\n` }];
  },
};

