// Table statistics: the query runs on PostgreSQL (PGlite) and its output is what the parser reads;
// findings about a small table drop to info and say why; without statistics nothing changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPglite } from '../../server/src/pg/pglite.js';
import { ConfigError, parseConfig, STATS_QUERY } from '../../server/src/engine/index.js';
import { parseTableStats } from '../../server/src/engine/locks/table-stats.js';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

const HISTORY = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint PRIMARY KEY, note text);' };
const INDEX = { '0002_index.sql': 'CREATE INDEX users_email_idx ON users (email);\nCREATE INDEX orders_note_idx ON orders (note);' };

function stats(tables: { schema: string; name: string; rows: number | null; bytes: number }[]) {
  return parseTableStats(JSON.stringify({ version: 1, collectedAt: '2026-01-01T00:00:00Z', tables }), '/project/.sql-schema-lint-stats.json');
}

describe('table statistics', () => {
  test('the stats query is valid read-only SQL whose output parses; partitions are summed into their parent', async () => {
    const pg = await openPglite();
    const db = pg.session;
    try {
      await db.exec(`
        CREATE TABLE users (id int PRIMARY KEY, email text);
        INSERT INTO users SELECT g, g::text FROM generate_series(1, 50) g;
        CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        INSERT INTO events SELECT g, DATE '2024-06-01' + g FROM generate_series(1, 300) g;
        CREATE TABLE never_analysed (id int);
        ANALYZE users; ANALYZE events_2024; ANALYZE events_2025;`);
      await db.exec('BEGIN READ ONLY');
      const [row] = await db.query<{ json_build_object: unknown }>(STATS_QUERY);
      await db.exec('COMMIT');
      const json = JSON.stringify(row!.json_build_object);
      const parsed = parseTableStats(json, 'stats.json');
      assert.deepEqual(parsed.tables.get('public.users')?.rows, 50);
      assert.ok(parsed.tables.get('public.users')!.bytes > 0);
      assert.equal(parsed.tables.get('public.events')?.rows, 300, 'a partitioned table counts its partitions');
      assert.equal(parsed.tables.get('public.events')!.bytes, parsed.tables.get('public.events_2024')!.bytes + parsed.tables.get('public.events_2025')!.bytes);
      assert.equal(parsed.tables.get('public.never_analysed')?.rows, null, 'never analysed: rows unknown');
      assert.ok(!parsed.tables.has('pg_catalog.pg_class'), 'system catalogs are left out');
    } finally {
      await pg.close();
    }
  });

  test('with a stats file saying users has 50 rows, require-concurrent-index on users is info and says so', () => {
    const config = onlyRules(['require-concurrent-index']);
    config.tableStats = stats([
      { schema: 'public', name: 'users', rows: 50, bytes: 16384 },
      { schema: 'public', name: 'orders', rows: 2_000_000, bytes: 900 * 1024 * 1024 },
    ]);
    const findings = lint({ ...HISTORY, ...INDEX }, config).files[1]!.findings;
    const users = findings.find((f) => f.data.table === 'users')!;
    assert.equal(users.severity, 'info');
    assert.equal(users.data.tableSize, '~50 rows, 16 kB');
    assert.match(users.message, /"users" is small \(~50 rows, 16 kB in \.sql-schema-lint-stats\.json, below the smallTable limits\)/);
    const orders = findings.find((f) => f.data.table === 'orders')!;
    assert.equal(orders.severity, 'warning', 'a big table stays a warning');
    assert.equal(orders.data.tableSize, undefined);
  });

  test('without a stats file the finding is unchanged', () => {
    const findings = lint({ ...HISTORY, ...INDEX }, onlyRules(['require-concurrent-index'])).files[1]!.findings;
    const users = findings.find((f) => f.data.table === 'users')!;
    assert.equal(users.severity, 'warning');
    assert.doesNotMatch(users.message, /small/);
    assert.equal(users.data.tableSize, undefined);
  });

  test('tables the stats do not list, and lock_timeout findings, keep their severity', () => {
    const config = onlyRules(['require-concurrent-index', 'require-lock-timeout']);
    config.tableStats = stats([{ schema: 'public', name: 'users', rows: 50, bytes: 16384 }]);
    const findings = lint({ ...HISTORY, ...INDEX }, config).files[1]!.findings;
    // A lock queue forms behind any waiting lock, whatever the table's size.
    assert.equal(findings.find((f) => f.ruleId === 'require-lock-timeout')!.severity, 'warning');
    assert.equal(findings.find((f) => f.data.table === 'orders')!.severity, 'warning');
  });

  test('the smallTable limits are configurable; rows unknown falls back to the size alone', () => {
    const config = parseConfig('{ "smallTable": { "rows": 10, "megabytes": 1 } }', 'c.json');
    for (const [id, s] of onlyRules(['require-concurrent-index']).rules) config.rules.set(id, s);
    config.tableStats = stats([
      { schema: 'public', name: 'users', rows: 50, bytes: 16384 },
      { schema: 'public', name: 'orders', rows: null, bytes: 1000 },
    ]);
    const findings = lint({ ...HISTORY, ...INDEX }, config).files[1]!.findings;
    assert.equal(findings.find((f) => f.data.table === 'users')!.severity, 'warning', '50 rows is not below 10');
    assert.equal(findings.find((f) => f.data.table === 'orders')!.severity, 'info');
    assert.throws(() => parseConfig('{ "smallTable": { "rows": "many" } }', 'c.json'), ConfigError);
  });

  test('a bad stats file is a clear error', () => {
    assert.throws(() => parseTableStats('{', 'x.json'), /x\.json.*invalid JSON/);
    assert.throws(() => parseTableStats('{"version": 2, "tables": []}', 'x.json'), /"version" must be 1/);
    assert.throws(() => parseTableStats('{"version": 1, "tables": [{"name": "t"}]}', 'x.json'), /each table needs/);
  });
});
