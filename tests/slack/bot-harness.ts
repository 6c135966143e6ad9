import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchBot, type RunningBot } from '../../src/slack/start.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { postSigned, startResponseUrlServer, type ResponseUrlServer, type SlackRequestBody } from '../helpers/slack-requests.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-0000-secret-token';

/** The real bot in HTTP mode on a free port, talking to a local fake Web API. */
export interface BotUnderTest {
  bot: RunningBot;
  api: FakeSlackApi;
  responses: ResponseUrlServer;
  url: string;
  logs: string[];
  send(req: SlackRequestBody, opts?: { retryNum?: number; timestamp?: number; badSignature?: boolean }): ReturnType<typeof postSigned>;
  close(): Promise<void>;
}

export async function startBotUnderTest(extraEnv: Record<string, string> = {}): Promise<BotUnderTest> {
  const api = await startFakeSlackApi();
  const responses = await startResponseUrlServer();
  const logs: string[] = [];
  let bot: RunningBot;
  try {
    bot = await launchBot(
      // A state folder of its own unless the test shares one: claimed event ids outlive a run.
      { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, PORT: '0', LOG_LEVEL: 'debug', STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-bot-')), ...extraEnv },
      { log: (line) => void logs.push(line) },
    );
  } catch (error) {
    await Promise.all([api.close(), responses.close()]);
    throw error;
  }
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  return {
    bot,
    api,
    responses,
    url,
    logs,
    send: (req, opts = {}) => postSigned(url, req, { signingSecret: SIGNING_SECRET, ...opts }),
    async close() {
      await bot.stop();
      await api.close();
      await responses.close();
    },
  };
}

/**
 * One bot for a whole test file: started before its tests, stopped after them, and what the
 * fake Web API and the response_url server recorded cleared before each test.
 */
export function botForThisFile(extraEnv: Record<string, string> = {}): BotUnderTest {
  let bot: BotUnderTest | undefined;
  beforeAll(async () => {
    bot = await startBotUnderTest(extraEnv);
  });
  afterAll(async () => bot?.close());
  beforeEach(() => {
    bot!.api.reset();
    bot!.responses.reset();
  });
  return new Proxy({} as BotUnderTest, { get: (_, key) => bot![key as keyof BotUnderTest] });
}
