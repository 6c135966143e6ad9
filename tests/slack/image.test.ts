/**
 * The deploy recipe: the Dockerfile's command is production's, and it runs on what the image
 * holds — production dependencies only, the compiled files and the knowledge base — answering
 * health checks and a signed command. Where a container engine answers (`docker info`), the
 * image itself is built and run; elsewhere, one loud line, and the image's command runs on a
 * clean `npm ci --omit=dev` install in a temporary folder, as the image's last stage makes it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionCommand } from '../helpers/bot-process.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { postSigned, slashCommand } from '../helpers/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const instruction = (name: string) => JSON.parse(new RegExp(`^${name} (\\[.*\\])$`, 'm').exec(dockerfile)?.[1] ?? 'null') as string[] | null;
const engine = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

describe('the Dockerfile', () => {
  it("runs production's command, as an unprivileged user, with a health check on /livez", () => {
    expect(instruction('CMD')).toEqual(productionCommand());
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(instruction('HEALTHCHECK --interval=30s --timeout=3s --start-period=20s CMD')?.join(' ')).toContain('/livez');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });
});

describe("the image's command on production dependencies only", () => {
  let api: FakeSlackApi;
  let app: string;
  beforeAll(async () => {
    api = await startFakeSlackApi();
    if (!engine) console.warn('\n*** NO CONTAINER ENGINE (docker info failed): the image is not built here; its command runs on a clean npm ci --omit=dev install instead ***\n');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
    app = mkdtempSync(join(tmpdir(), 'summit-image-'));
    for (const entry of ['package.json', 'package-lock.json', 'dist', 'knowledge']) cpSync(join(ROOT, entry), join(app, entry), { recursive: true });
    // As the image's last stage: production dependencies only (from npm's cache when it has them).
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, stdio: 'pipe' });
  }, 240_000);
  afterAll(async () => api?.close());

  it('starts, is live and ready, and answers a signed /summit command', async () => {
    const [node, ...args] = instruction('CMD')!;
    expect(node).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-image-state-')),
        PORT: '0',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: api.url,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stderr!.on('data', (d) => {
          log += d;
          const m = /HTTP mode on port (\d+)/.exec(log);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${log}`)));
      });
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const reply = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommand({ text: 'timeline' }), { signingSecret: SIGNING_SECRET });
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.json)).toMatch(/\d{4}/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});

describe.skipIf(!engine)('the image, where a container engine answers', () => {
  it('builds, and its container is live, ready and answers a signed /summit command', async () => {
    const api = await startFakeSlackApi();
    const tag = `summit-bot-test:${process.pid}`;
    try {
      execFileSync('docker', ['build', '-q', '-t', tag, ROOT], { stdio: 'pipe', timeout: 600_000 });
      const port = String(20_000 + (process.pid % 20_000));
      const env = { PORT: port, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url };
      const id = execFileSync('docker', ['run', '-d', '--rm', '--network', 'host', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), tag], { encoding: 'utf8' }).trim();
      try {
        const deadline = Date.now() + 30_000;
        while (
          !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.ok,
            () => false,
          ))
        ) {
          if (Date.now() > deadline) throw new Error(execFileSync('docker', ['logs', id], { encoding: 'utf8' }));
          await new Promise((r) => setTimeout(r, 250));
        }
        const reply = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommand({ text: 'timeline' }), { signingSecret: SIGNING_SECRET });
        expect(reply.status).toBe(200);
        expect(JSON.stringify(reply.json)).toMatch(/\d{4}/);
      } finally {
        execFileSync('docker', ['stop', id], { stdio: 'ignore' });
      }
    } finally {
      await api.close();
    }
  }, 900_000);
});
