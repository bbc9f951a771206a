// Path helpers for detection and for naming a new migration the way each tool names its files.

export function dirOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

export function baseOf(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

export function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** `dir` and its ancestors, nearest first ('' is the project root). */
export function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

/** The nearest tool file called `name` in `dir` or an ancestor. */
export function nearest<T>(files: ReadonlyMap<string, T>, dir: string, name: string): T | undefined {
  for (const d of ancestors(dir)) {
    const hit = files.get(join(d, name));
    if (hit) return hit;
  }
  return undefined;
}

/** The version with its last run of digits incremented, width kept: 20240101120000 -> 20240101120001, 2019-02-26-002946 -> 2019-02-26-002947. */
export function bumpVersion(version: string, by = 1): string {
  const m = /(\d+)(\D*)$/.exec(version);
  if (!m) return version + '1';
  const digits = m[1]!;
  const next = (BigInt(digits) + BigInt(by)).toString().padStart(digits.length, '0');
  return version.slice(0, m.index) + next + m[2];
}

/**
 * The first bumped version for which `taken(version)` is false: right after the file, so the new
 * migration runs next (a collision means the history already has a file there; try the next one).
 */
export function freeVersion(version: string, taken: (v: string) => boolean): string | undefined {
  for (let i = 1; i <= 50; i++) {
    const v = bumpVersion(version, i);
    if (!taken(v)) return v;
  }
  return undefined;
}

/** A migration name for the moved statement, in the file's own naming style. */
export function movedName(name: string): string {
  return `${name.replace(/(_concurrently)+$/i, '')}_concurrently`;
}

/** The folder that holds a migration: its own folder, or the parent of a per-migration folder (Prisma, Diesel). */
export function migrationDirOf(relPath: string): string {
  const dir = dirOf(relPath);
  return /^(up|down|migration)\.sql$/i.test(baseOf(relPath)) ? dirOf(dir) : dir;
}

/** A version as a comparable key: 000010 and 10, V1_2 and V1.2, are the same version. */
export function versionKey(parts: readonly bigint[]): string {
  return parts.map(String).join('.');
}

/**
 * The folder, free version and name for a new one-file migration right after `relPath`, whose file
 * name `pattern` splits into (version)(name): the shared part of goose, dbmate and golang-migrate naming.
 */
export function nextFile(relPath: string, pattern: RegExp, taken: (dir: string, version: string) => boolean): { dir: string; version: string; name: string } | undefined {
  const m = pattern.exec(baseOf(relPath));
  if (!m) return undefined;
  const dir = dirOf(relPath);
  const version = freeVersion(m[1]!, (v) => taken(dir, v));
  return version ? { dir, version, name: movedName(m[2] || 'migration') } : undefined;
}
