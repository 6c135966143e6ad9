/**
 * The bot under faults an operator meets in production: a hung Web API, requests of every size
 * and shape, an expired response_url, LOG_LEVEL. The real Bolt app in
 * HTTP mode, signed requests, the local fake Web API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appMention, blockAction, eventCallback } from '../helpers/slack-requests.ts';
import { startBotUnderTest, type BotUnderTest } from './bot-harness.ts';

let t: BotUnderTest;
beforeAll(async () => {
  t = await startBotUnderTest();
});
afterAll(async () => t.close());
beforeEach(() => {
  t.api.reset();
  t.responses.reset();
});

describe('a Web API that hangs, then recovers', () => {
  it('answers again after recovery, and delivers the replies that hung', async () => {
    const bot = await startBotUnderTest({ SLACK_API_TIMEOUT: '1s' });
    try {
      // As many hung calls as the client runs at once (100): without a timeout its queue is full for minutes.
      bot.api.failNext('chat.postMessage', { hang: true }, 100);
      for (let i = 0; i < 100; i++) await bot.send(eventCallback(appMention({ text: 'who is wang yi', channel: 'CHUNG' })));
      await bot.api.waitForCall('chat.postMessage', { count: 100, timeoutMs: 10_000 });

      await bot.send(eventCallback(appMention({ text: 'who is jake sullivan', channel: 'CAFTER' })));
      const [after] = await bot.api.waitForCall('chat.postMessage', { predicate: (c) => !c.failed && c.args.channel === 'CAFTER', timeoutMs: 15_000 });
      expect(String(after!.args.text)).toMatch(/Sullivan/);
      // The hung calls were abandoned and retried, not lost.
      await bot.api.waitForCall('chat.postMessage', { count: 100, predicate: (c) => !c.failed && c.args.channel === 'CHUNG', timeoutMs: 15_000 });

      // respond() (a response_url) has the same timeout: the click is apologised for, not left hanging.
      bot.responses.failNext('hang');
      await bot.send(blockAction({ actionId: 'show_quote', value: 'anything', userId: 'U8', channelId: 'CQUOTE', responseUrl: `${bot.responses.url}/hung` }));
      const [apology] = await bot.api.waitForCall('chat.postEphemeral', { timeoutMs: 10_000 });
      expect(apology!.args).toMatchObject({ channel: 'CQUOTE', user: 'U8' });
    } finally {
      await bot.close();
    }
  }, 45_000);
});

describe('LOG_LEVEL', () => {
  it('debug shows Bolt debug lines; warn hides every info line, ours and Bolt’s', async () => {
    // The shared bot runs at debug.
    await t.send(eventCallback(appMention({ text: 'who is wang yi' })));
    await t.api.waitForCall('chat.postMessage');
    expect(t.logs.some((l) => / DEBUG /.test(l))).toBe(true);

    const quiet = await startBotUnderTest({ LOG_LEVEL: 'warn' });
    try {
      await quiet.send(eventCallback(appMention({ text: 'who is wang yi' })));
      await quiet.api.waitForCall('chat.postMessage');
      expect(quiet.logs.filter((l) => / (INFO|DEBUG) /.test(l))).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});
