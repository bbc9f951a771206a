// The one typed protocol file shared by the VS Code client and the language server (as vscode-eslint's
// shared customMessages.ts): settings, command ids, custom notifications and the diagnostic `data`
// payload. It imports nothing but protocol types, so both bundles can include it.
import { NotificationType, type Range, type TextEdit } from 'vscode-languageserver-protocol';
import { RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { ScoreReport } from '../engine/score.js';
import type { DetectionSource } from '../engine/migration-tools/detection.js';

/** The settings section, the client id (so `sqlSchemaLint.trace.server` works) and the diagnostic source. */
export const SETTINGS_SECTION = 'sqlSchemaLint';
export const CLIENT_ID = 'sqlSchemaLint';
export const DIAGNOSTIC_SOURCE = 'sql-schema-lint';
export const OUTPUT_CHANNEL_NAME = 'SQL Schema Lint';

/** `editor.codeActionsOnSave: { "source.fixAll.sql-schema-lint": "explicit" }` runs every safe fix. */
export const FIX_ALL_KIND = 'source.fixAll.sql-schema-lint';

/** Per-resource settings, read with `workspace/configuration` (section `sqlSchemaLint`). */
export interface Settings {
  /** Lint at all. */
  enable: boolean;
  /** Lint while typing or only on save. */
  run: 'onType' | 'onSave';
  /** Migration globs in history order; used when `.sql-schema-lint.json` has no `migrations`. */
  migrations: string[];
  /** PostgreSQL major version; used when `.sql-schema-lint.json` has no `postgresVersion`. */
  postgresVersion: number | null;
  /** Show findings of files that are not open (the whole migration folder in the Problems panel). */
  lintUnopenedFiles: boolean;
  /** "pending": report only new and changed migrations (applied ones as hints while open); "all": every file. */
  report: 'pending' | 'all';
  /** The git ref pending files are compared with; '' = the remote's default branch (origin/HEAD), else main, else master. */
  baseRef: string;
  /** Inlay hints on statements that lock an existing table stronger than RowExclusiveLock (server/src/lsp/lock-hints.ts). */
  lockHints: 'on' | 'off';
  /** Try each saved migration on PostgreSQL (PGlite) after the migrations before it (server/src/lsp/verify.ts). */
  verify: 'off' | 'onSave';
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  migrations: [],
  postgresVersion: null,
  lintUnopenedFiles: true,
  report: 'pending',
  baseRef: '',
  lockHints: 'on',
  verify: 'off',
});

/** Commands the server executes (`workspace/executeCommand`); the client's palette commands are in client/src/commands.ts. */
export const ServerCommand = {
  /** Arguments: [uri: string, version?: number]. Applies every safe fix of the file through `workspace/applyEdit`. */
  applyFixAll: 'sqlSchemaLint.server.applyFixAll',
  /**
   * Arguments: [ruleId: string]. Opens the rule's page installed with the server (`window/showDocument`
   * of a file: URI; the web page only when none is installed). VS Code's client runs it itself and
   * shows the page in the Markdown preview (client/src/docs.ts).
   */
  showDocumentation: 'sqlSchemaLint.server.showDocumentation',
} as const;

export type ServerState = 'starting' | 'indexing' | 'ready' | 'warning' | 'disabled';

export interface StatusParams {
  state: ServerState;
  /** One line for the status bar tooltip, e.g. "Indexing migrations 120/800". */
  message: string;
  /** Files indexed so far and in all, while indexing. */
  indexed?: number;
  total?: number;
}

/** Server → client: the server's state, shown in the status bar. */
export const StatusNotification = new NotificationType<StatusParams>('sqlSchemaLint/status');

/** Which files of a project are reported: pending ones against a git base or appliedThrough, or all of them. */
export interface ProjectPending {
  /** The project's name (its folder). */
  name: string;
  /** git: against `base`; appliedThrough: after `base`; all: every file (see `reason`). */
  mode: 'git' | 'appliedThrough' | 'all';
  /** The ref (with its merge base) or the appliedThrough version. */
  base?: string;
  /** Pending files and all files of the project. */
  pending: number;
  total: number;
  /** Why every file is reported (mode all): no git, no base branch, the setting. */
  reason?: string;
  /** The migration tool that runs the project's files and how it was chosen (added with issue 13; older servers leave it out). */
  tool?: ProjectTool;
}

/** A project's migration tool, for the status bar tooltip (engine/migration-tools/detection.ts). */
export interface ProjectTool {
  /** As `migrationTool` in .sql-schema-lint.json and `--format json` name it ("prisma", "goose", …); "plain" when none is detected. */
  id: string;
  /** config: `migrationTool` in .sql-schema-lint.json; files: the tool's own files (`evidence`); markers: comments such as `-- +goose Up`; layout: file and folder names alone; none: plain numbered files. */
  source: DetectionSource;
  /** For `files`: the files that decided it, e.g. ["migration_lock.toml"]. */
  evidence?: string[];
  /** Migrations it runs, of `total` (the others are plain files or another tool's). */
  files: number;
  total: number;
}

export interface PendingParams {
  projects: ProjectPending[];
}

/** Server → client: pending migrations per project, shown in the status bar (sent when they change). */
export const PendingNotification = new NotificationType<PendingParams>('sqlSchemaLint/pending');

/** An edit of a fix or suggestion, in LSP positions; `uri` may name another migration. */
export interface FixEditData extends TextEdit {
  uri: string;
}

export interface FixData {
  title: string;
  edits: FixEditData[];
  /** Files the edit creates (a new migration, a tool's configuration file). */
  newFiles?: { uri: string; text: string }[];
}

/** `Diagnostic.data`: what code actions need without recomputing the finding. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the diagnostic was computed for (null for files that are not open). */
  version: number | null;
  fix?: FixData;
  suggestions: FixData[];
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  return !!value && typeof value === 'object' && typeof (value as DiagnosticData).ruleId === 'string' && Array.isArray((value as DiagnosticData).suggestions);
}

/** `sqlSchemaLint/score` params: which project to score (server/src/lsp/score.ts answers it). */
export interface ScoreParams extends WorkDoneProgressParams {
  /** A file of the project, or a folder (a project root or a workspace folder); omitted: the only project. */
  uri?: string;
}

export interface ScoreProject {
  /** The project's root folder URI: send it back as `uri` to score this project. */
  uri: string;
  name: string;
  files: number;
}

/** A score, a choice of projects (the `uri` named several), or why there is nothing to score. */
export type ScoreResult =
  | { kind: 'score'; project: ScoreProject; report: ScoreReport; display: Record<string, string> }
  | { kind: 'choose'; projects: ScoreProject[] }
  | { kind: 'none'; message: string };

/**
 * Client → server: the seed's 0–100 score of a project's whole migration history. Answered once the
 * workspace index is complete, never on a partial history. In `report`, every `file` is a document
 * URI; `display` maps each to its project-relative path.
 */
export const ScoreRequest = new RequestType<ScoreParams, ScoreResult, void>('sqlSchemaLint/score');

export type { Range };
