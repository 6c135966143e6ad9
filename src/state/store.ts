import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { fileDigestStore } from '../digest/store.ts';
import { writeInFolder } from '../files.ts';
import { probeStateDir } from '../state-dir.ts';
import { fileActivityLog } from './activity.ts';
import { fileConversationStore } from './conversations.ts';
import { fileFeedbackStore } from './feedback.ts';
import { openPostgresStore, type PostgresConfig } from './postgres.ts';
import { fileQuestionLog } from './questions.ts';
import { EVENT_CLAIM_TTL_MS, EVENT_PURGE_EVERY_MS, type StateStore, type StoreLog } from './state-store.ts';

export { EVENT_CLAIM_TTL_MS, EVENT_PURGE_EVERY_MS, StateStoreError, type StateStore, type StoreHealth, type StoreLog } from './state-store.ts';

/** How far a caller's clock may be from the file system's before a claim file is dated by hand. */
const CLOCK_SKEW_MS = 1_000;

/**
 * The state store the configuration asks for: PostgreSQL when DATABASE_URL is set (connected,
 * schema migrated, or StateStoreError), else the files in STATE_DIR (probed for writing when
 * `probe` is set, or StateDirError). The only place that knows which one it is.
 */
export async function openStateStore(config: { database?: PostgresConfig; stateDir: string }, options: { log?: StoreLog; probe?: boolean } = {}): Promise<StateStore> {
  if (config.database) return openPostgresStore(config.database, options.log);
  if (options.probe) await probeStateDir(config.stateDir);
  return fileStateStore(config.stateDir);
}

/** What the logger should mask besides Slack's tokens: DATABASE_URL's password. */
export function stateStoreSecrets(database: PostgresConfig | undefined): string[] {
  if (!database) return [];
  const { password } = new URL(database.url); // the schema checked it is a URL
  if (!password) return [];
  try {
    return [decodeURIComponent(password), password];
  } catch {
    return [password]; // a stray % that is not an escape
  }
}

/**
 * The files in `dir` (STATE_DIR), as before, plus event claims: one empty folder per event under
 * `<dir>/events/` (see claimPath), which only the first process to make it makes, so that of the
 * processes sharing the folder only one claims an event. A claim is dated with its claim time
 * and removed after EVENT_CLAIM_TTL_MS; names are hashes of the event id.
 */
export function fileStateStore(dir: string): StateStore {
  const events = join(dir, 'events');
  let lastPurge = -Infinity;
  let purging = false;

  const purgeClaims = async (now: Date) => {
    const cutoff = now.getTime() - EVENT_CLAIM_TTL_MS;
    let names: string[];
    try {
      names = await readdir(events);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(events, name);
      const claimed = await stat(path).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      if (claimed !== undefined && claimed < cutoff) await rm(path, { recursive: true, force: true });
    }
  };

  return {
    location: dir,
    async claimEvent(eventId, now) {
      if (now.getTime() - lastPurge >= EVENT_PURGE_EVERY_MS && !purging) {
        // In the background: an hour of claims can take longer to list than a claim may wait.
        lastPurge = now.getTime();
        purging = true;
        void purgeClaims(now)
          .catch(() => undefined) // a purge that fails leaves files, never a claim
          .finally(() => (purging = false));
      }
      const path = join(events, createHash('sha256').update(eventId).digest('hex').slice(0, 32));
      const claim = () => writeInFolder(events, () => claimPath(path));
      try {
        await claim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A claim past its time that no purge has removed yet is no claim. (Two processes taking
        // the same expired one at once could both win, but Slack never redelivers an event that late.)
        const claimed = await stat(path).then(
          (s) => s.mtimeMs,
          () => undefined,
        ); // undefined: just purged
        if (claimed !== undefined && claimed >= now.getTime() - EVENT_CLAIM_TTL_MS) return false;
        await rm(path, { recursive: true, force: true });
        try {
          await claim();
        } catch (again) {
          if ((again as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw again;
        }
      }
      // The file system dated the claim; a caller on another clock (a test's) dates it itself.
      if (Math.abs(Date.now() - now.getTime()) > CLOCK_SKEW_MS) await utimes(path, now, now).catch(() => undefined);
      return true;
    },
    digest: fileDigestStore(dir),
    conversations: fileConversationStore(dir),
    questions: fileQuestionLog(dir),
    activity: fileActivityLog(dir),
    feedback: fileFeedbackStore(dir),
    async health() {
      try {
        await probeStateDir(dir);
        return { ok: true, detail: `files in ${dir} (STATE_DIR)` };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
    async close() {},
  };
}

/**
 * Claims `path`, failing with EEXIST if any process claimed it first: a folder made with mkdir
 * (the bench measured a quarter less CPU per request than with a file created instead), or an
 * empty file created with O_EXCL where the file system allows no more subfolders (EMLINK:
 * ext3's 32,000). Either counts as a claim, as does an empty file left by an earlier version.
 */
async function claimPath(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EMLINK') throw error;
    await (await open(path, 'wx', 0o600)).close();
  }
}
