// Up and down sections from a file's markers, shared by the tools that keep both directions in one
// file (goose, dbmate, sql-migrate, the seed template).
import type { Range } from '../parse/positions.js';
import type { Direction, Marker, MarkerFamily, Section, StatementInfo, TransactionMode } from './types.js';

export interface RawSection {
  direction: Direction;
  range: Range;
  marker?: Marker;
}

/**
 * Tiles the file into sections at its direction markers of `family`. Text before the first marker
 * belongs to the first up section: goose and dbmate refuse SQL there and sql-migrate skips it, so it
 * is never a down migration; comments are what real files have there. Without markers, the whole
 * file is one up section.
 */
export function splitSections(text: string, markers: readonly Marker[], family: MarkerFamily): RawSection[] {
  const direction = (m: Marker): Direction | undefined => (m.command === 'UP' ? 'up' : m.command === 'DOWN' || m.command === 'VERIFY' ? 'down' : undefined);
  const out: RawSection[] = [];
  let current: RawSection = { direction: 'up', range: { start: 0, end: text.length } };
  let seen = false;
  for (const m of markers) {
    if (m.family !== family) continue;
    const d = direction(m);
    if (!d) continue;
    if (!seen && d === 'up') {
      // The first marker opens the first up section, which started at the top of the file.
      current.marker = m;
      seen = true;
      continue;
    }
    seen = true;
    current.range = { start: current.range.start, end: m.range.start };
    out.push(current);
    current = { direction: d, range: { start: m.range.start, end: text.length }, marker: m };
  }
  out.push(current);
  return out;
}

/** StatementBegin … StatementEnd blocks of `family` (an unclosed block runs to the end of the file). */
export function statementBlocks(text: string, markers: readonly Marker[], family: MarkerFamily): Range[] {
  const out: Range[] = [];
  let open: number | undefined;
  for (const m of markers) {
    if (m.family !== family) continue;
    if (m.command === 'STATEMENTBEGIN') open = m.range.end;
    else if (m.command === 'STATEMENTEND' && open !== undefined) {
      out.push({ start: open, end: m.range.start });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ start: open, end: text.length });
  return out;
}

export function within(range: Range, offset: number): boolean {
  return range.start <= offset && offset < range.end;
}

/** Statements whose start lies in the range. */
export function statementsIn(statements: readonly StatementInfo[], range: Range): StatementInfo[] {
  return statements.filter((s) => within(range, s.range.start));
}

/**
 * The transaction of a section the tool sends as one query or batch: PostgreSQL runs a query with
 * several statements as one implicit transaction ("Multiple Statements in a Simple Query",
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT); a single
 * statement sent alone runs outside any.
 */
export function scriptTransaction(statements: readonly StatementInfo[], range: Range): TransactionMode {
  return statementsIn(statements, range).length > 1 ? 'implicit' : 'none';
}

/** Builds the sections with each one's transaction mode. */
export function toSections(raw: readonly RawSection[], mode: (s: RawSection) => Pick<Section, 'transaction' | 'sending'>): { up: Section[]; down: Section[] } {
  const up: Section[] = [];
  const down: Section[] = [];
  for (const r of raw) {
    const s: Section = { direction: r.direction, range: r.range, ...mode(r) };
    if (r.marker) s.marker = r.marker.range;
    (r.direction === 'up' ? up : down).push(s);
  }
  return { up, down };
}

/** One section covering the whole file. */
export function wholeFile(text: string, direction: Direction, transaction: TransactionMode, sending: Section['sending']): Section {
  return { direction, range: { start: 0, end: text.length }, transaction, sending };
}
