/**
 * The bot as a real process, under faults it must refuse at start: a STATE_DIR it cannot write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let api: FakeSlackApi;
beforeAll(async () => void (api = await startFakeSlackApi()));
afterAll(async () => api.close());

interface BotProcess {
  child: ChildProcess;
  port: number;
  stderr: () => string;
}

/** Runs `src/cli/start.ts` in HTTP mode; resolves once it listens, rejects if it exits first. */
function startBotProcess(env: Record<string, string> = {}): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, DOTENV_CONFIG_PATH: '/nonexistent/.env', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, SLACK_APP_TOKEN: '', PORT: '0', LOG_LEVEL: 'info', DIGEST_CHANNEL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /HTTP mode on port (\d+)/.exec(stderr);
      if (m) resolve({ child, port: Number(m[1]), stderr: () => stderr });
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`bot exited with ${code}:\n${stderr}`), { code, stderr })));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('STATE_DIR at start', () => {
  const refused = async (env: Record<string, string>) => {
    const error = (await startBotProcess(env).then(
      async (bot) => {
        await stop(bot.child);
        return undefined;
      },
      (e: { code: number; stderr: string }) => e,
    ))!;
    expect(error, 'the bot started with a STATE_DIR it cannot write').toBeDefined();
    expect(error.code).toBe(1);
    expect(error.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^summit-bot cannot start: the state folder .+ \(STATE_DIR\) cannot be written: .+Set STATE_DIR/)]);
    expect(api.callsTo('auth.test').length).toBe(callsBefore); // refused before contacting Slack
  };
  let callsBefore = 0;

  it('refuses to start, in one line, when STATE_DIR lies under a regular file (even as root), digest or not', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'summit-state-')), 'a-file');
    writeFileSync(file, 'not a folder\n');
    callsBefore = api.callsTo('auth.test').length;
    await refused({ STATE_DIR: join(file, 'state') }); // conversations' context lives there too
    await refused({ STATE_DIR: join(file, 'state'), DIGEST_CHANNEL: 'C0123456789' });
  });

  const root = process.getuid?.() === 0;
  if (root) console.warn('\n*** SKIPPED: the read-only STATE_DIR test, as root ignores folder permissions (the test above covers the refusal) ***\n');
  it.skipIf(root)('refuses to start, in one line, when STATE_DIR is a folder it may not write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    chmodSync(dir, 0o555);
    callsBefore = api.callsTo('auth.test').length;
    await refused({ STATE_DIR: dir, DIGEST_CHANNEL: 'C0123456789' });
  });
});
