import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeInFolder } from '../files.ts';

/** A 👍 or 👎 on one answer. No user id is kept: only a hash that makes each user's vote count once. */
export interface Vote {
  vote: 'up' | 'down';
  /** The answering (or closest) fact, and what kind of reply it was. */
  fact?: string;
  kind: string;
  at: string;
}

export interface FeedbackStore {
  /**
   * Records `vote` once per (user, answer): true the first time, false for a repeat (a second
   * click, or the same click delivered to another replica).
   */
  record(user: string, answer: string, vote: Vote): Promise<boolean>;
  /** Votes since `since`, for the curators' summary. */
  read(since: Date): Promise<Vote[]>;
  /** Forgets votes older than `before` (kept as long as the question record); returns how many. */
  purge(before: Date): Promise<number>;
}

/** What makes a vote count once: a hash of the user and the answer, never the user id itself. */
export function feedbackKey(user: string, answer: string): string {
  return createHash('sha256').update(`${user}\n${answer}`).digest('hex').slice(0, 40);
}

/**
 * One file per (user, answer) under `<dir>/feedback/`, created with O_EXCL: of two replicas
 * sharing the folder, only one creates it, so a vote counts once. The file name is a hash of
 * user and answer; the file holds the vote, the fact and the time, and no user id.
 */
export function fileFeedbackStore(dir: string): FeedbackStore {
  const folder = join(dir, 'feedback');
  /** Every vote file, read; a file cut short by a crash reads as no vote. */
  const votes = async (): Promise<{ path: string; vote?: Vote }[]> => {
    const names = await readdir(folder).catch(() => [] as string[]);
    return Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (name) => {
          const path = join(folder, name);
          const vote = await readFile(path, 'utf8')
            .then(
              (text) => JSON.parse(text) as Vote,
              () => undefined,
            )
            .catch(() => undefined);
          return { path, vote };
        }),
    );
  };
  return {
    async record(user, answer, vote) {
      const name = feedbackKey(user, answer);
      try {
        await writeInFolder(folder, () => writeFile(join(folder, `${name}.json`), JSON.stringify(vote), { flag: 'wx' }));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
    async read(since) {
      return (await votes()).filter(({ vote }) => vote && new Date(vote.at) >= since).map(({ vote }) => vote!);
    },
    async purge(before) {
      // A vote file cut short by a crash has no time: it goes too.
      const old = (await votes()).filter(({ vote }) => !vote || new Date(vote.at) < before);
      for (const { path } of old) await rm(path, { force: true });
      return old.length;
    },
  };
}
