import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { replaceFile } from '../files.ts';
import { emptyDigestMemory, type DigestMemory } from './compose.ts';
import { DigestStateError } from './errors.ts';

export interface SlotRecord {
  /** The scheduled time, ISO 8601 (`Date.prototype.toISOString`), which is also the record's key. */
  slot: string;
  status: 'claimed' | 'posted' | 'skipped';
  claimedAt: string;
  postedAt?: string;
  ts?: string;
  channel?: string;
  reason?: string;
}

/**
 * Where the digest keeps what it posted. Small on purpose, so that a shared store (Redis SET NX,
 * or a PostgreSQL row with a unique slot key) can replace the file when several replicas run.
 */
export interface DigestStore {
  /** Atomically claim a slot; false if it was already claimed/posted/skipped (by anyone). */
  claimSlot(slot: string, now: Date): Promise<boolean>;
  /**
   * Save what the digest has shown, before posting a claimed slot: a crash mid-post then never
   * makes the next digest repeat it (at worst, those highlights wait for the next cycle).
   */
  saveMemory(memory: DigestMemory): Promise<void>;
  /** Record the post and the digest memory in one write. Overrides a `skipped` mark: the post is the truth. */
  markPosted(slot: string, info: { ts: string; channel: string; at: Date; memory: DigestMemory }): Promise<void>;
  /** Mark a slot as not posted, with why. Never downgrades a `posted` slot. */
  markSkipped(slot: string, reason: string, now: Date): Promise<void>;
  /** Release a claim whose post failed before Slack accepted it, so the next start may retry within grace. */
  releaseSlot(slot: string): Promise<void>;
  getSlot(slot: string): Promise<SlotRecord | undefined>;
  /** Slots claimed but never marked posted/skipped: a crash happened between claim and save. */
  unfinishedSlots(): Promise<SlotRecord[]>;
  readMemory(): Promise<DigestMemory>;
}

export const DIGEST_STATE_FILE = 'digest-state.json';
export const DIGEST_LOCK_FILE = 'digest-state.lock';
/** Slot records kept; older ones are dropped (only the latest slot matters for catch-up). */
export const MAX_SLOT_RECORDS = 500;
export const DEFAULT_STALE_LOCK_MS = 30_000;

export interface FileDigestStoreOptions {
  /** A lock file older than this is left by a crashed process and is broken (default 30 s). */
  staleLockMs?: number;
  /** How long to wait for the lock before failing (default: staleLockMs + 5 s, so a crashed holder's lock is always outwaited). */
  lockTimeoutMs?: number;
}

const slotRecordSchema = z.object({
  slot: z.string(),
  status: z.enum(['claimed', 'posted', 'skipped']),
  claimedAt: z.string(),
  postedAt: z.string().optional(),
  ts: z.string().optional(),
  channel: z.string().optional(),
  reason: z.string().optional(),
});

const stateSchema = z.object({
  version: z.literal(1),
  slots: z.record(z.string(), slotRecordSchema),
  memory: z.object({
    fingerprints: z.record(z.string(), z.string()),
    shown: z.array(z.string()),
    cycle: z.number().int().nonnegative(),
  }),
});

type State = z.infer<typeof stateSchema>;

/**
 * The digest state in one JSON file, `<dir>/digest-state.json`. Every write replaces the whole file
 * (temp file, fsync, rename), so a crash leaves the old or the new state, never a torn one.
 * Read-modify-writes hold an O_EXCL lock file, so two processes on one folder cannot both claim a slot.
 */
