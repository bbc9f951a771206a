// Flyway: `V<version>__<description>.sql` (versioned), `U<version>__…` (undo), `R__…` (repeatable,
// applied after the versioned ones). Each migration runs in a transaction unless its script
// configuration file `<script>.sql.conf` says `executeInTransaction=false` (documentation "Script
// Configuration"). Flyway also runs a migration outside a transaction by itself when all its statements
// are ones PostgreSQL refuses in a transaction (CREATE/DROP INDEX CONCURRENTLY, VACUUM, …), and refuses a
// migration that mixes both kinds unless `mixed` is set (flyway-core ParserSqlScript.java,
// PostgreSQLParser.java `detectCanExecuteInTransaction`). Statements are sent one by one (JDBC).
import { baseOf, dirOf, freeVersion, join, movedName, nearest } from '../paths.js';
import { wholeFile } from '../sections.js';
import type { MigrationTool, StatementInfo } from '../types.js';

const NAME = /^([VUB])(\d+(?:[._]\d+)*)__(.*)\.sql$/;
const REPEATABLE = /^R__.*\.sql$/;
const NON_TRANSACTIONAL_TYPES = new Set(['VacuumStmt', 'CreatedbStmt', 'DropdbStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt', 'CreateSubscriptionStmt', 'DropSubscriptionStmt', 'AlterSystemStmt']);

function nonTransactional(s: StatementInfo): boolean {
  return s.concurrently || NON_TRANSACTIONAL_TYPES.has(s.type);
}

/** executeInTransaction from a script configuration file (Java properties: `key=value`, `key = value`). */
function executeInTransaction(conf: string | undefined): boolean | undefined {
  const m = conf && /^\s*executeInTransaction\s*[=:]\s*(true|false)\s*$/im.exec(conf);
  return m ? m[1]!.toLowerCase() === 'true' : undefined;
}

export const flyway: MigrationTool = {
  id: 'flyway',
  name: 'Flyway',
  docs: 'https://documentation.red-gate.com/fd/flyway-execute-in-transaction-setting-277578997.html',
  bookkeeping: {
    table: 'flyway_schema_history',
    ddl: [
      'CREATE TABLE IF NOT EXISTS flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL, CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))',
      'CREATE INDEX IF NOT EXISTS flyway_schema_history_s_idx ON flyway_schema_history (success)',
    ],
    source: 'flyway-database-postgresql org/flywaydb/database/postgresql/createMetaDataTable.sql',
  },
  detect({ relPath, toolFiles }) {
    const base = baseOf(relPath);
    if (!NAME.test(base) && !REPEATABLE.test(base)) return 0;
    if (toolFiles.has(relPath + '.conf')) return 10;
    return ['flyway.conf', 'flyway.toml'].some((n) => nearest(toolFiles, dirOf(relPath), n)) ? 8 : 3;
  },
  role: (relPath) => (baseOf(relPath).startsWith('U') ? 'down' : 'up'),
  run({ relPath, text, statements, toolFiles }) {
    const conf = toolFiles.get(relPath + '.conf');
    const setting = executeInTransaction(conf?.text);
    const auto = statements.length > 0 && statements.every(nonTransactional);
    const up = wholeFile(text, 'up', setting === false || (setting === undefined && auto) ? 'none' : 'tool', 'statements');
    const optOut = up.transaction === 'tool' && !conf ? { title: `add ${baseOf(relPath)}.conf with "executeInTransaction=false"`, edits: [], newFiles: [{ relPath: relPath + '.conf', text: 'executeInTransaction=false\n' }], wholeFile: true } : undefined;
    return { upSections: [up], downSections: [], transaction: up.transaction, blocks: [], optOut };
  },
  ownMigration(relPath, sql, taken) {
    const m = NAME.exec(baseOf(relPath));
    if (!m || m[1] !== 'V') return undefined;
    const dir = dirOf(relPath);
    // V1_2 -> V1_2_1: a version between this one and the next; a migration holding only a
    // CONCURRENTLY statement runs outside a transaction without configuration.
    const sep = m[2]!.includes('.') ? '.' : '_';
    const version = freeVersion(`${m[2]}${sep}0`, (v) => taken(dir, v.replace(/[._]/g, '.')));
    if (!version) return undefined;
    return [{ relPath: join(dir, `V${version}__${movedName(m[3]!)}.sql`), text: sql + '\n' }];
  },
};
