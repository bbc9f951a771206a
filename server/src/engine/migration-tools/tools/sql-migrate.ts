// sql-migrate: files with `-- +migrate Up` and `-- +migrate Down` sections, each run in a transaction
// unless its marker adds `notransaction` (README "Writing migrations"; sqlparse/sqlparse.go). Statements
// end at a line ending in `;`; `-- +migrate StatementBegin` … `StatementEnd` blocks are sent whole.
import { splitSections, statementBlocks, toSections } from '../sections.js';
import { lineEnd } from './text.js';
import type { MigrationTool } from '../types.js';

export const sqlMigrate: MigrationTool = {
  id: 'sql-migrate',
  name: 'sql-migrate',
  docs: 'https://github.com/rubenv/sql-migrate',
  bookkeeping: {
    table: 'gorp_migrations',
    ddl: ['CREATE TABLE IF NOT EXISTS gorp_migrations (id text NOT NULL PRIMARY KEY, applied_at timestamp with time zone)'],
    source: 'sql-migrate migrate.go (MigrationRecord, mapped by gorp with SetKeys on id)',
  },
  detect: ({ markers }) => (markers.has('sql-migrate') ? 20 : 0),
  run({ text, markers }) {
    const raw = splitSections(text, markers, 'sql-migrate');
    const { up, down } = toSections(raw, (r) =>
      r.marker?.options.includes('notransaction') ? { transaction: 'none', sending: 'statements' } : { transaction: 'tool', sending: 'statements' },
    );
    const first = raw.find((r) => r.direction === 'up' && r.marker);
    const optOut =
      first?.marker && up[0]?.transaction === 'tool'
        ? (() => {
            const at = lineEnd(text, first.marker.range.start);
            return { title: 'mark the section "-- +migrate Up notransaction"', edits: [{ range: { start: at, end: at }, newText: ' notransaction' }], newFiles: [], wholeFile: true };
          })()
        : undefined;
    return { upSections: up, downSections: down, transaction: up[0]?.transaction ?? 'tool', blocks: statementBlocks(text, markers, 'sql-migrate'), optOut };
  },
};
