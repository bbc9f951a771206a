// The contract of the migration-tool model: what a tool is, and what it does to one file (which part
// is up and which is down, whether a transaction wraps it, how it opts out). Everything the engine
// knows about migration tools is answered from here; docs/migration-tools.md cites each tool's
// documentation or source for every answer.
import type { Range } from '../parse/positions.js';

/** The migration tools the engine knows, plus `plain` (numbered files run statement by statement, as `psql -f` does). */
export const MIGRATION_TOOL_IDS = ['prisma', 'goose', 'dbmate', 'sql-migrate', 'golang-migrate', 'flyway', 'diesel', 'atlas', 'sqitch', 'supabase', 'plain'] as const;

export type MigrationToolId = (typeof MIGRATION_TOOL_IDS)[number];

/**
 * A file the tools leave beside the migrations that is not a `.sql` file (`migration_lock.toml`,
 * `atlas.sum`, `sqitch.plan`, `diesel.toml`, Diesel's `metadata.toml`, Flyway's `V1__x.sql.conf`, …).
 * The engine does no I/O: the caller (server/src/node/project.ts) finds these and passes them in.
 */
export interface ToolFile {
  /** Path relative to the project root, forward slashes. */
  relPath: string;
  text: string;
}

/**
 * How a tool wraps a file (or one section of it) in a transaction:
 * - `tool`: the tool opens a transaction around the file (goose, dbmate, sql-migrate, Diesel, Flyway, Atlas by default).
 * - `implicit`: the tool sends the file as one multi-statement query (Prisma, golang-migrate, Diesel or dbmate
 *   after their opt-out) or one pipelined batch (Supabase CLI), which PostgreSQL runs as one implicit transaction.
 * - `none`: statements run one by one in autocommit (psql, sqitch, goose NO TRANSACTION, …), or the file is a
 *   single statement sent alone. An explicit BEGIN … COMMIT in the file still makes a block.
 */
export type TransactionMode = 'tool' | 'implicit' | 'none';

/** How the tool hands the statements of a section to PostgreSQL. */
export type Sending = 'statements' | 'script' | 'batch';

export type Direction = 'up' | 'down';

/** A part of a file that runs in one direction (a whole file is one section unless the tool has in-file markers). */
export interface Section {
  direction: Direction;
  /** The text the section covers: from its marker line (or the start of the file) up to the next section's marker or the end of the file. */
  range: Range;
  /** The marker line that opens it (`-- +goose Up`, `-- migrate:up transaction:false`, …), without its line break. */
  marker?: Range;
  transaction: TransactionMode;
  sending: Sending;
}

/** A text edit the opt-out needs: in the file itself (`file` undefined) or in a new file beside it. */
export interface RunEdit {
  range: Range;
  newText: string;
}

/** A file the opt-out or a move creates (path relative to the project root). */
export interface NewFile {
  relPath: string;
  text: string;
}

/**
 * How to make a statement of this file run outside a transaction the way the tool wants it: its own
 * per-file marker (`-- +goose NO TRANSACTION`, `-- atlas:txmode none`, …), a configuration file beside
 * it (Diesel's `metadata.toml`, Flyway's `V1__x.sql.conf`), or a new migration holding only that statement.
 */
export interface OptOut {
  /** What the edit does, for a suggestion title: `add "-- +goose NO TRANSACTION" to the file`. */
  title: string;
  /** Edits of this file (the statement itself is not touched). */
  edits: RunEdit[];
  /** Files to create. */
  newFiles: NewFile[];
  /** Every other statement of the file then also runs outside a transaction (loses its atomicity). */
  wholeFile: boolean;
}

