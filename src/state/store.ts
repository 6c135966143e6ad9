import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir, value, type Env } from '../config.ts';
import { fileDigestStore, type DigestStore } from '../digest/store.ts';
import { probeStateDir } from '../state-dir.ts';
import { fileActivityLog, type ActivityLog } from './activity.ts';
import { fileConversationStore, type ConversationStore } from './conversations.ts';
import { writeInFolder } from './files.ts';
import { fileFeedbackStore, type FeedbackStore } from './feedback.ts';
import { openPostgresStore, postgresConfig } from './postgres.ts';
import { fileQuestionLog, type QuestionLog } from './questions.ts';

/**
 * Everything the bot remembers, in one place: which events were answered (dedupe across
 * replicas), the digest's slots and what it showed, what each conversation was about, the
 * record of questions for curators, the counts of outcomes and the feedback. The Slack side
 * and the digest use only this; `openStateStore` picks the implementation.
 */
export interface StateStore {
  /** Where the state lives, for messages: the folder, or the database with its password masked. */
  readonly location: string;
  /**
   * Event dedupe across replicas: true for the one caller that claims `eventId` first, false
   * for every later one (another replica, or a redelivery). Claims are kept at least
   * EVENT_CLAIM_TTL_MS (longer than Slack's retry window), then purged by the store itself.
   */
  claimEvent(eventId: string, now: Date): Promise<boolean>;
  digest: DigestStore;
  conversations: ConversationStore;
  questions: QuestionLog;
  activity: ActivityLog;
  feedback: FeedbackStore;
  /** Whether the store answers now, and a line saying so (for /healthz). Never rejects. */
  health(): Promise<StoreHealth>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  detail: string;
}

export interface StoreLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Slack retries an event for a few minutes; a claim is kept an hour, then forgotten. */
export const EVENT_CLAIM_TTL_MS = 60 * 60_000;
/** How often a store looks for claims past their time (at a claim, so an idle store does nothing). */
export const EVENT_PURGE_EVERY_MS = 10 * 60_000;
/** How far a caller's clock may be from the file system's before a claim file is dated by hand. */
const CLOCK_SKEW_MS = 1_000;

/** The state store cannot be opened (PostgreSQL unreachable, a failed migration): start-up stops with this. */
export class StateStoreError extends Error {
  readonly code = 'STATE_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}

/**
 * The state store the environment asks for: PostgreSQL when DATABASE_URL is set (connected,
 * schema migrated, or StateStoreError), else the files in STATE_DIR (probed for writing when
 * `probe` is set, or StateDirError). The only place that knows which one it is.
 */
export async function openStateStore(env: Env, options: { log?: StoreLog; probe?: boolean } = {}): Promise<StateStore> {
  if (value(env, 'DATABASE_URL') !== undefined) return openPostgresStore(postgresConfig(env), options.log);
  const dir = stateDir(env);
  if (options.probe) await probeStateDir(dir);
  return fileStateStore(dir);
}

/** What the logger should mask besides Slack's tokens: DATABASE_URL's password. */
export function stateStoreSecrets(env: Env): string[] {
  const url = value(env, 'DATABASE_URL');
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password, new URL(url).password] : [];
  } catch {
    return [];
  }
}

/**
 * The files in `dir` (STATE_DIR), as before, plus event claims: one empty folder per event
 * under `<dir>/events/`, made with mkdir, which fails for every process but the first, so that
 * of the processes sharing the folder only one claims an event. (A folder rather than a file:
 * one system call, and no file to write; an empty file left by an earlier version still counts.)
 * A claim is dated with its claim time and removed after EVENT_CLAIM_TTL_MS; names are hashes
 * of the event id.
 */
export function fileStateStore(dir: string): StateStore {
  const events = join(dir, 'events');
  let lastPurge = -Infinity;

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
      const claimed = await stat(path).then((s) => s.mtimeMs, () => undefined);
      if (claimed !== undefined && claimed < cutoff) await rm(path, { recursive: true, force: true });
    }
  };

  return {
    location: dir,
    async claimEvent(eventId, now) {
      if (now.getTime() - lastPurge >= EVENT_PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        await purgeClaims(now).catch(() => undefined); // a purge that fails leaves files, never a claim
      }
      const path = join(events, createHash('sha256').update(eventId).digest('hex').slice(0, 32));
      try {
        await writeInFolder(events, () => mkdir(path, { mode: 0o700 }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
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
