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
import pg from 'pg';
import { ACTIONS, feedbackValue } from '../../src/slack/render.ts';
import { appHomeOpened, appMention, blockAction, directMessage, eventCallback, slashCommand } from '../helpers/slack-requests.ts';
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
      env: {
        ...clean,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: api.url,
        PORT: '0',
        DATABASE_URL: url,
        DATABASE_CONNECT_TIMEOUT: '2s',
      },
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

const haveLockTests = postgresTests(2, 'a locked or stopped database under the listeners');
describe.skipIf(!haveLockTests)('PostgreSQL locked or stopped under the listeners', () => {
  let server: TestPostgres;
  let database = '';
  let t: BotUnderTest | undefined;
  let locker: pg.Client | undefined;
  beforeAll(async () => void (server = await startTestPostgres()), 60_000);
  afterAll(async () => {
    await locker?.end().catch(() => undefined);
    await t?.close();
    await server?.destroy();
  });
  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = Date.now();
    await work();
    return Date.now() - started;
  };
  const vote = (userId: string) => {
    const value = feedbackValue({ vote: 'up', fact: harbor.kb.facts[0]!.id, kind: 'answer', question: harbor.kb.facts[0]!.questions[0]! });
    return t!.send(blockAction({ actionId: ACTIONS.feedback, value, elementType: 'feedback_buttons', userId, isEphemeral: true, responseUrl: `${t!.responses.url}/vote-${userId}` }));
  };
  const thanked = (userId: string, count = 1) => t!.responses.waitForPosts(count, { predicate: (p) => p.path.includes(`vote-${userId}`), timeoutMs: 5_000 });
  const votes = async () => (await server.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback', [], database))[0]!.n;
  const until = async (what: string, test: () => Promise<boolean>) => {
    for (const end = Date.now() + 15_000; !(await test()); await new Promise((r) => setTimeout(r, 200))) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  };

  it("every surface answers well within Slack's 3 s and says what is unavailable while every table is locked", async () => {
    const url = await server.freshDatabase();
    database = new URL(url).pathname.slice(1);
    t = await startBotUnderTest({ KNOWLEDGE_DIR: HARBOR, DATABASE_URL: url, CURATOR_USER_IDS: 'UCUR' });
    const bot = t;
    const question = harbor.kb.facts[0]!.questions[0]!;
    locker = new pg.Client({ connectionString: url });
    locker.on('error', () => undefined); // ended below; a stop later must not surface here
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE event_claims, digest_slots, digest_memory, conversations, question_records, activity, feedback IN ACCESS EXCLUSIVE MODE');

    let digest: Awaited<ReturnType<BotUnderTest['send']>> | undefined;
    let gaps: typeof digest;
    const digestMs = await timed(async () => void (digest = await bot.send(slashCommand({ text: 'digest', userId: 'UCUR' }))));
    const gapsMs = await timed(async () => void (gaps = await bot.send(slashCommand({ text: 'gaps', userId: 'UCUR' }))));
    expect(digest!.status).toBe(200);
    expect(JSON.stringify(digest!.json)).toMatch(/digest preview comes from my state store, which is not answering/i);
    expect(JSON.stringify(gaps!.json)).toMatch(/list of gaps comes from my state store, which is not answering/i);
    expect(Math.max(digestMs, gapsMs)).toBeLessThan(2_500);

    const mentionMs = await timed(async () => {
      await bot.send(eventCallback(appMention({ text: `<@UBOT> ${question}`, channel: 'CLOCK' })));
      await bot.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'CLOCK', timeoutMs: 5_000 });
    });
    const dmMs = await timed(async () => {
      await bot.send(eventCallback(directMessage({ text: question, channel: 'DLOCK' })));
      await bot.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'DLOCK', timeoutMs: 5_000 });
    });
    expect(mentionMs).toBeLessThan(2_500); // the claim and the context each wait at most STORE_DEADLINE_MS…
    expect(dmMs).toBeLessThan(1_000); // …and a part that failed is left alone for a few seconds

    const homeMs = await timed(async () => {
      await bot.send(eventCallback(appHomeOpened({ user: 'UCUR' })));
      await bot.api.waitForCall('views.publish', { timeoutMs: 5_000 });
    });
    expect(homeMs).toBeLessThan(2_500);
    expect(JSON.stringify(bot.api.callsTo('views.publish')[0]!.args)).toMatch(/figures and gaps come from my state store, which is not answering/);

    // A vote while locked is thanked at once, and written once the lock goes.
    const clickMs = await timed(async () => {
      expect((await vote('UVOTER')).status).toBe(200);
      await thanked('UVOTER');
    });
    expect(clickMs).toBeLessThan(2_500);
    await locker.query('ROLLBACK');
    await locker.end();
    await until('the queued vote to be written', async () => (await votes()) === 1);
  }, 60_000);

  it('a vote cast while the server is stopped is written when it is back, once', async () => {
    expect(t).toBeDefined();
    const before = await votes();
    await server.stop('fast');
    expect((await vote('UDOWN')).status).toBe(200);
    expect((await vote('UDOWN')).status).toBe(200); // a second click while it waits
    await thanked('UDOWN', 2);
    await server.start();
    await until('the queued vote to be written', async () => (await votes().catch(() => before)) === before + 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await votes()).toBe(before + 1);
    expect(t!.logs.join('')).toMatch(/feedback \(the state store\) answers again after \d+ s: [1-9]\d* votes queued meanwhile/);
  }, 60_000);
});