/** What one tool does with one file: the answer other modules build on (replay, rules, fixes, verify). */
export interface FileRun {
  tool: MigrationToolId;
  /** The file as a whole: a down/undo/revert file, a sqitch verify script, or an up migration (which may hold down sections). */
  role: 'up' | 'down' | 'verify';
  /** Sections that run forward (the whole file for an up file without markers). */
  upSections: Section[];
  /** In-file down sections (goose, dbmate, sql-migrate, the seed template) and, for a down file, the whole file. */
  downSections: Section[];
  /** How the tool runs the file's forward part (its first up section; see each section for the others). */
  transaction: TransactionMode;
  /** The tool's own way for this file to run outside a transaction in place, if it has one that works here. */
  optOut?: OptOut;
  /** Statement blocks the tool sends as one query (goose and sql-migrate StatementBegin … StatementEnd). */
  blocks: Range[];
}

/** What a tool's module tells the registry. One small file per tool implements it. */
export interface MigrationTool {
  id: MigrationToolId;
  /** Display name: "Prisma Migrate", "goose", … */
  name: string;
  /** The documentation (or source) the model of this tool is taken from. */
  docs: string;
  /** Strength of the evidence that `file` belongs to this tool, from its path and the files beside it; 0 for none. */
  detect(file: DetectInput): number;
  /** The role of a file from its name alone (default: down/undo/revert names are down). */
  role?(relPath: string): FileRun['role'] | undefined;
  /** In-file sections, transaction modes and opt-out of one file. */
  run(input: RunInput): Omit<FileRun, 'tool' | 'role'>;
  /**
   * A new migration holding only `statementSql` that the tool runs outside a transaction, named to run
   * right after the file; `taken(dir, version)` says a version is already used in that folder.
   */
  ownMigration?(relPath: string, statementSql: string, taken: (dir: string, version: string) => boolean): NewFile[] | undefined;
  /** The table the tool records applied migrations in (bookkeeping.ts creates it before a history that refers to it). */
  bookkeeping?: Bookkeeping;
}

/**
 * A tool's own table of applied migrations, as the tool creates it on PostgreSQL before it runs the
 * first migration. Migrations sometimes refer to it (lemmy puts a trigger on Diesel's), so a history
 * applied without the tool needs it first.
 */
export interface Bookkeeping {
  /** Its schema when the tool does not use the current one (Supabase: `supabase_migrations`). */
  schema?: string;
  table: string;
  /** The statements that create it, as the tool runs them (idempotent: IF NOT EXISTS). */
  ddl: string[];
  /** Where the DDL is taken from. */
  source: string;
}

/** What detection sees of one `.sql` file. */
export interface DetectInput {
  relPath: string;
  /** The project's tool files by path. */
  toolFiles: ReadonlyMap<string, ToolFile>;
  /** Tool families whose markers the file holds (`-- +goose Up`, `-- migrate:up`, `-- +migrate Up`). */
  markers: ReadonlySet<MarkerFamily>;
}

export type MarkerFamily = 'goose' | 'dbmate' | 'sql-migrate' | 'template';

/** A line comment that is a tool marker. */
export interface Marker {
  family: MarkerFamily;
  /** Upper-cased command: UP, DOWN, STATEMENTBEGIN, STATEMENTEND, NO TRANSACTION, VERIFY. */
  command: string;
  /** The words after the command (`transaction:false`, `notransaction`). */
  options: string[];
  /** The whole comment line. */
  range: Range;
}

/** What a tool's `run` sees of one file. */
export interface RunInput {
  relPath: string;
  text: string;
  /** Statement ranges of the whole file, in order (as PostgreSQL would see them). */
  statements: readonly StatementInfo[];
  markers: readonly Marker[];
  /** Leading comment lines of the file (Atlas reads its file directives there). */
  comments: readonly { range: Range; text: string }[];
  toolFiles: ReadonlyMap<string, ToolFile>;
}

export interface StatementInfo {
  range: Range;
  /** PostgreSQL's node type (CreateStmt, IndexStmt, …); '' when it did not parse. */
  type: string;
  /** CREATE / DROP INDEX CONCURRENTLY (a statement PostgreSQL refuses in a transaction block). */
  concurrently: boolean;
}
