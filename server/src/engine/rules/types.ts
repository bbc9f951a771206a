// The rule contract (modelled on ESLint's meta + create and typescript-eslint's typed options).
import type { ParsedFile, Statement } from '../parse/document.js';
import type { Fact, FactKind, FactOf } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import type { SchemaModel } from '../model/schema.js';
import type { FileRun } from '../migration-tools/types.js';
import type { FileLocks } from '../locks/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Score dimensions of the seed's rubric a rule's findings count against. */
export type Category = 'syntax' | 'schema design' | 'indexing' | 'query quality' | 'migration safety' | 'security';

/** A JSON schema for a rule's options (an object schema; property descriptions feed the docs). */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  additionalProperties: false;
}

export interface JsonSchemaProperty {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  description: string;
  enum?: readonly string[];
  /** `format: 'regex'`: each item must be a valid JavaScript regular expression (the config loader checks it). */
  items?: { type: 'string'; format?: 'regex' };
  minimum?: number;
  default?: unknown;
}

export interface RuleMeta<O> {
  /** Starts with Require / Disallow / Prefer. */
  description: string;
  category: Category;
  defaultSeverity: SeveritySetting;
  /** Message templates by id, with {{placeholders}}: what is wrong, why it hurts, what to do. */
  messages: Record<string, string>;
  defaultOptions: O;
  schema: OptionsSchema;
  /** The rule offers safe fixes (applied by --fix and fix-all). */
  fixable: boolean;
  /** The rule offers suggestions (editor quick fixes only). */
  hasSuggestions: boolean;
  /**
   * The rule reads the lock model (`ctx.locks()`). A lint runs these rules first and then lets the file's
   * lock model go: on a 10 MB dump it was 34 MB kept until the last rule was done.
   */
  readsLocks?: true;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /** Another file of the history (absolute path); default: the file being linted. */
  file?: string;
}

export interface FixSpec {
  /** What the edit does, e.g. "Replace double precision with NUMERIC(12, 2)". */
  title: string;
  edits: TextEdit[];
  /**
   * Files the edit creates (absolute paths), e.g. a new migration that holds a statement moved out of
   * this one, or Diesel's metadata.toml. Suggestions only: `--fix` never creates files.
   */
  newFiles?: { file: string; text: string }[];
  /**
   * Apply this fix alone in its pass of the fix loop: it is safe only while the rest of the file stays
   * as it is (CONCURRENTLY in a file its tool sends as one query is safe only while it is the file's
   * only statement; another fix adding a statement would put it in an implicit transaction).
   */
  alone?: boolean;
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: FixSpec;
  suggestions?: FixSpec[];
  related?: RelatedInfo[];
  /**
   * The existing table whose rewrite, full scan or index build the finding warns about: with table
   * statistics (.sql-schema-lint-stats.json), the finding drops to info when that table is small.
   */
  tableAtRisk?: { schema?: string; name: string };
}

export interface HistoryFile {
  /** Absolute path (or a stable id for unsaved documents). */
  path: string;
  /** Path relative to the project root, forward slashes. */
  relPath: string;
  /**
   * The statements this entry stands for: the whole file, or, for a file that also holds down sections
   * (goose, dbmate, sql-migrate), only its forward part; its down sections are linted apart, as a down migration.
   */
  parsed: ParsedFile;
  /** Position in the history order. */
  index: number;
  /** A down/undo migration (or a file's down sections): linted, not replayed. */
  isDown: boolean;
  /** What the file's migration tool does with it: up and down sections, transactions, opt-out (engine/migration-tools). */
  run: FileRun;
  /** The file's text at the base it is compared with, when it existed there and changed since (see SourceFile.baseText). */
  baseText?: string;
}

export interface RuleContext<O> {
  ruleId: string;
  options: O;
  file: HistoryFile;
  /** Every file in history order (down migrations included, flagged). */
  history: readonly HistoryFile[];
  /** The schema as it stood before this file. */
  before: SchemaModel;
  /** The schema after the whole history. */
  final: SchemaModel;
  /** The schema just before a statement of this file (this file's earlier statements applied). Valid until the next call: read what you need, don't keep it. */
  modelAt(statement: Statement): SchemaModel;
  postgresVersion: number;
  /** This file's facts of one kind, with their statements. */
  facts<K extends FactKind>(kind: K): { fact: FactOf<K>; statement: Statement }[];
  /** The table existed before this file (a table created earlier in the same file is new). */
  existedBeforeFile(schema: string | undefined, name: string): boolean;
  /**
   * The statement runs inside a transaction block: its migration tool wraps the file (or sends it as
   * one multi-statement query), or an explicit BEGIN before it is still open.
   */
  inTransaction(statement: Statement): boolean;
  /** What each statement of this file locks, rewrites and scans (the lock model, computed once per file and lint run). */
  locks(): FileLocks;
  report(report: Report): void;
}

export interface Rule<O = Record<string, never>> {
  id: string;
  meta: RuleMeta<O>;
  check(context: RuleContext<O>): void;
}

/** Identity helper that keeps a rule's option type. */
export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}

export type AnyRule = Rule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function allFacts(parsed: ParsedFile): { fact: Fact; statement: Statement }[] {
  const out: { fact: Fact; statement: Statement }[] = [];
  for (const s of parsed.statements) for (const f of s.facts) out.push({ fact: f, statement: s });
  return out;
}
