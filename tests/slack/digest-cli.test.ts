/** `npm run digest -- --dry-run | --now`, as an admin runs them. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_STATE_FILE } from '../../src/digest/index.ts';
import { knowledgeDir } from '../../src/config.ts';
import { escapeRegExp } from '../../src/knowledge/index.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { liveKb } from '../helpers/live-base.ts';
import { SOURCE_ICONS } from '../../src/slack/render.ts';
import { messageToText } from '../../src/slack/terminal.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let api: FakeSlackApi;
beforeAll(async () => void (api = await startFakeSlackApi()));
afterAll(async () => api.close());

function digest(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && !k.startsWith('DIGEST_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/digest.ts', ...args], {
    cwd: ROOT,
    env: { ...clean, DOTENV_CONFIG_PATH: '/nonexistent/.env', KNOWLEDGE_DIR: knowledgeDir({}), STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-digest-cli-')), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('digest CLI', () => {
  it('--dry-run prints the next digest and writes nothing', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    const out = await digest(['--dry-run'], { STATE_DIR: stateDir });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`== ${escapeRegExp(liveKb.about.digestTitle)} — `));
    // Each highlight cites its source, with its kind's icon as the console shows it.
    expect([...liveKb.sources.values()].some((s) => out.stdout.includes(messageToText({ text: SOURCE_ICONS[s.kind] })))).toBe(true);
    expect(() => readFileSync(join(stateDir, DIGEST_STATE_FILE))).toThrow();
  });

  it('--now posts to DIGEST_CHANNEL and remembers what it showed', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-state-'));
    const env = { STATE_DIR: stateDir, SLACK_BOT_TOKEN: 'xoxb-cli-test', SLACK_API_URL: api.url, DIGEST_CHANNEL: 'CNOW' };
    const out = await digest(['--now'], env);
    expect(out.code, out.stderr).toBe(0);
    const [call] = api.callsTo('chat.postMessage');
    expect(call!.args.channel).toBe('CNOW');
    const state = JSON.parse(readFileSync(join(stateDir, DIGEST_STATE_FILE), 'utf8'));
    expect(Object.values(state.slots)).toEqual([expect.objectContaining({ status: 'posted', channel: 'CNOW' })]);
    expect(state.memory.shown.length).toBeGreaterThan(0);
  });

  it('--now says what is missing instead of failing obscurely', async () => {
    const out = await digest(['--now'], { STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-state-')) });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/SLACK_BOT_TOKEN is not set/);
  });
});
