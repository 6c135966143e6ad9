import type { DigestMemory } from './compose.ts';
import { cronFor } from './cron.ts';
import type { DigestStore } from './store.ts';

/** Time, injectable so that tests control it. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Node timers cannot wait longer than this (a longer delay fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface DigestScheduleConfig {
  cron: string;
  /** IANA name, e.g. `Europe/Berlin`; the cron is read in this zone. */
  timeZone: string;
  /** A slot missed while the bot was down is posted on start if it is at most this old. */
  graceMs: number;
}

export type DigestConfig = DigestScheduleConfig & {
  /** Where digests go; undefined means digests are off. */
  channel?: string;
};

/** The latest scheduled time at or before `now`. */
export function previousSlot(config: Pick<DigestScheduleConfig, 'cron' | 'timeZone'>, now: Date): Date | undefined {
  // croner looks strictly before its reference; one millisecond later makes `now` itself count.
  return cronFor(config).previousRuns(1, new Date(now.getTime() + 1))[0];
}

/** The first scheduled time strictly after `after`. */
export function nextSlot(config: Pick<DigestScheduleConfig, 'cron' | 'timeZone'>, after: Date): Date | undefined {
  return cronFor(config).nextRun(after) ?? undefined;
}

/** Slack's `not_in_channel` platform error (`error.data.error`), as thrown by @slack/web-api. */
export function isNotInChannel(error: unknown): boolean {
  return slackErrorCode(error) === 'not_in_channel';
}

/** The `error` of a Slack platform error (`error.data.error`, as @slack/web-api throws it). */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  return typeof data.error === 'string' ? data.error : undefined;
}

export interface DigestSchedulerLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface RunDigestSchedulerOptions {
  config: DigestScheduleConfig & { channel?: string };
  store: DigestStore;
  clock: Clock;
  signal: AbortSignal;
  /** Composes and posts the digest for `slot`; resolves once Slack has accepted it. */
  post(slot: Date): Promise<{ ts: string; channel: string; memory: DigestMemory }>;
  log: DigestSchedulerLog;
  /**
   * A claim younger than this may be a post still in flight on another replica; older, and
   * never confirmed, its process died mid-post. Longer than a digest post can take (posts
   * time out and are never retried). Default: STALE_CLAIM_MS.
   */
  staleClaimMs?: number;
}

/** A minute: well past a digest post's timeout (SLACK_API_TIMEOUT, 10 s by default). */
export const STALE_CLAIM_MS = 60_000;

/** Longest single sleep, so that a suspended machine or a wall-clock jump is noticed within a minute. */
export const MAX_SLEEP_MS = 60_000;
/** A slot handled this soon after its time is on time, even with DIGEST_GRACE=0. */
export const ON_TIME_MS = 60_000;

export const UNCONFIRMED_REASON = 'unconfirmed after restart';
export const MISSED_REASON = 'missed: older than DIGEST_GRACE';

/**
 * Posts the digest at each slot of the schedule, at most once per slot, until `signal` aborts.
 * Resolves when stopped (after finishing a post in flight); never rejects.
 *
 * 1. Reconcile: a slot claimed but never confirmed (the process died between claim and save) is
 *    marked skipped, not posted again: its post may have reached Slack. An admin is told to check.
 *    Only once the claim is older than a post can take (`staleClaimMs`): a younger one may be
 *    another replica's post in flight. Done at start and on every wake.
 * 2. Catch up: the latest slot at or before now, if nobody has it, is posted when at most
 *    DIGEST_GRACE old, else marked skipped and logged.
 * 3. Loop: sleep until the next slot, claim it (a failed claim means another process has it), post,
 *    save. A failed post marks the slot skipped (the next slot tries again): whether a failed
 *    request reached Slack cannot be known for sure, and skipping is the side that never duplicates.
 */
