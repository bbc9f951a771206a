// Writing files: the CLI's own cache, and a user's migration after --fix.
import { promises as fs, constants as fsConstants, type Stats } from 'node:fs';
import * as path from 'node:path';

function tempPath(file: string, kind: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.${kind}`);
}

/** Writes via a temporary file in the same folder and a rename, so a crash never leaves half a file. Keeps the file's mode. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = tempPath(file, 'tmp');
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode;
  } catch {
    mode = undefined;
  }
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Why --fix must not write `file` (undefined: it may). A file without any write permission bit is
 * read-only by its owner's choice and is refused even for root, who could write it anyway.
 */
export async function unwritableReason(file: string): Promise<string | undefined> {
  try {
    const st = await fs.stat(file);
    if ((st.mode & 0o222) === 0) return `the file is read-only (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); make it writable to apply fixes`;
    await fs.access(file, fsConstants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied: you may not write this file';
    if (code === 'EROFS') return 'the file is on a read-only file system';
    return (e as Error).message;
  }
}

/**
 * Writes the fixed text of a user's file and keeps the file's identity: a symbolic link stays a link
 * and its target gets the text; the mode and owner stay; hard links keep sharing the text.
 *
 * Atomicity against identity: the text goes to a temporary file beside the link's target, which gets
 * the target's mode and owner and is renamed over it, so a crash leaves the old file or the new one,
 * never half of each. A rename gives the name a new inode, though, so when the file has several hard
 * links (the other names would keep the old text) or its owner cannot be given to a new file (we are
 * not root and do not own it), the file is overwritten in place instead, after a copy of its old text
 * is kept beside it until the new text is on disk (best effort: only when the folder is writable).
 */
export async function writeFixedFile(file: string, text: string): Promise<void> {
  const target = await fs.realpath(file);
  const st = await fs.stat(target);
  if (!st.isFile()) throw new Error('not a regular file');
  const data = Buffer.from(text, 'utf8');
  if (st.nlink > 1 || !(await replaceByRename(target, data, st))) await overwriteInPlace(target, data);
}

/** false: the replacement could not keep the file's owner or could not be created; nothing was changed. */
async function replaceByRename(target: string, data: Buffer, st: Stats): Promise<boolean> {
  const tmp = tempPath(target, 'tmp');
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o600);
  } catch (e) {
    if (isPermissionError(e)) return false;
    throw e;
  }
  try {
    if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) {
      try {
        await handle.chown(st.uid, st.gid);
      } catch (e) {
        if (!isPermissionError(e)) throw e;
        await handle.close();
        handle = undefined;
        await fs.rm(tmp, { force: true });
        return false;
      }
    }
    // After chown, which clears set-id bits; and explicitly, because a mode given to open() is masked by the umask.
    await handle.chmod(st.mode & 0o7777);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
    return true;
  } catch (e) {
    await handle?.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

async function overwriteInPlace(target: string, data: Buffer): Promise<void> {
  const backup = tempPath(target, 'orig');
  const kept = await fs.copyFile(target, backup, fsConstants.COPYFILE_EXCL).then(
    () => true,
    () => false,
  );
  try {
    const handle = await fs.open(target, 'r+');
    try {
      await handle.write(data, 0, data.length, 0);
      await handle.truncate(data.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (kept) throw new Error(`${(e as Error).message} (the old text is kept in ${backup})`);
    throw e;
  }
  if (kept) await fs.rm(backup, { force: true });
}

function isPermissionError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}
