import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Runs `write`, a write into `folder`, creating the folder first only when the write finds it
 * missing (ENOENT), then once more. A folder made at every write costs a system call per
 * question for nothing; made on demand, a folder removed while the bot runs still comes back.
 */
export async function writeInFolder<T>(folder: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(folder, { recursive: true });
    return write();
  }
}

/**
 * Replaces `dir/name` with `text` whole: written to a temp file beside it, flushed to disk, then
 * renamed over it (atomic on one file system), so a reader or a crash sees the old file or the
 * new one, never a part.
 */
export async function replaceFile(dir: string, name: string, text: string, mode = 0o600): Promise<void> {
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', mode);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
