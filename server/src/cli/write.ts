import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Writes via a temporary file in the same folder and a rename, so a crash never leaves half a file. Keeps the file's mode. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
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
