/**
 * The production start: compiled JavaScript run by plain node, as `npm start` and an orchestrator
 * run it. SIGTERM must reach the bot itself, and the bot must exit 0 within 10 seconds whatever
 * is still pending.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HARD_EXIT_MS } from '../../src/slack/start.ts';
import { productionCommand } from '../helpers/bot-process.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { appMention, eventCallback, postSigned } from '../helpers/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.ts';
import { selfAnsweringFact } from '../helpers/live-base.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What follows `node` in production's command (package.json's start): its options, then the script. */
const NODE_ARGS = productionCommand().slice(1);
let api: FakeSlackApi;
beforeAll(async () => {
  api = await startFakeSlackApi();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);
afterAll(async () => api.close());

/** Every process a test starts, killed after it whatever happened (a timed-out test runs no finally). */
const running = new Set<number>();
afterEach(() => {
  for (const pid of running) if (alive(pid)) process.kill(pid, 'SIGKILL');
  running.clear();
});

const botEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  DOTENV_CONFIG_PATH: '/nonexistent/.env',
  // A state folder of its own: a test never writes into the checkout.
  STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-prod-state-')),
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: api.url,
  SLACK_APP_TOKEN: '',
  DIGEST_CHANNEL: '',
  PORT: '0',
  LOG_LEVEL: 'info',
  ...extra,
});

/** Resolves with the bot's port and pid once it logs that it listens. */
function started(child: ChildProcess, output: { text: string }): Promise<{ port: number; pid: number }> {
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      output.text += d;
      const m = /HTTP mode on port (\d+) with \d+ facts \(pid (\d+)\)/.exec(output.text);
      if (m) {
        running.add(Number(m[2]));
        resolve({ port: Number(m[1]), pid: Number(m[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output.text}`)));
  });
}

/** Resolves when `child` exits; rejects if it is still running after `withinMs`. */
const exited = (child: ChildProcess, withinMs: number) =>
  new Promise<{ code: number | null; at: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${withinMs / 1000} s after SIGTERM`)), withinMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, at: Date.now() });
    });
  });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('builds, runs the compiled bot with plain node, and passes SIGTERM on to it: nothing left running', async () => {
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: botEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(npm.pid!);
    const output = { text: '' };
    const bot = await started(npm, output);
    expect(bot.pid).not.toBe(npm.pid);
    if (existsSync(`/proc/${bot.pid}/cmdline`)) {
      const argv = readFileSync(`/proc/${bot.pid}/cmdline`, 'utf8').split('\0');
      expect(argv.filter(Boolean).slice(1)).toEqual(NODE_ARGS); // the command the bench measures
      expect(argv.join(' ')).not.toMatch(/tsx/);
    }
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);

    const done = exited(npm, 15_000);
    npm.kill('SIGTERM'); // what an orchestrator that started `npm start` sends
    const { code } = await done;
    expect(code).toBe(0);
    expect(alive(bot.pid)).toBe(false); // not orphaned, still serving
    expect(output.text).toMatch(/SIGTERM: stopping/);
  }, 90_000);
});

describe(`node ${NODE_ARGS.join(' ')}`, () => {
  it('is the command the README tells operators to run', () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(`node ${NODE_ARGS.join(' ')}`);
  });

  it('exits 0 within 10 seconds of SIGTERM even with a reply hung on the Web API', async () => {
    const child = spawn(process.execPath, NODE_ARGS, { cwd: ROOT, env: botEnv({ SLACK_API_TIMEOUT: '60s' }), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { text: '' };
    const { port } = await started(child, output);
    api.failNext('chat.postMessage', { hang: true }); // Slack accepts the connection and never answers
    await postSigned(`http://127.0.0.1:${port}/slack/events`, eventCallback(appMention({ text: selfAnsweringFact().question })), { signingSecret: SIGNING_SECRET });
    await api.waitForCall('chat.postMessage');

    const done = exited(child, 20_000);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await done;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeGreaterThanOrEqual(HARD_EXIT_MS - 500); // it waited for the reply…
    expect(at - signalledAt).toBeLessThan(10_000); // …but not past the promise
    expect(output.text).toMatch(/exiting anyway/);
  }, 40_000);
});
