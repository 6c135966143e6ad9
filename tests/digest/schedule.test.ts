import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestConfigError, knowledgeDir, readConfig, type Env } from '../../src/config.ts';
import {
  composeDigest,
  emptyDigestMemory,
  DIGEST_STATE_FILE,
  fileDigestStore,
  isNotInChannel,
  MISSED_REASON,
  nextSlot,
  previousSlot,
  runDigestScheduler,
  systemClock,
  UNCONFIRMED_REASON,
  type DigestMemory,
  type DigestScheduleConfig,
  type DigestStore,
} from '../../src/digest/index.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { FakeClock } from './fake-clock.ts';

const kb = loadKnowledgeBase(knowledgeDir({}));

const digestConfig = (env: Env) => readConfig(env).digest;

describe('parseDigestConfig', () => {
  it('is off without a channel and has documented defaults', () => {
    expect(digestConfig({})).toEqual({ cron: '0 9 * * 1-5', timeZone: 'UTC', graceMs: 3_600_000 });
    expect(digestConfig({ DIGEST_CHANNEL: '   ' }).channel).toBeUndefined();
    expect(digestConfig({ DIGEST_CHANNEL: ' C0123 ' }).channel).toBe('C0123');
  });

  it('reads the grace period in seconds or with a unit', () => {
    const grace = (DIGEST_GRACE: string) => digestConfig({ DIGEST_GRACE }).graceMs;
    expect(grace('3600')).toBe(3_600_000);
    expect(grace('90s')).toBe(90_000);
    expect(grace('15m')).toBe(900_000);
    expect(grace('1h')).toBe(3_600_000);
    expect(grace('0')).toBe(0);
  });

  it('accepts IANA zones and cron with or without seconds', () => {
    expect(digestConfig({ DIGEST_TZ: 'Asia/Tokyo' }).timeZone).toBe('Asia/Tokyo');
    expect(digestConfig({ DIGEST_CRON: '* * * * * *' }).cron).toBe('* * * * * *');
    expect(digestConfig({ DIGEST_CRON: '30 8 * * MON' }).cron).toBe('30 8 * * MON');
  });

  it.each([
    ['DIGEST_TZ', 'Mars/Olympus_Mons', 'Europe/Berlin'],
    ['DIGEST_TZ', 'UTC+2', 'Europe/Berlin'],
    ['DIGEST_CRON', 'every morning', '0 9 * * 1-5'],
    ['DIGEST_CRON', '61 * * * *', '0 9 * * 1-5'],
    ['DIGEST_CRON', '0 0 1 1 * 2030', '0 9 * * 1-5'],
    ['DIGEST_CRON', '0 0 31 2 *', '0 9 * * 1-5'],
    ['DIGEST_GRACE', 'soon', '1h'],
    ['DIGEST_GRACE', '-5', '1h'],
    ['DIGEST_GRACE', '1d', '1h'],
    ['DIGEST_CHANNEL', '#summit news', 'C0123456789'],
  ])('rejects %s=%s, naming the variable, the value and a good example', (variable, bad, example) => {
    let error: unknown;
    try {
      digestConfig({ [variable]: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DigestConfigError);
    expect(error).toMatchObject({ code: 'DIGEST_CONFIG_INVALID', variable, value: bad });
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message).toContain(bad);
    expect(message).toContain(example);
  });
});

describe('slots', () => {
  const weekdays = { cron: '0 9 * * 1-5', timeZone: 'UTC' };

  it('finds the latest slot at or before now, and the next one strictly after', () => {
    expect(previousSlot(weekdays, new Date('2024-03-01T09:00:00Z'))?.toISOString()).toBe('2024-03-01T09:00:00.000Z');
    expect(previousSlot(weekdays, new Date('2024-03-01T08:59:59.999Z'))?.toISOString()).toBe('2024-02-29T09:00:00.000Z');
    // Friday, then the weekend: next is Monday.
    expect(nextSlot(weekdays, new Date('2024-03-01T09:00:00Z'))?.toISOString()).toBe('2024-03-04T09:00:00.000Z');
    expect(previousSlot(weekdays, new Date('2024-03-03T12:00:00Z'))?.toISOString()).toBe('2024-03-01T09:00:00.000Z');
  });

  it('reads the cron in the configured time zone', () => {
    const tokyo = { cron: '0 9 * * *', timeZone: 'Asia/Tokyo' };
    expect(nextSlot(tokyo, new Date('2024-02-29T12:00:00Z'))?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    const newYork = { cron: '0 9 * * *', timeZone: 'America/New_York' };
    expect(nextSlot(newYork, new Date('2024-03-08T00:00:00Z'))?.toISOString()).toBe('2024-03-08T14:00:00.000Z');
    expect(nextSlot(newYork, new Date('2024-03-11T00:00:00Z'))?.toISOString()).toBe('2024-03-11T13:00:00.000Z');
  });

  it('supports per-second schedules', () => {
    const everySecond = { cron: '* * * * * *', timeZone: 'UTC' };
    expect(nextSlot(everySecond, new Date('2024-03-01T09:00:00.400Z'))?.toISOString()).toBe('2024-03-01T09:00:01.000Z');
    expect(previousSlot(everySecond, new Date('2024-03-01T09:00:00.400Z'))?.toISOString()).toBe('2024-03-01T09:00:00.000Z');
  });
});

describe('isNotInChannel', () => {
  it('recognises the Web API platform error by its data', () => {
    const slackError = Object.assign(new Error('An API error occurred: not_in_channel'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } });
    expect(isNotInChannel(slackError)).toBe(true);
    expect(isNotInChannel(Object.assign(new Error('x'), { data: { error: 'channel_not_found' } }))).toBe(false);
    expect(isNotInChannel(new Error('not_in_channel'))).toBe(false);
    expect(isNotInChannel(undefined)).toBe(false);
  });
});

describe('systemClock', () => {
  it('sleeps, and wakes early when aborted', async () => {
    const started = Date.now();
    await systemClock.sleep(20, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

// ---------------------------------------------------------------------------------------------

interface Post {
  slot: string;
  ts: string;
  highlights: string[];
}

/** Stands in for Slack: what reached the channel, whoever posted it. */
class Channel {
  posts: Post[] = [];
  slots(): string[] {
    return this.posts.map((p) => p.slot);
  }
}

type PostFn = (slot: Date) => Promise<{ ts: string; channel: string; memory: DigestMemory }>;

const running: AbortController[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.abort();
});

function start(opts: { dir: string; clock: FakeClock; channel: Channel; config?: Partial<DigestScheduleConfig>; post?: PostFn; store?: DigestStore }) {
  const config: DigestScheduleConfig & { channel: string } = { cron: '0 9 * * *', timeZone: 'UTC', graceMs: 3_600_000, channel: 'C_DIGEST', ...opts.config };
  const store = opts.store ?? fileDigestStore(opts.dir);
  const logs = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const controller = new AbortController();
  running.push(controller);
  const post: PostFn =
    opts.post ??
    (async (slot) => {
      const { digest, nextMemory } = composeDigest(kb, await store.readMemory(), slot, { timeZone: config.timeZone });
      const ts = `${slot.getTime() / 1000}.000${opts.channel.posts.length}`;
      opts.channel.posts.push({ slot: digest.slot, ts, highlights: digest.highlights.map((h) => h.factId) });
      return { ts, channel: config.channel, memory: nextMemory };
    });
  const done = runDigestScheduler({
    config,
    store,
    clock: opts.clock,
    signal: controller.signal,
    post,
    log: { info: (m) => logs.info.push(m), warn: (m) => logs.warn.push(m), error: (m) => logs.error.push(m) },
  });
  return { done, logs, store, stop: () => controller.abort() };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'summit-digest-'));
}

/** A fresh state folder, a clock stopped at `at`, and an empty channel. */
async function scene(at: string) {
  return { dir: await tempDir(), clock: new FakeClock(at), channel: new Channel() };
}

describe('runDigestScheduler', () => {
  it('posts once at each slot, and saves what it showed', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:30:00Z');
    const bot = start({ dir, clock, channel });
    await clock.idle();
    expect(channel.posts).toEqual([]);

    for (const day of ['2024-03-01', '2024-03-02', '2024-03-03']) {
      await clock.moveTo(`${day}T09:00:00Z`);
      await clock.moveTo(`${day}T09:00:30Z`);
    }
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-02T09:00:00.000Z', '2024-03-03T09:00:00.000Z']);
    const shown = channel.posts.flatMap((p) => p.highlights);
    expect(new Set(shown).size).toBe(9);
    expect(await bot.store.getSlot('2024-03-02T09:00:00.000Z')).toMatchObject({ status: 'posted', ts: channel.posts[1]!.ts, channel: 'C_DIGEST' });
    expect((await bot.store.readMemory()).shown).toEqual(shown);

    bot.stop();
    await bot.done;
    expect(bot.logs.error).toEqual([]);
  });

  it('does not post a slot again after a restart', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    const first = start({ dir, clock, channel });
    await clock.idle();
    await clock.moveTo('2024-03-01T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
    first.stop();
    await first.done;

    clock.set('2024-03-01T09:00:05Z');
    start({ dir, clock, channel }); // the restarted scheduler
    await clock.idle();
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);

    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-02T09:00:00.000Z']);
    // The second run continued the rotation from what the first saved.
    expect(channel.posts[1]!.highlights).not.toEqual(channel.posts[0]!.highlights);
  });

  it('does not post a slot again after a crash between posting and saving, and tells the admin', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    let reachedSlack!: () => void;
    const accepted = new Promise<void>((resolve) => (reachedSlack = resolve));
    // The message reaches Slack, then the process dies before it can save: the post never returns.
    start({
      dir,
      clock,
      channel,
      post: async (slot) => {
        channel.posts.push({ slot: slot.toISOString(), ts: '1', highlights: [] });
        reachedSlack();
        return new Promise(() => {});
      },
    });
    await clock.idle();
    clock.set('2024-03-01T09:00:00Z');
    await accepted;

    // Restarted within a minute: the claim may still be a post in flight, so it is left alone…
    clock.set('2024-03-01T09:00:20Z');
    const restarted = start({ dir, clock, channel });
    await clock.idle();
    expect(await restarted.store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'claimed' });
    expect(restarted.logs.warn).toEqual([]);
    // …until it is older than a post can take: then it is skipped, not posted, and the admin told.
    await clock.moveTo('2024-03-01T09:01:30Z');
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
    expect(await restarted.store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'skipped', reason: UNCONFIRMED_REASON });
    expect(restarted.logs.warn.join('\n')).toMatch(/2024-03-01T09:00:00\.000Z.*never confirmed.*check C_DIGEST/s);

    // A third start has nothing left to reconcile, and the schedule goes on.
    restarted.stop();
    await restarted.done;
    const third = start({ dir, clock, channel });
    await clock.idle();
    expect(third.logs.warn).toEqual([]);
    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-02T09:00:00.000Z']);
  });

  it('leaves alone a slot another replica is posting right now: no skip, no warning, posted once', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    let reached!: () => void;
    const inFlight = new Promise<void>((resolve) => (reached = resolve));
    const first = start({
      dir,
      clock,
      channel,
      post: async (slot) => {
        reached();
        await slow; // Slack is slow to accept this post
        channel.posts.push({ slot: slot.toISOString(), ts: '1', highlights: [] });
        return { ts: '1', channel: 'C_DIGEST', memory: emptyDigestMemory() };
      },
    });
    await clock.idle();
    clock.set('2024-03-01T09:00:00Z');
    await inFlight;
    clock.set('2024-03-01T09:00:05Z');
    const second = start({ dir, clock, channel });
    await clock.idle();
    expect(await second.store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'claimed' });
    finish();
    await new Promise((r) => setTimeout(r, 50));
    expect(await second.store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'posted' });
    await clock.moveTo('2024-03-01T09:02:00Z');
    expect(second.logs.warn).toEqual([]);
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
    first.stop();
  });

  it('does not post a slot again when saving after the post failed', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    const real = fileDigestStore(dir);
    const failingSave: DigestStore = { ...real, markPosted: async () => Promise.reject(new Error('ENOSPC: no space left on device')) };
    const first = start({ dir, clock, channel, store: failingSave });
    await clock.idle();
    await clock.moveTo('2024-03-01T09:00:00Z');
    expect(channel.posts).toHaveLength(1);
    expect(first.logs.error.join('\n')).toMatch(/posted 2024-03-01T09:00:00\.000Z .*could not save.*ENOSPC/);
    first.stop();
    await first.done;

    clock.set('2024-03-01T09:01:00Z');
    const second = start({ dir, clock, channel });
    await clock.idle();
    expect(channel.posts).toHaveLength(1);
    expect((await second.store.getSlot('2024-03-01T09:00:00.000Z'))?.status).toBe('skipped');
  });

  it('posts a slot missed while down once on start, if within the grace period', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T09:40:00Z');
    const first = start({ dir, clock, channel });
    await clock.idle();
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
    first.stop();
    await first.done;

    clock.set('2024-03-01T09:50:00Z');
    start({ dir, clock, channel });
    await clock.idle();
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
  });

  it('skips and logs a missed slot older than the grace period, then posts the next', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T10:30:00Z');
    const bot = start({ dir, clock, channel, config: { graceMs: 3_600_000 } });
    await clock.idle();
    expect(channel.posts).toEqual([]);
    expect(await bot.store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'skipped', reason: MISSED_REASON });
    expect(bot.logs.warn.join('\n')).toMatch(/missed slot 2024-03-01T09:00:00\.000Z skipped \(older than DIGEST_GRACE/);

    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-02T09:00:00.000Z']);
  });

  it('posts a slot once when two schedulers run on the same folder', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    start({ dir, clock, channel });
    start({ dir, clock, channel });
    await clock.idle(2);
    clock.set('2024-03-01T09:00:00Z');
    await clock.idle(2);
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);

    // And when both start at once inside the grace period of the next slot.
    for (const c of running.splice(0)) c.abort();
    clock.set('2024-03-02T09:10:00Z');
    start({ dir, clock, channel });
    start({ dir, clock, channel });
    await clock.idle(2);
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-02T09:00:00.000Z']);
  });

  it('honours the time zone: 09:00 in Tokyo is 00:00 UTC', async () => {
    const { dir, clock, channel } = await scene('2024-02-29T23:59:00Z');
    const config = digestConfig({ DIGEST_TZ: 'Asia/Tokyo', DIGEST_CRON: '0 9 * * *' });
    start({ dir, clock, channel, config });
    await clock.idle();
    expect(channel.posts).toEqual([]);
    await clock.moveTo('2024-03-01T00:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-01T00:00:00.000Z']);
  });

  it('runs on a per-second schedule', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T09:00:00.500Z');
    start({ dir, clock, channel, config: { cron: '* * * * * *' } });
    await clock.idle();
    for (const s of [1, 2, 3]) {
      await clock.moveTo(`2024-03-01T09:00:0${s}.000Z`);
    }
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-01T09:00:01.000Z', '2024-03-01T09:00:02.000Z', '2024-03-01T09:00:03.000Z']);
  });

  it('tells the admin to invite the bot when it is not in the channel, and tries again at the next slot', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    let invited = false;
    const store = fileDigestStore(dir);
    const bot = start({
      dir,
      clock,
      channel,
      store,
      post: async (slot) => {
        if (!invited) throw Object.assign(new Error('An API error occurred: not_in_channel'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } });
        channel.posts.push({ slot: slot.toISOString(), ts: '2', highlights: [] });
        return { ts: '2', channel: 'C_DIGEST', memory: await store.readMemory() };
      },
    });
    await clock.idle();
    await clock.moveTo('2024-03-01T09:00:00Z');
    expect(channel.posts).toEqual([]);
    expect(bot.logs.error.join('\n')).toMatch(/not a member of C_DIGEST.*\/invite @summit-bot/);
    expect(await store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'skipped', reason: 'not_in_channel' });

    invited = true;
    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-02T09:00:00.000Z']);
  });

  it('survives any other post failure: skips the slot, logs it, and goes on', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    let failures = 1;
    const store = fileDigestStore(dir);
    const bot = start({
      dir,
      clock,
      channel,
      store,
      post: async (slot) => {
        if (failures-- > 0) throw Object.assign(new Error('An API error occurred: ratelimited'), { data: { ok: false, error: 'ratelimited' } });
        channel.posts.push({ slot: slot.toISOString(), ts: '3', highlights: [] });
        return { ts: '3', channel: 'C_DIGEST', memory: await store.readMemory() };
      },
    });
    await clock.idle();
    await clock.moveTo('2024-03-01T09:00:00Z');
    expect(bot.logs.error.join('\n')).toMatch(/2024-03-01T09:00:00\.000Z failed: An API error occurred: ratelimited/);
    expect(await store.getSlot('2024-03-01T09:00:00.000Z')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('ratelimited') });
    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.slots()).toEqual(['2024-03-02T09:00:00.000Z']);
  });

  it('considers only the latest slot after the process was suspended across several', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T08:59:00Z');
    const bot = start({ dir, clock, channel });
    await clock.idle();
    await clock.moveTo('2024-03-04T09:10:00Z');
    expect(channel.slots()).toEqual(['2024-03-04T09:00:00.000Z']);
    expect(bot.logs.warn.join('\n')).toMatch(/2024-03-01T09:00:00\.000Z until 2024-03-04T09:00:00\.000Z/);
  });

  it('neither posts nor throws when the state file is corrupt, and says how to fix it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, DIGEST_STATE_FILE), 'not json');
    const clock = new FakeClock('2024-03-01T09:10:00Z');
    const channel = new Channel();
    const bot = start({ dir, clock, channel });
    await clock.idle();
    await clock.moveTo('2024-03-02T09:00:00Z');
    expect(channel.posts).toEqual([]);
    expect(bot.logs.error.join('\n')).toMatch(/move it aside to start fresh/i);
    bot.stop();
    await expect(bot.done).resolves.toBeUndefined();
  });

  it('stops promptly when aborted while waiting for the next slot', async () => {
    const { dir, clock, channel } = await scene('2024-03-01T09:30:00Z');
    const bot = start({ dir, clock, channel });
    await clock.idle();
    bot.stop();
    await expect(bot.done).resolves.toBeUndefined();
    clock.set('2024-03-02T09:00:00Z');
    await new Promise((r) => setTimeout(r, 20));
    expect(channel.slots()).toEqual(['2024-03-01T09:00:00.000Z']);
  });
});
