import { mkdir } from 'node:fs/promises';

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
