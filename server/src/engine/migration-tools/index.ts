// The migration-tool model: one place that knows how Prisma, goose, dbmate, sql-migrate,
// golang-migrate, Flyway, Diesel, Atlas, Sqitch, the Supabase CLI and plain numbered files find,
// order, split and run migrations. Ordering, replay, rules and fixes ask it; docs/migration-tools.md
// says where each answer comes from.
//
// Typical use:
//   const setup = migrationSetup(toolFiles, config.migrationTool);   // once per project
//   const run = fileRun(relPath, parsed, setup);                       // per file: FileRun
//   run.upSections / run.downSections / run.transaction / run.optOut
//   runsInTransaction(historyFile, statement)                          // per statement
//   concurrentlyAt(historyFile, statement)                             // may a fix add CONCURRENTLY?
//   detectProjectTool(files, setup)                                    // the project's tool and why (status bar)
export * from './types.js';
export { MIGRATION_TOOLS, toolsById, migrationSetup, roleOf, dominantTool, type MigrationSetup } from './registry.js';
export { fileRun, fileMarkers, directionParts, sectionAt, transactionStates, runsInTransaction, concurrentlyAt, ownMigration, type ConcurrentlyVerdict } from './run.js';
export { isStatementBreak, findMarkers } from './markers.js';
export { bookkeepingSetup, type BookkeepingInput } from './bookkeeping.js';
export { detectProjectTool, detectFile, summarizeDetections, type DetectionSource, type FileDetection, type ToolDetection } from './detection.js';
