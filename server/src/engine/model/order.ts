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

export function isDownMigration(path: string): boolean {
  const base = path.split('/').pop() ?? path;
  return /(^|[._-])down\.sql$/i.test(base) || /\.undo\.sql$/i.test(base) || /^U\d[\w.]*__/.test(base);
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

function naturalCompare(a: string, b: string): number {
  const ax = a.split(/(\d+)/);
  const bx = b.split(/(\d+)/);
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
  return [...paths].sort((a, b) => compareMigrations(a, b) || (isDownMigration(a) === isDownMigration(b) ? 0 : isDownMigration(a) ? 1 : -1));
}

function compareMigrations(a: string, b: string): number {
  // Same migration's up and down files (…/up.sql and …/down.sql, x.up.sql and x.down.sql) compare equal here,
  // so the down file, which undoes the up file, sorts right after it.
  const base = (p: string): string => p.replace(/(^|\/)(up|down)\.sql$/i, '$1').replace(/[._-](up|down)\.sql$/i, '');
  if (base(a) === base(b) && isDownMigration(a) !== isDownMigration(b)) return 0;
  return ((): number => {
    const dirA = a.split('/').slice(0, -1).join('/');
    const dirB = b.split('/').slice(0, -1).join('/');
    const va = versionOf(a);
    const vb = versionOf(b);
    // Files in different folders that both carry versions interleave by version (one history);
    // otherwise folder order keeps unrelated sets apart.
    if (va && vb) {
      const c = compareVersions(va, vb);
      if (c !== 0) return c;
      // Same version: an undo migration (Flyway's U2__x after V2__x) runs after the migration it undoes.
      if (dirA === dirB && isDownMigration(a) !== isDownMigration(b)) return isDownMigration(a) ? 1 : -1;
    } else if (va || vb) {
      if (dirA === dirB) return va ? -1 : 1;
    }
    if (!(va && vb) && dirA !== dirB) return naturalCompare(a, b);
    return naturalCompare(a, b);
  })();
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
