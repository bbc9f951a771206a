// `sql-schema-lint stats --query`: the read-only SQL that lists each table's row estimate and size
// as JSON; its output, saved as .sql-schema-lint-stats.json, lets findings on small tables drop to
// info and lock hints show sizes. `stats` alone says what the project's file holds.
import { STATS_FILE_NAME, STATS_QUERY, type ResolvedConfig } from '../engine/index.js';
import { formatSize, isSmall } from '../engine/locks/table-stats.js';
import type { Io } from './main.js';

export function runStats(query: boolean, config: ResolvedConfig, io: Io, display: (file: string) => string): number {
  if (query) {
    io.stdout(STATS_QUERY);
    return 0;
  }
  const stats = config.tableStats;
  if (!stats) {
    io.stdout(`No ${STATS_FILE_NAME} in this project. Make one with:\n  sql-schema-lint stats --query > stats.sql\n  psql -XAtq "$DATABASE_URL" -f stats.sql > ${STATS_FILE_NAME}\n`);
    return 0;
  }
  const small = [...stats.tables].filter(([, s]) => isSmall(s, config.smallTable));
  const lines = [
    `${display(stats.file)}: ${stats.tables.size} tables${stats.collectedAt ? `, collected ${stats.collectedAt}` : ''}`,
    `${small.length} below the small-table limits (${config.smallTable.rows.toLocaleString('en-US')} rows, ${Math.round(config.smallTable.bytes / 1024 / 1024)} MB): findings that rewrite, scan or index them are info.`,
  ];
  const biggest = [...stats.tables].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 10);
  if (biggest.length) lines.push('Largest:', ...biggest.map(([key, s]) => `  ${key}  ${formatSize(s)}`));
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
