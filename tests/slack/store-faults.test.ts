/**
 * The state store failing under the bot: PostgreSQL unreachable at start (refused in one line,
 * the password masked), and lost mid-run (answers still go out, each part's outage logged
 * once, digest slots that cannot be claimed are not posted, and everything comes back by
 * itself when the server does); and a store that hangs mid-write holds up no reply.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { postgresTests, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { buildSearchIndex } from '../../src/answer/index.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { appMention, eventCallback, slashCommand } from '../helpers/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET, startBotUnderTest, type BotUnderTest } from './bot-harness.ts';
import { selfAnsweringFact } from '../helpers/live-base.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const harbor = buildSearchIndex(loadKnowledgeBase(HARBOR));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PostgreSQL unreachable at start', () => {
  let api: FakeSlackApi;
  beforeAll(async () => void (api = await startFakeSlackApi()));
  afterAll(async () => api.close());

  it('stops start-up with one line naming DATABASE_URL, its password masked, and exit 1', async () => {
    const url = `postgres://summit:s3cret-Pa55@127.0.0.1:${await closedPort()}/summit`;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DIGEST_|DATABASE_)/.test(k)));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: ROOT,
      env: { ...clean, DOTENV_CONFIG_PATH: '/nonexistent/.env', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, PORT: '0', DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT: '2s' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toEqual([
      expect.stringMatching(/^summit-bot cannot start: cannot connect to PostgreSQL at postgres:\/\/summit:\*\*\*\*@127\.0\.0\.1:\d+\/summit \(DATABASE_URL\): .*ECONNREFUSED.*Check DATABASE_URL/),
    ]);
    expect(out).not.toContain('s3cret-Pa55');
    expect(api.callsTo('auth.test')).toEqual([]); // refused before contacting Slack
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, masking it too', async () => {
    await expect(startBotUnderTest({ DATABASE_URL: 'mysql://root:hunter22@db/summit' })).rejects.toThrow(/^DATABASE_URL must be a PostgreSQL URL .*"mysql:\/\/root:\*\*\*\*@db\/summit"/);
  });
});

const havePostgres = postgresTests(1, 'a database lost mid-run');
describe.skipIf(!havePostgres)('PostgreSQL lost mid-run', () => {
  let server: TestPostgres;
  let t: BotUnderTest | undefined;
  beforeAll(async () => void (server = await startTestPostgres()), 60_000);
  afterAll(async () => {
    await t?.close();
    await server?.destroy();
  });

  it('answers go out, each outage is logged once, no digest slot is posted unclaimed, and it all comes back with the server', async () => {
    const url = await server.freshDatabase();
    const database = new URL(url).pathname.slice(1);
    const claimed = async () => (await server.query<{ event_id: string }>('SELECT event_id FROM event_claims', [], database)).map((r) => r.event_id);
    t = await startBotUnderTest({ DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT: '1s', DIGEST_CHANNEL: 'CDIGEST', DIGEST_CRON: '* * * * * *' });
    const bot = t;
    const run = Math.random().toString(36).slice(2, 8).toUpperCase();
    const replies = () => bot.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C1' && !c.failure);
    const digests = () => bot.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CDIGEST' && !c.failure);
    const mention = (id: string, text: string) => bot.send(eventCallback(appMention({ text: `<@UBOT> ${text}`, channel: 'C1' }), { eventId: `Ev${run}${id}` }));
    const log = () => bot.logs.join('');
    const waitFor = async (what: string, test: () => boolean | Promise<boolean>, ms = 10_000) => {
      for (const end = Date.now() + ms; !(await test()); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    };

    // Healthy: the event is claimed in the database, and digests are posted.
    await mention('A', selfAnsweringFact().question);
    await waitFor('the first reply', () => replies().length === 1);
    expect(await claimed()).toContain(`Ev${run}A`);
    await waitFor('a digest', () => digests().length > 0);
    expect(await (await fetch(`http://127.0.0.1:${bot.bot.port}/healthz`)).json()).toMatchObject({ ok: true, store: { ok: true } });

    await server.stop('fast');
    await new Promise((r) => setTimeout(r, 1_200)); // a digest post in flight at the stop finishes
    const digestsBefore = digests().length;

    // Down: every question is answered, a redelivery to this process still only once.
    await mention('B', selfAnsweringFact().question);
    await mention('C', 'what colour were the curtains in the meeting room');
    await mention('B', selfAnsweringFact().question);
    await mention('D', 'what colour was the carpet at the summit');
    await waitFor('three replies while the database is down', () => replies().length === 4);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(replies()).toHaveLength(4);
    expect(digests()).toHaveLength(digestsBefore); // slots that cannot be claimed are not posted…
    expect(log()).toMatch(/digest: slot \S+ not posted: /); // …and say so
    expect(log().match(/event dedupe across replicas \(the state store\) unavailable/g)).toHaveLength(1);
    expect(log().match(/question record unavailable/g)).toHaveLength(1);
    expect(await (await fetch(`http://127.0.0.1:${bot.bot.port}/healthz`)).json()).toMatchObject({ ok: true, store: { ok: false } });

    // Back: the pool reconnects by itself; claims, records and digests resume.
    await server.start();
    await waitFor('digests to resume', () => digests().length > digestsBefore);
    await new Promise((r) => setTimeout(r, 5_200)); // dedupe tries the store again 5 s after its last failure
    await mention('E', 'what colour were the curtains in the meeting room');
    await waitFor('the reply after the restart', () => replies().length === 5);
    await waitFor('the claim after the restart', async () => (await claimed()).includes(`Ev${run}E`));
    expect(log()).toMatch(/event dedupe across replicas \(the state store\) answers again after \d+ s: \d+ events deduplicated by this replica alone meanwhile/);
    await waitFor('the question record to come back', () => /question record answers again after \d+ s: [1-9]\d* records dropped meanwhile/.test(log()));
    expect(await (await fetch(`http://127.0.0.1:${bot.bot.port}/healthz`)).json()).toMatchObject({ ok: true, store: { ok: true } });
    // Never a post without its own claimed slot: each digest posted is one slot row, posted or (cut off mid-save) claimed.
    const rows = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM digest_slots WHERE status IN ('posted', 'claimed')`, [], database);
    expect(digests().length).toBeLessThanOrEqual(rows[0]!.n);
  }, 60_000);
});

describe('a state store that stops answering mid-write', () => {
  let t: BotUnderTest | undefined;
  let reader: number | undefined;
  afterAll(async () => {
    if (reader !== undefined) closeSync(reader);
    await t?.close();
  });

  it('holds up no reply: the outcome is counted after the answer is sent', async () => {
    // activity.jsonl as a FIFO nobody reads: opening it to count an outcome waits for ever.
    const dir = mkdtempSync(join(tmpdir(), 'summit-stuck-'));
    const fifo = join(dir, 'activity.jsonl');
    execFileSync('mkfifo', [fifo]);
    t = await startBotUnderTest({ KNOWLEDGE_DIR: HARBOR, STATE_DIR: dir });
    const question = harbor.kb.facts[0]!.questions[0]!;

    const started = Date.now();
    const command = await t.send(slashCommand({ text: question }));
    expect(command.status).toBe(200);
    expect((command.json as { response_type: string }).response_type).toBe('ephemeral');
    await t.send(eventCallback(appMention({ text: `<@UBOT> ${question}`, channel: 'CSTUCK' })));
    await t.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'CSTUCK', timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_500); // Slack's deadline for an ack is 3 s

    // Unstuck: the counts waiting on the FIFO go through (or fail and are logged), nothing crashes.
    reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  });
});