export function fileDigestStore(dir: string, options: FileDigestStoreOptions = {}): DigestStore {
  const path = join(dir, DIGEST_STATE_FILE);
  const lockPath = join(dir, DIGEST_LOCK_FILE);
  const staleLockMs = options.staleLockMs ?? DEFAULT_STALE_LOCK_MS;
  const lockTimeoutMs = options.lockTimeoutMs ?? staleLockMs + 5_000;

  function corrupt(detail: string): DigestStateError {
    return new DigestStateError(
      'DIGEST_STATE_CORRUPT',
      path,
      `The digest state file ${path} ${detail}. Digests are not posted while it is unusable, because starting ` +
        `from empty state could post slots again. Move it aside to start fresh (mv ${path} ${path}.bad) ` +
        `and restart; the latest slot may then be posted once more if it is within DIGEST_GRACE.`,
    );
  }

  async function read(): Promise<State> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { version: 1, slots: {}, memory: emptyDigestMemory() };
      throw corrupt(`cannot be read (${messageOf(error)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw corrupt(`is not valid JSON (${messageOf(error)})`);
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw corrupt(`does not have the expected shape (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`);
    }
    return parsed.data;
  }

  async function write(state: State): Promise<void> {
    const slots = Object.keys(state.slots).sort();
    for (const old of slots.slice(0, Math.max(0, slots.length - MAX_SLOT_RECORDS))) delete state.slots[old];

    await replaceFile(dir, DIGEST_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, 0o666);
    await syncFolder(dir);
  }

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dir, { recursive: true });
    const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      try {
        const file = await open(lockPath, 'wx');
        try {
          await file.writeFile(token);
        } finally {
          await file.close();
        }
        break;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => undefined,
      );
      if (age !== undefined && age > staleLockMs) {
        // Left by a crashed holder (a live one holds it for milliseconds). Two waiters breaking the
        // same stale lock at once could race; that needs a crash first and is accepted to stay small.
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new DigestStateError(
          'DIGEST_STATE_LOCKED',
          lockPath,
          `The digest state lock ${lockPath} has been held for more than ${lockTimeoutMs} ms. If no other summit-bot is running on this STATE_DIR, delete the lock file.`,
        );
      }
      await delay(5 + Math.random() * 20);
    }
    try {
      return await fn();
    } finally {
      // Only our own lock: if it was broken as stale meanwhile, another process holds a new one.
      const holder = await readFile(lockPath, 'utf8').catch(() => undefined);
      if (holder === token) await rm(lockPath, { force: true });
    }
  }

  return {
    claimSlot: (slot, now) =>
      withLock(async () => {
        const state = await read();
        if (state.slots[slot]) return false;
        state.slots[slot] = { slot, status: 'claimed', claimedAt: now.toISOString() };
        await write(state);
        return true;
      }),

    saveMemory: (memory) =>
      withLock(async () => {
        const state = await read();
        state.memory = memory;
        await write(state);
      }),

    markPosted: (slot, info) =>
      withLock(async () => {
        const state = await read();
        const at = info.at.toISOString();
        state.slots[slot] = { slot, status: 'posted', claimedAt: state.slots[slot]?.claimedAt ?? at, postedAt: at, ts: info.ts, channel: info.channel };
        state.memory = info.memory;
        await write(state);
      }),

    markSkipped: (slot, reason, now) =>
      withLock(async () => {
        const state = await read();
        const previous = state.slots[slot];
        if (previous?.status === 'posted') return;
        state.slots[slot] = { slot, status: 'skipped', claimedAt: previous?.claimedAt ?? now.toISOString(), reason };
        await write(state);
      }),

    releaseSlot: (slot) =>
      withLock(async () => {
        const state = await read();
        if (state.slots[slot]?.status !== 'claimed') return;
        delete state.slots[slot];
        await write(state);
      }),

    // Reads need no lock: the file is only ever replaced whole.
    getSlot: async (slot) => (await read()).slots[slot],
    unfinishedSlots: async () =>
      Object.values((await read()).slots)
        .filter((r) => r.status === 'claimed')
        .sort((a, b) => a.slot.localeCompare(b.slot)),
    readMemory: async () => (await read()).memory,
  };
}

/** Makes the rename itself durable; best effort, as some platforms cannot open a folder. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // The data is already fsynced; only the rename's durability on power loss is at stake.
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
