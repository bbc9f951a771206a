// In-file markers: the line comments with which goose, dbmate and sql-migrate split a file into up
// and down sections (and goose and sql-migrate into statement blocks), plus the seed's migration
// template (`-- ===== UP =====`). Each tool reads its markers line by line from the start of a line,
// so only comments that start a line count.
import type { Range } from '../parse/positions.js';
import type { Marker, MarkerFamily } from './types.js';

// pressly/goose internal/sqlparser/parser.go: annotations are case-insensitive, on their own line,
// prefixed with "-- +goose"; a leading blank makes goose refuse the file.
const GOOSE = /^--\s*\+goose\s+(.*?)\s*$/i;
// amacneil/dbmate pkg/dbmate/migration.go: `(?m)^--\s*migrate:up(\s*$|\s+\S+)`, options as key:value words.
const DBMATE = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/;
// rubenv/sql-migrate sqlparse/sqlparse.go: the exact prefix "-- +migrate " and a case-sensitive command.
const SQL_MIGRATE = /^-- \+migrate (\S+)(.*)$/;
// The seed's migration file template: "-- ========== UP ==========" (also DOWN, VERIFY); MyBatis
// Migrations' "-- //@UNDO" starts the undo part the same way.
const TEMPLATE = /^--\s*=+\s*(UP|DOWN|VERIFY)\s*=+\s*$/i;
const MYBATIS_UNDO = /^--\s*\/\/\s*@undo\b/i;

const GOOSE_COMMANDS = new Set(['UP', 'DOWN', 'STATEMENTBEGIN', 'STATEMENTEND', 'NO TRANSACTION', 'ENVSUB ON', 'ENVSUB OFF']);
const SQL_MIGRATE_COMMANDS = new Set(['Up', 'Down', 'StatementBegin', 'StatementEnd']);

/** The marker a line comment is, if any (the comment must start its line; see `startsLine`). */
export function markerOf(comment: string, range: Range): Marker | undefined {
  if (!comment.startsWith('--')) return undefined;
  if (comment.includes('+goose')) {
    const m = GOOSE.exec(comment);
    const command = m?.[1]!.toUpperCase().replace(/\s+/g, ' ');
    if (command && GOOSE_COMMANDS.has(command)) return { family: 'goose', command, options: [], range };
    return undefined;
  }
  if (comment.includes('migrate:')) {
    const m = DBMATE.exec(comment);
    if (m) return { family: 'dbmate', command: m[1]!.toUpperCase(), options: m[2] ? m[2].split(/\s+/) : [], range };
    return undefined;
  }
  if (comment.includes('+migrate')) {
    const m = SQL_MIGRATE.exec(comment);
    if (m && SQL_MIGRATE_COMMANDS.has(m[1]!)) return { family: 'sql-migrate', command: m[1]!.toUpperCase(), options: m[2]!.trim() ? m[2]!.trim().split(/\s+/) : [], range };
    return undefined;
  }
  if (comment.includes('==')) {
    const m = TEMPLATE.exec(comment);
    if (m) return { family: 'template', command: m[1]!.toUpperCase(), options: [], range };
  }
  if (comment.includes('@')) {
    if (MYBATIS_UNDO.test(comment)) return { family: 'template', command: 'DOWN', options: [], range };
  }
  return undefined;
}

/** The comment at `start` begins its line (the tools read markers at the start of a line). */
export function startsLine(text: string, start: number): boolean {
  const prev = text.charCodeAt(start - 1);
  return start === 0 || prev === 10 || prev === 13;
}

/**
 * Markers that end the statement before them: section markers (the tools run each section on its
 * own, so a statement before `-- +goose Down` needs no semicolon for PostgreSQL) and goose and
 * sql-migrate block markers (a StatementBegin … StatementEnd block is sent whole, so its last statement
 * may lack its semicolon). Used by the statement splitter, from the comment's text alone.
 */
export function isStatementBreak(text: string, start: number, comment: string): boolean {
  if (!startsLine(text, start)) return false;
  const m = markerOf(comment, { start, end: start + comment.length });
  return !!m && m.command !== 'NO TRANSACTION' && !m.command.startsWith('ENVSUB');
}

/** The markers of a file, from its comments, in order. */
export function findMarkers(text: string, comments: readonly { range: Range; text: string }[]): Marker[] {
  const out: Marker[] = [];
  for (const c of comments) {
    if (!startsLine(text, c.range.start)) continue;
    const m = markerOf(c.text, c.range);
    if (m) out.push(m);
  }
  return out;
}

/** The marker families of a file, for detection. */
export function markerFamilies(markers: readonly Marker[]): Set<MarkerFamily> {
  const out = new Set<MarkerFamily>();
  // A lone StatementBegin/End or NO TRANSACTION without a direction does not make a file goose's.
  for (const m of markers) if (m.command === 'UP' || m.command === 'DOWN' || m.family === 'template') out.add(m.family);
  return out;
}
