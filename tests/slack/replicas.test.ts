/**
 * Two replicas, proven with real processes: two bots in HTTP mode (the start CLI, run by node
 * with tsx) share one state and one fake Web API in this process, as two replicas behind a
 * load balancer share a database and Slack. What one replica does, the other must not do
 * again: answer an event (delivered to both, or 20 times across both at once), post a digest
 * slot (also when the replica posting it is killed with -9 mid-post), count a feedback click;
 * and what one replica learnt (a thread's context) the other must know.
 *
 * No assertion is timed: each waits for what it needs (a reply, a log line), and those that
 * prove something did not happen wait for the line saying it was skipped, or poll the state
 * until it agrees with what the fake Web API saw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { answerQuestion, buildSearchIndex } from '../../src/answer/index.ts';
import { UNCONFIRMED_REASON } from '../../src/digest/index.ts';
import { loadKnowledgeBase, meetingHandle } from '../../src/knowledge/index.ts';
import { ACTIONS, feedbackValue } from '../../src/slack/render.ts';
import { openStateStore, type StateStore } from '../../src/state/store.ts';
import { killAllBotProcesses, startBotProcess, type BotProcess } from '../helpers/bot-process.ts';
import { postgresTests, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { appMention, blockAction, eventCallback, postSigned, startResponseUrlServer, type ResponseUrlServer, type SlackRequestBody } from '../helpers/slack-requests.ts';
import { until } from '../helpers/until.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const index = buildSearchIndex(loadKnowledgeBase(HARBOR));
const DIGEST_CHANNEL = 'CDIGEST';

// The invented base's two meetings both have a fact about dredging: only a thread's context says
// which one "and dredging?" means (as in follow-up.test.ts).
const opening = `what happened at ${meetingHandle(index.kb.meetings[0]!)}`;
const followUp = 'and dredging?';
const inContext = answerQuestion(index, followUp, { context: answerQuestion(index, opening).context }).fact!;
const alone = answerQuestion(index, followUp).fact!;
// A question the bot answers, for a 👎 on it.
const answered = index.kb.facts.map((f) => ({ fact: f, q: f.questions[0]! })).find(({ fact, q }) => answerQuestion(index, q).fact?.id === fact.id)!;

/**
 * One state both replicas share: its environment, and the store the test reads it through
 * (the store's own interface, as the replicas use it; never its files or tables).
 */
interface SharedState {
  env: Record<string, string>;
  store: StateStore;
  /** Closes the store and removes the state (the folder; a database goes with the server). */
  dispose(): Promise<void>;
}

interface StateVariant {
  name: string;
  open(): Promise<SharedState>;
}

const TESTS_PER_VARIANT = 7;
let postgres: TestPostgres | undefined;
const variants: StateVariant[] = [
  {
    name: 'files in one STATE_DIR',
    async open() {
      const env = { STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-replicas-')) };
      const store = await openStateStore(readConfig(env));
      return { env, store, dispose: async () => (await store.close(), rmSync(env.STATE_DIR, { recursive: true, force: true })) };
    },
  },
  ...(postgresTests(TESTS_PER_VARIANT, 'two replicas on one PostgreSQL database')
    ? [
        {
          name: 'one PostgreSQL database',
          async open() {
            postgres ??= await startTestPostgres();
            const env = { DATABASE_URL: await postgres.freshDatabase() };
            const store = await openStateStore(readConfig(env));
            return { env, store, dispose: () => store.close() };
          },
        },
      ]
    : []),
];

let api: FakeSlackApi;
let responses: ResponseUrlServer;
beforeAll(async () => {
  [api, responses] = await Promise.all([startFakeSlackApi(), startResponseUrlServer()]);
});
afterAll(async () => {
  killAllBotProcesses();
  await Promise.all([api?.close(), responses?.close(), postgres?.destroy()]);
});

let channels = 0;
const newChannel = () => `CREPL${++channels}`;
const repliesIn = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && !c.failed);

/** Lines in which a replica said it skipped event `eventId` (answered elsewhere, or already here). */
const skipsOf = (replicas: BotProcess[], eventId: string) => replicas.flatMap((r) => r.log().split('\n')).filter((line) => line.includes(`event ${eventId} `) && /skipped/.test(line)).length;

