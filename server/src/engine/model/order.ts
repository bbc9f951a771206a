// Migration order: by version, not by plain string, so V2__x.sql runs before V10__x.sql and
// golang-migrate's 000001_x.up.sql before 000010_x.up.sql. Directory-per-migration layouts
// (Rails/Prisma `…/migration.sql`, Diesel `…/up.sql`) take their version from the directory.

export interface MigrationName {
  /** Relative path with forward slashes. */
  path: string;
  /** A down/undo migration: linted, never replayed into the history. */
  isDown: boolean;
}

const DIR_FILES = /^(up|down|migration|change)\.sql$/i;

const downCache = new Map<string, boolean>();

export function isDownMigration(path: string): boolean {
  // Asked for every file of the history on each lint (an editor's keystroke): remembered.
  let down = downCache.get(path);
  if (down === undefined) {
    const base = path.split('/').pop() ?? path;
    down = /(^|[._-])down\.sql$/i.test(base) || /\.undo\.sql$/i.test(base) || /^U\d[\w.]*__/.test(base);
    if (downCache.size >= 100_000) downCache.clear();
    downCache.set(path, down);
  }
  return down;
}

/** The name that carries the version: the file name, or the directory name for up.sql/migration.sql layouts. */
function versionName(path: string): string {
  const parts = path.split('/');
  const base = parts[parts.length - 1]!;
  if (DIR_FILES.test(base) && parts.length > 1) return parts[parts.length - 2]! + '/' + base;
  return base;
}

/** Leading version numbers: V1_2__x -> [1,2]; 20240101120000_x -> [20240101120000]; 2019-02-26-002946_x -> [2019,2,26,2946]. */
export function versionOf(path: string): bigint[] | undefined {
  const name = versionName(path).replace(/^[VU]/, '');
  const m = /^(\d+(?:[._-]\d+)*)/.exec(name);
  if (!m) return undefined;
  return m[1]!.split(/[._-]/).map((x) => BigInt(x));
}

/** What ordering compares of a path, computed once per path (a sort compares each path about log n times). */
interface SortKey {
  path: string;
  isDown: boolean;
  /** The path without its up/down marker: the up and down files of one migration share it. */
  base: string;
  dir: string;
  version: bigint[] | undefined;
  /** The path split into text and digit runs, for natural order. */
  natural: string[];
}

function sortKey(path: string): SortKey {
  return {
    path,
    isDown: isDownMigration(path),
    base: path.replace(/(^|\/)(up|down)\.sql$/i, '$1').replace(/[._-](up|down)\.sql$/i, ''),
    dir: path.split('/').slice(0, -1).join('/'),
    version: versionOf(path),
    natural: path.split(/(\d+)/),
  };
}

function naturalCompare(ax: string[], bx: string[]): number {
  for (let i = 0; i < Math.min(ax.length, bx.length); i++) {
    const x = ax[i]!;
    const y = bx[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ax.length - bx.length;
}

function compareVersions(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** Sorts paths into history order: versioned files by version, then unversioned ones naturally by path. */
export function sortMigrations(paths: string[]): string[] {
  return paths
    .map(sortKey)
    .sort((a, b) => compareMigrations(a, b) || (a.isDown === b.isDown ? 0 : a.isDown ? 1 : -1))
    .map((k) => k.path);
}

function compareMigrations(a: SortKey, b: SortKey): number {
  // Same migration's up and down files (…/up.sql and …/down.sql, x.up.sql and x.down.sql) compare equal here,
  // so the down file, which undoes the up file, sorts right after it.
  if (a.base === b.base && a.isDown !== b.isDown) return 0;
  const va = a.version;
  const vb = b.version;
  // Files in different folders that both carry versions interleave by version (one history);
  // otherwise folder order keeps unrelated sets apart.
  if (va && vb) {
    const c = compareVersions(va, vb);
    if (c !== 0) return c;
    // Same version: an undo migration (Flyway's U2__x after V2__x) runs after the migration it undoes.
    if (a.dir === b.dir && a.isDown !== b.isDown) return a.isDown ? 1 : -1;
  } else if (va || vb) {
    if (a.dir === b.dir) return va ? -1 : 1;
  }
  return naturalCompare(a.natural, b.natural);
}

/**
 * `appliedThrough`: the file's version sorts at or before `version` (compared as the history orders
 * versions; a shorter boundary such as "2019-02-26" covers every version that starts with it). Files
 * without a version are never covered: nothing says where they stand.
 */
export function isAtOrBefore(path: string, version: string): boolean {
  const file = versionOf(path);
  const bound = versionOf(version);
  if (!file || !bound) return false;
  for (let i = 0; i < Math.min(file.length, bound.length); i++) if (file[i] !== bound[i]) return file[i]! < bound[i]!;
  return true;
}

/** A usable `appliedThrough` value: starts with a version number (V12, 0042, 20240101120000, 2019-02-26-002946). */
export function isVersionString(version: string): boolean {
  return versionOf(version) !== undefined;
}
