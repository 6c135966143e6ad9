/**
 * The real app in HTTP mode with a per-second DIGEST_CRON against the local fake Web API:
 * digests arrive in DIGEST_CHANNEL, and a restart over the same state posts no slot twice.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeDigest, DIGEST_STATE_FILE, rotationOrder, type DigestMemory } from '../../src/digest/index.ts';
import { escapeRegExp } from '../../src/knowledge/index.ts';
import { digestMessage } from '../../src/slack/render.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { slashCommand } from '../helpers/slack-requests.ts';
import { startBotUnderTest, type BotUnderTest } from './bot-harness.ts';

const CHANNEL = 'CDIGEST';
let running: BotUnderTest[] = [];
afterEach(async () => {
  await Promise.all(running.map((b) => b.close()));
  running = [];
});

async function start(stateDir: string): Promise<BotUnderTest> {
  const bot = await startBotUnderTest({ DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: '* * * * * *', DIGEST_TZ: 'UTC', STATE_DIR: stateDir, DIGEST_GRACE: '1h' });
  running.push(bot);
  return bot;
}

const digestPosts = (bot: BotUnderTest) => bot.api.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL && !c.failed);
const postedSlots = (stateDir: string): string[] => {
  const state = JSON.parse(readFileSync(join(stateDir, DIGEST_STATE_FILE), 'utf8')) as { slots: Record<string, { status: string }> };
  return Object.entries(state.slots)
    .filter(([, r]) => r.status === 'posted')
    .map(([slot]) => slot);
};

describe('daily digest, end to end', () => {
  it('posts each slot once, and a restart over the same state posts no slot twice', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    const first = await start(stateDir);
    await first.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === CHANNEL && !c.failed, timeoutMs: 8000 });
    const firstPosts = digestPosts(first);
    expect(String(firstPosts[0]!.args.text)).toMatch(new RegExp(`^${escapeRegExp(liveKb.about.digestTitle)} — `));
    expect(JSON.stringify(firstPosts[0]!.args.blocks)).toMatch(/\/summit/);
    await first.close();
    running = [];
    const afterFirst = postedSlots(stateDir);
    expect(afterFirst.length).toBe(digestPosts(first).length);
    const memoryAfterFirst = (JSON.parse(readFileSync(join(stateDir, DIGEST_STATE_FILE), 'utf8')) as { memory: DigestMemory }).memory;

    const second = await start(stateDir);
    await second.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === CHANNEL && !c.failed, timeoutMs: 8000 });
    await new Promise((r) => setTimeout(r, 1200));
    await second.close();
    running = [];

    const slots = postedSlots(stateDir);
    const totalPosts = digestPosts(first).length + digestPosts(second).length;
    // Every post the fake Slack received is one posted slot in the state: none was posted twice.
    expect(totalPosts).toBe(slots.length);
    // The restarted bot never posted a slot the first one had posted.
    for (const slot of afterFirst) expect(slots.filter((s) => s === slot)).toHaveLength(1);
    // And the rotation moved on: the second run's first digest shows what comes next after the first run's memory…
    const bullets = (c: { args: Record<string, unknown> }) => String(c.args.text).split('\n').slice(1);
    const next = composeDigest(liveKb, memoryAfterFirst, new Date()).digest;
    expect(next.highlights.length).toBeGreaterThan(0);
    expect(bullets(digestPosts(second)[0]!)).toEqual(bullets({ args: { text: digestMessage(next, liveKb.about).text } }));
    // …and, while the cycle has facts not yet shown, repeats no highlight of the first's.
    const shown = new Set(digestPosts(first).flatMap(bullets));
    if (shown.size + next.highlights.length <= rotationOrder(liveKb).length) {
      for (const line of bullets(digestPosts(second)[0]!)) expect(shown.has(line)).toBe(false);
    }
  });

  it('tells the admin to invite the bot when it is not in the channel, and keeps running', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    const bot = await startBotUnderTest({ DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: '* * * * * *', STATE_DIR: stateDir });
    running.push(bot);
    bot.api.failNext('chat.postMessage', { error: 'not_in_channel' }, 1);
    await bot.api.waitForCall('chat.postMessage', { count: 2, timeoutMs: 8000 });
    expect(bot.logs.some((l) => /\/invite @summit-bot/.test(l))).toBe(true);
    const { fact, question } = selfAnsweringFact();
    const res = await bot.send(slashCommand({ text: question }));
    expect(res.status).toBe(200);
    expect((res.json as { text: string }).text).toContain(fact.answer);
  });

  it('previews the next digest with `/summit digest`, ephemerally', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    const bot = await startBotUnderTest({ DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: '0 9 * * 1-5', STATE_DIR: stateDir });
    running.push(bot);
    const res = await bot.send(slashCommand({ text: 'digest' }));
    expect(res.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Preview of the digest for .*, 09:00 \(UTC\)/) });
    expect(JSON.stringify((res.json as { blocks: unknown }).blocks)).toContain('in <#CDIGEST>');
    expect(digestPosts(bot)).toHaveLength(0);
  });

  it('refuses to start with an invalid digest setting, naming it', async () => {
    await expect(startBotUnderTest({ DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: 'every morning' })).rejects.toThrow(/DIGEST_CRON/);
  });
});