describe.each(variants)('two replicas on $name', (variant) => {
  let state: SharedState;
  let replicas: BotProcess[];
  let botEnv: Record<string, string>;
  let startedAt = Date.now();
  const send = (replica: BotProcess, request: SlackRequestBody, retryNum?: number) => postSigned(replica.eventsUrl, request, { signingSecret: SIGNING_SECRET, retryNum });

  /** Until every delivery of `eventId` but one was logged as skipped, or a second reply came. */
  const settled = (channel: string, eventId: string, skips: number) =>
    until(
      () => skipsOf(replicas, eventId) >= skips || repliesIn(channel).length > 1,
      () => `${skipsOf(replicas, eventId)} of ${skips} deliveries of ${eventId} logged as skipped, ${repliesIn(channel).length} replies`,
    );

  beforeAll(async () => {
    api.reset(); // the previous variant's replicas are gone: what is recorded from here on is this one's
    state = await variant.open();
    botEnv = {
      ...state.env,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: api.url,
      KNOWLEDGE_DIR: HARBOR,
      DIGEST_CHANNEL,
      DIGEST_CRON: '* * * * * *', // a slot every second, each raced by both replicas
      DIGEST_TZ: 'UTC',
      // A digest post the fake API holds is still pending when its replica is killed.
      SLACK_API_TIMEOUT: '60s',
      // The Web API client's debug lines say which replica has a post in flight.
      LOG_LEVEL: 'debug',
    };
    startedAt = Date.now() - 1_000;
    replicas = await Promise.all([startBotProcess(botEnv), startBotProcess(botEnv)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.kill9()));
    await state?.dispose();
  });

  it('both replicas report the shared store healthy on /healthz, for the load balancer', async () => {
    for (const replica of replicas) {
      const health = await fetch(`${replica.origin}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, store: { ok: true } });
    }
  });

  it('the same event delivered to both replicas is answered once', async () => {
    const [a, b] = replicas as [BotProcess, BotProcess];
    const channel = newChannel();
    const event = eventCallback(appMention({ text: 'what was agreed on dredging', channel }));
    const eventId = (JSON.parse(event.body) as { event_id: string }).event_id;
    // Slack's first delivery reaches one replica, its retry the other, at the same moment.
    const acks = await Promise.all([send(a, event), send(b, event, 1)]);
    expect(acks.map((r) => r.status)).toEqual([200, 200]);
    await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel });
    await settled(channel, eventId, 1);
    expect(repliesIn(channel)).toHaveLength(1);
  });

  it('20 concurrent deliveries of one event across both replicas get one reply', async () => {
    const channel = newChannel();
    const event = eventCallback(appMention({ text: 'who is the harbour master', channel }));
    const eventId = (JSON.parse(event.body) as { event_id: string }).event_id;
    const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => send(replicas[i % 2]!, event, i < 2 ? undefined : Math.floor(i / 2))));
    expect(acks.every((r) => r.status === 200)).toBe(true);
    await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel });
    await settled(channel, eventId, 19);
    expect(repliesIn(channel)).toHaveLength(1);
  });

  it('a feedback click delivered to both replicas is recorded once', async () => {
    const [a, b] = replicas as [BotProcess, BotProcess];
    const since = new Date(Date.now() - 1000);
    const path = `/feedback-${variant.name.replace(/\W+/g, '-')}`;
    const value = feedbackValue({ vote: 'down', fact: answered.fact.id, kind: 'answer', question: answered.q });
    const click = blockAction({ actionId: ACTIONS.feedback, value, elementType: 'feedback_buttons', userId: 'UVOTER', isEphemeral: true, responseUrl: `${responses.url}${path}` });
    const acks = await Promise.all([send(a, click), send(b, click)]);
    expect(acks.map((r) => r.status)).toEqual([200, 200]);
    // Each replica thanks the clicker; one of them says it counts once.
    const thanks = await responses.waitForPosts(2, { predicate: (p) => p.path.endsWith(path) });
    expect(thanks.filter((p) => /counts once/.test(JSON.stringify(p.body)))).toHaveLength(1);
    const votes = (await state.store.feedback.read(since)).filter((v) => v.fact === answered.fact.id);
    expect(votes).toEqual([expect.objectContaining({ vote: 'down', kind: 'answer' })]);
    const downs = (await state.store.questions.read(since)).filter((r) => r.outcome === 'thumbs-down' && r.question === answered.q);
    expect(downs).toHaveLength(1);
  });

  it('a thread follow-up answered by the other replica keeps the thread’s context', async () => {
    expect(alone.id).not.toBe(inContext.id); // the fixture makes the context matter
    const [a, b] = replicas as [BotProcess, BotProcess];
    const channel = newChannel();
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    await send(a, eventCallback(appMention({ text: opening, channel, ts })));
    await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel });
    await send(b, eventCallback(appMention({ text: followUp, channel, ts: `${Math.floor(Date.now() / 1000)}.000300`, threadTs: ts })));
    const [, reply] = await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel, count: 2 });
    expect(reply!.args.thread_ts).toBe(ts);
    expect(String(reply!.args.text)).toContain(inContext.answer.slice(0, 40));
  });

  /** The slot records from `from` until now (every slot is on a whole second here), read from the store. */
  const slotRecords = async (store: StateStore, from: number) => {
    const keys: string[] = [];
    for (let t = Math.floor(from / 1000) * 1000; t <= Date.now(); t += 1000) keys.push(new Date(t).toISOString());
    return (await Promise.all(keys.map((key) => store.digest.getSlot(key)))).filter((r) => r !== undefined);
  };
  const succeeded = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && !c.failed).length;
  /**
   * Until every digest post the fake API accepted is one slot marked posted (a post arrives
   * before its slot is marked, so the store may lag a moment): a slot posted twice never gets there.
   */
  const eachPostOneSlot = async (store: StateStore, channel: string, from: number) => {
    let slots = 0;
    await until(
      async () => (slots = (await slotRecords(store, from)).filter((r) => r.status === 'posted').length) === succeeded(channel),
      () => `${succeeded(channel)} digest posts in ${channel}, ${slots} slots marked posted`,
    );
    return slots;
  };

  it('each digest slot, scheduled on both replicas, is posted once', async () => {
    await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === DIGEST_CHANNEL && !c.failed, count: 6, timeoutMs: 15_000 });
    expect(await eachPostOneSlot(state.store, DIGEST_CHANNEL, startedAt)).toBeGreaterThanOrEqual(6);
  });

  it('kill -9 of the replica posting a slot, mid-post, never leads to a second post of it', async () => {
    // A pair of its own on a fresh state, with two slots a minute: one just past, which both
    // post at start (catching up), and one 7 s later. The first post is held by the fake API
    // (armed before they start, so nothing else takes the hang); its replica is killed, and a
    // replica started again still finds that slot the latest when it catches up.
    await Promise.all(replicas.map((r) => r.kill9()));
    await state.dispose();
    state = await variant.open();
    const channel = `${DIGEST_CHANNEL}K`;
    const second = new Date().getUTCSeconds();
    const env = { ...botEnv, ...state.env, DIGEST_CHANNEL: channel, DIGEST_CRON: `${(second + 59) % 60},${(second + 7) % 60} * * * * *` };
    const from = Date.now() - 2_000;
    api.failNext('chat.postMessage', { hang: true });
    replicas = await Promise.all([startBotProcess(env), startBotProcess(env)]);
    const [hung] = await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel && c.failure !== undefined && 'hang' in c.failure, timeoutMs: 10_000 });

    // The replica that claimed the slot is the one whose post has started and not ended.
    const pending = (r: BotProcess) => count(r.log(), "apiCall('chat.postMessage') start") - count(r.log(), "apiCall('chat.postMessage') end");
    let claimer: BotProcess | undefined;
    await until(
      () => (claimer = replicas.find((r) => pending(r) > 0)) !== undefined,
      () => 'no replica has a chat.postMessage in flight',
    );
    const survivor = replicas.find((r) => r !== claimer)!;
    // Its slot: the one not posted, due before the held call (claimed, and left alone by the
    // other replica: a claim younger than a post can take may be a post in flight).
    const held = (await slotRecords(state.store, from)).filter((r) => r.status !== 'posted' && Date.parse(r.slot) <= hung!.at);
    expect(held).toHaveLength(1);
    const hungSlot = held[0]!.slot;

    await claimer!.kill9();
    // Started again while that slot is still the latest, it catches up: it must not post it.
    const restarted = await startBotProcess(env);
    replicas = [survivor, restarted];
    // Both carry on: the next slot is posted, once.
    await api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === channel && !c.failed, timeoutMs: 15_000 });
    expect(await eachPostOneSlot(state.store, channel, from)).toBeGreaterThanOrEqual(1);
    // The held post is the only one that is not a posted slot, and its slot was left unposted:
    // claimed and never confirmed, it stays claimed until it is older than a post can take, and
    // is then marked skipped (a minute: longer than this test waits), never posted again.
    expect(api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.failed)).toHaveLength(1);
    const record = await state.store.digest.getSlot(hungSlot);
    expect(record?.status === 'claimed' || (record?.status === 'skipped' && record.reason === UNCONFIRMED_REASON)).toBe(true);
  }, 60_000);
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
