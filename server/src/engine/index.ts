// The engine's public surface, used by the CLI, the language server and tests. No editor or CLI imports here.
export * from './lint.js';
export * from './config.js';
export * from './fix.js';
export { loadPostgresParser } from './parse/pg.js';
export { parseDocument, clearParseCache, parseStats } from './parse/document.js';
export type { ParsedFile, Statement } from './parse/document.js';
export type * from './parse/facts.js';
export { LineIndex } from './parse/positions.js';
export type { Range, Position } from './parse/positions.js';
export { rules, rulesById } from './rules/index.js';
export type * from './rules/types.js';
export { SchemaModel, tableKey } from './model/schema.js';
export type { TableModel, ColumnModel, IndexModel, ConstraintModel, Origin } from './model/schema.js';
export { sortMigrations, isDownMigration } from './model/order.js';
export * from './migration-tools/index.js';
export * from './score.js';
export * from './suppressions.js';
export { normalisedStatements, statementAt, type StatementText } from './statement-text.js';
