import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The state folder cannot be written: start-up stops with this message instead of failing at the first digest slot or follow-up. */
export class StateDirError extends Error {
  readonly code = 'STATE_DIR_UNWRITABLE';
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `the state folder ${dir} (STATE_DIR) cannot be written: ${detail}. ` +
        `The bot keeps there which digests it posted and what each conversation was about. Set STATE_DIR to a folder its user can write, or fix the folder's permissions.`,
      { cause },
    );
    this.name = 'StateDirError';
  }
}

/**
 * Creates `dir` if needed, then creates, writes and deletes a file in it: what every state write
 * does (temp file, rename, lock file). Run at start, so an unwritable folder is found by whoever
 * starts the bot, not at 9 a.m. by an EACCES in the log (or by follow-ups quietly losing their context).
 */
export async function probeStateDir(dir: string): Promise<void> {
  const probe = join(dir, `.write-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'summit-bot write probe\n', { flag: 'wx' });
    await rm(probe);
  } catch (error) {
    await rm(probe, { force: true }).catch(() => undefined);
    throw new StateDirError(dir, error);
  }
}