export async function runDigestScheduler(opts: RunDigestSchedulerOptions): Promise<void> {
  const { config, store, clock, signal, log } = opts;
  const channelName = config.channel ?? 'the digest channel';

  const staleClaimMs = opts.staleClaimMs ?? STALE_CLAIM_MS;
  async function reconcile(): Promise<void> {
    for (const record of await store.unfinishedSlots()) {
      // Still in flight, maybe on another replica: looked at again on a later wake.
      if (clock.now().getTime() - new Date(record.claimedAt).getTime() < staleClaimMs) continue;
      await store.markSkipped(record.slot, UNCONFIRMED_REASON, clock.now());
      log.warn(
        `digest: slot ${record.slot} was claimed at ${record.claimedAt} but its post was never confirmed ` +
          `(the bot stopped between posting and saving). It is not posted again, to avoid a duplicate; ` +
          `an admin should check ${channelName} and post it by hand if it is missing.`,
      );
    }
  }

  async function handleDue(slot: Date): Promise<void> {
    const key = slot.toISOString();
    try {
      // Already posted, skipped or being posted elsewhere. The claim below is the real guard; this
      // check only spares a restart the misleading "claimed by another run" log.
      if (await store.getSlot(key)) return;
      const lateness = clock.now().getTime() - slot.getTime();
      if (lateness > Math.max(config.graceMs, ON_TIME_MS)) {
        // Claimed first, so that a replica cannot post the slot while this one marks it skipped.
        if (await store.claimSlot(key, clock.now())) {
          await store.markSkipped(key, MISSED_REASON, clock.now());
          log.warn(`digest: missed slot ${key} skipped (older than DIGEST_GRACE=${formatDuration(config.graceMs)}; now ${formatDuration(lateness)} late)`);
        }
        return;
      }
      await claimAndPost(slot, key);
    } catch (error) {
      log.error(`digest: slot ${key} not posted: ${describe(error)}`);
    }
  }

  async function claimAndPost(slot: Date, key: string): Promise<void> {
    if (!(await store.claimSlot(key, clock.now()))) {
      log.info(`digest: slot ${key} is already claimed by another run; not posting it here`);
      return;
    }
    let posted: { ts: string; channel: string; memory: DigestMemory };
    try {
      posted = await opts.post(slot);
    } catch (error) {
      if (isNotInChannel(error)) {
        log.error(`digest: cannot post the digest for ${key}: the bot is not a member of ${channelName}. Invite it there with \`/invite @summit-bot\`; the next slot will try again.`);
        await store.markSkipped(key, 'not_in_channel', clock.now());
      } else {
        const hint = slackErrorCode(error) === 'channel_not_found' ? ' (check DIGEST_CHANNEL; for a private channel, invite the bot with `/invite @summit-bot`)' : '';
        log.error(`digest: posting the digest for ${key} failed: ${describe(error)}${hint}. The slot is skipped; the next slot will try again.`);
        await store.markSkipped(key, `post failed: ${describe(error)}`, clock.now());
      }
      return;
    }
    try {
      await store.markPosted(key, { ts: posted.ts, channel: posted.channel, at: clock.now(), memory: posted.memory });
    } catch (error) {
      log.error(`digest: posted ${key} (ts ${posted.ts}) but could not save it: ${describe(error)}. It will not be posted again.`);
      return;
    }
    log.info(`digest: posted slot ${key} to ${posted.channel} (ts ${posted.ts})`);
  }

  try {
    await reconcile();
  } catch (error) {
    log.error(`digest: could not reconcile unfinished slots: ${describe(error)}`);
  }

  let after = clock.now();
  try {
    const latest = previousSlot(config, after);
    if (latest) await handleDue(latest);
  } catch (error) {
    log.error(`digest: catch-up failed: ${describe(error)}`);
  }

  while (!signal.aborted) {
    try {
      const slot = nextSlot(config, after);
      if (!slot) {
        log.warn(`digest: DIGEST_CRON "${config.cron}" has no further run; the digest scheduler stops`);
        return;
      }
      const wait = slot.getTime() - clock.now().getTime();
      if (wait > 0) {
        await clock.sleep(Math.min(wait, MAX_SLEEP_MS), signal).catch(() => undefined);
        await reconcile().catch((error) => log.error(`digest: could not reconcile unfinished slots: ${describe(error)}`));
        continue;
      }
      const due = previousSlot(config, clock.now()) ?? slot;
      if (due.getTime() > slot.getTime()) {
        log.warn(`digest: slots from ${slot.toISOString()} until ${due.toISOString()} came while the process was paused or the clock jumped; only the latest is considered`);
      }
      await handleDue(due);
      after = due;
    } catch (error) {
      if (signal.aborted) return;
      // Unexpected (e.g. a clock that throws): log and back off rather than spin or crash the bot.
      log.error(`digest: scheduler error: ${describe(error)}`);
      await clock.sleep(MAX_SLEEP_MS, signal).catch(() => undefined);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
