/** SIGTERM: stop taking requests, let the reply in flight finish, exit 0 within 10 seconds. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { appMention, eventCallback, postSigned } from '../helpers/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.ts';
import { selfAnsweringFact } from '../helpers/live-base.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let api: FakeSlackApi;
beforeAll(async () => void (api = await startFakeSlackApi()));
afterAll(async () => api.close());

describe('graceful stop', () => {
  it('finishes the reply in flight on SIGTERM and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
        STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-stop-state-')),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: api.url,
        PORT: '0',
        LOG_LEVEL: 'info',
        SLACK_APP_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /HTTP mode on port (\d+)/.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`bot exited early:\n${stderr}`)));
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));

    // The reply is rate-limited once, so it is still in flight when SIGTERM arrives.
    api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await postSigned(`http://127.0.0.1:${port}/slack/events`, eventCallback(appMention({ text: selfAnsweringFact().question, channel: 'C1' })), { signingSecret: SIGNING_SECRET });
    await api.waitForCall('chat.postMessage');
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
    const delivered = api.callsTo('chat.postMessage').filter((c) => !c.failed);
    expect(delivered).toHaveLength(1);
    expect(stderr).not.toContain(BOT_TOKEN);
  });
});
