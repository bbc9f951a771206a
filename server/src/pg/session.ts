// What applying a history needs from a PostgreSQL connection, whatever runs it: PGlite (WASM, in
// process or in a worker) or a `pg` client to a real server. Both speak PostgreSQL's protocol and
// raise the same error fields, so the code that applies and inspects a history is written once.

/** One connection (one session: SET and search_path persist from one call to the next). */
export interface SqlSession {
  /**
   * Runs `sql` as one simple query. Several statements separated by semicolons are one implicit
   * transaction unless they manage their own (PostgreSQL's multi-statement simple query).
   */
  exec(sql: string): Promise<void>;
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** An error PostgreSQL raised, with the fields of its ErrorResponse message. */
export interface PgError {
  /** SQLSTATE, e.g. `42P01` (undefined_table). */
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the query sent, when PostgreSQL gives one. */
  position?: number;
  /** PL/pgSQL or SQL-function context (`PL/pgSQL function inline_code_block line 3 at SQL statement`). */
  where?: string;
}

/**
 * The PostgreSQL error carried by `e` (a PGlite or node-postgres DatabaseError); undefined for any
 * other failure (a crashed WASM instance, a dropped connection), which callers must not report as
 * the history's fault.
 */
export function pgErrorOf(e: unknown): PgError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as Record<string, unknown>;
  if (typeof o.code !== 'string' || !/^[0-9A-Z]{5}$/.test(o.code)) return undefined;
  const out: PgError = { code: o.code, message: String(o.message ?? '') };
  if (typeof o.detail === 'string' && o.detail) out.detail = o.detail;
  if (typeof o.hint === 'string' && o.hint) out.hint = o.hint;
  const position = Number(o.position);
  if (Number.isInteger(position) && position > 0) out.position = position;
  if (typeof o.where === 'string' && o.where) out.where = o.where;
  return out;
}

/** `name` as a quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
