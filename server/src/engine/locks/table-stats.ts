// Table sizes from production, when the user has them: `sql-schema-lint stats --query` prints the
// read-only SQL whose output, saved as .sql-schema-lint-stats.json next to the config file, tells how
// big each table is. Findings whose harm grows with the table (a rewrite, a scan, an index build)
// drop to info on tables below the small-table threshold; lock hints show the size.
import { ConfigError, type SmallTableThreshold } from '../config.js';
import { tableKey } from '../model/schema.js';

export const STATS_FILE_NAME = '.sql-schema-lint-stats.json';

/** One table as the stats query reports it (partitioned and inheritance parents include their children). */
export interface TableSize {
  /** pg_class.reltuples summed: PostgreSQL's estimate; null when never analysed. */
  rows: number | null;
  /** pg_total_relation_size: heap, indexes and TOAST. */
  bytes: number;
}

export interface TableStats {
  /** The file it came from. */
  file: string;
  /** When the query ran (as the server said). */
  collectedAt?: string;
  tables: Map<string, TableSize>;
}

/**
 * The query: read-only (pg_class, pg_inherits and size functions), one JSON document as its only
 * row. Inheritance and partition children are summed into their parents through pg_inherits, which
 * every supported PostgreSQL has (pg_partition_tree needs 12).
 */
export const STATS_QUERY = `-- sql-schema-lint table statistics (read-only). Run against production or a replica:
--   psql -XAtq "$DATABASE_URL" -f stats.sql > .sql-schema-lint-stats.json
-- and commit the file next to .sql-schema-lint.json (it holds table names and sizes, no data).
WITH RECURSIVE tree AS (
  SELECT c.oid AS root, c.oid AS rel FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm')
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.rel
), sizes AS (
  SELECT t.root,
         sum(greatest(c.reltuples, 0))::bigint AS rows,
         bool_and(c.reltuples >= 0 OR c.relkind = 'p') AS analysed,
         sum(pg_total_relation_size(c.oid))::bigint AS bytes
  FROM tree t JOIN pg_class c ON c.oid = t.rel
  GROUP BY t.root
)
SELECT json_build_object(
  'version', 1,
  'collectedAt', now(),
  'serverVersion', current_setting('server_version_num')::int,
  'tables', coalesce(json_agg(json_build_object(
    'schema', n.nspname,
    'name', c.relname,
    'rows', CASE WHEN s.analysed THEN s.rows END,
    'bytes', s.bytes) ORDER BY n.nspname, c.relname), '[]'))
FROM sizes s
JOIN pg_class c ON c.oid = s.root
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%';
`;

/** Parses the stats file; throws ConfigError naming the file and the problem. */
export function parseTableStats(text: string, file: string): TableStats {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, 1, 1, `invalid JSON: ${(e as Error).message}`);
  }
  const fail = (problem: string): never => {
    throw new ConfigError(file, 1, 1, `${problem} (make it again with sql-schema-lint stats --query)`);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('the table statistics must be a JSON object');
  const r = raw as { version?: unknown; tables?: unknown; collectedAt?: unknown };
  if (r.version !== 1) fail('"version" must be 1');
  if (!Array.isArray(r.tables)) fail('"tables" must be an array');
  const tables = new Map<string, TableSize>();
  for (const t of r.tables as unknown[]) {
    const x = t as { schema?: unknown; name?: unknown; rows?: unknown; bytes?: unknown };
    if (!x || typeof x.name !== 'string' || typeof x.schema !== 'string' || typeof x.bytes !== 'number' || !(x.rows === null || typeof x.rows === 'number'))
      fail('each table needs "schema" and "name" (strings), "rows" (a number or null) and "bytes" (a number)');
    tables.set(tableKey(x.schema as string, x.name as string), { rows: x.rows as number | null, bytes: x.bytes as number });
  }
  const out: TableStats = { file, tables };
  if (typeof r.collectedAt === 'string') out.collectedAt = r.collectedAt;
  return out;
}

export function isSmall(size: TableSize, threshold: SmallTableThreshold): boolean {
  return (size.rows === null || size.rows < threshold.rows) && size.bytes < threshold.bytes;
}

/** "~50 rows, 16 kB", "size 1.2 GB (rows not yet counted)". */
export function formatSize(size: TableSize): string {
  const bytes = formatBytes(size.bytes);
  return size.rows === null ? `${bytes} (rows never counted by ANALYZE)` : `~${size.rows.toLocaleString('en-US')} rows, ${bytes}`;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[u]}`;
}

/**
 * Why a finding about `table` drops to info: the table is below the small-table limits in the
 * project's table statistics. Undefined without statistics, for tables they do not list, and for big ones.
 */
export function smallTableNote(config: { tableStats?: TableStats; smallTable: SmallTableThreshold }, table: { schema?: string; name: string }): { size: string; note: string } | undefined {
  const size = config.tableStats?.tables.get(tableKey(table.schema, table.name));
  if (!size || !isSmall(size, config.smallTable)) return undefined;
  const text = formatSize(size);
  return { size: text, note: `"${table.name}" is small (${text} in ${STATS_FILE_NAME}, below the smallTable limits): the lock is brief there, so this is for information.` };
}
