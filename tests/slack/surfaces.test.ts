/**
 * The loop from the team back to the curators, through the real Bolt app and signed requests:
 * feedback on answers (once per person, across two app instances sharing STATE_DIR), the
 * question record and its retention, `/summit gaps` for curators only, the Home tab, the
 * agent view's suggested prompts, and the "Ask about this message" shortcut. On the invented
 * base of tests/fixtures/harbor-kb, so that nothing here pins the live base.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, buildSearchIndex } from '../../src/answer/index.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { ACTIONS, feedbackValue, LIMITS } from '../../src/slack/render.ts';
import { ASK_ABOUT_MESSAGE } from '../../src/slack/listeners/shortcuts/ask-about-message.ts';
import { QUESTION_LOG_FILE } from '../../src/state/questions.ts';
import { appHomeOpened, appMention, blockAction, eventCallback, messageShortcut, slashCommand } from '../helpers/slack-requests.ts';
import { until } from '../helpers/until.ts';
import { startBotUnderTest, type BotUnderTest } from './bot-harness.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const index = buildSearchIndex(loadKnowledgeBase(HARBOR));
const CURATOR = 'UCURATOR1';
const answered = index.kb.facts.map((f) => ({ fact: f, q: f.questions[0]! })).find(({ fact, q }) => answerQuestion(index, q).fact?.id === fact.id)!;
const MISS = 'what colour were the curtains in the meeting room';

let stateDir: string;
let a: BotUnderTest;
let b: BotUnderTest;
beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'summit-surfaces-'));
  const env = { KNOWLEDGE_DIR: HARBOR, STATE_DIR: stateDir, CURATOR_USER_IDS: `${CURATOR}, UOTHER9` };
  [a, b] = await Promise.all([startBotUnderTest(env), startBotUnderTest(env)]);
});
afterAll(async () => Promise.all([a?.close(), b?.close()]));

const records = () =>
  existsSync(join(stateDir, QUESTION_LOG_FILE))
    ? readFileSync(join(stateDir, QUESTION_LOG_FILE), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const blocksOf = (value: unknown) => JSON.stringify(value);

describe('feedback on answers', () => {
  it('every answer carries feedback buttons whose value holds what a vote needs', async () => {
    const reply = (await a.send(slashCommand({ text: answered.q }))).json as { blocks: { type: string; elements?: { type: string; positive_button?: { value: string } }[] }[] };
    const block = reply.blocks.find((x) => x.type === 'context_actions')!;
    const buttons = block.elements![0]!;
    expect(buttons.type).toBe('feedback_buttons');
    expect(JSON.parse(buttons.positive_button!.value)).toMatchObject({ v: 'up', f: answered.fact.id, q: answered.q });
    expect(feedbackValue({ vote: 'down', kind: 'answer', question: 'x'.repeat(5000) }).length).toBeLessThanOrEqual(LIMITS.buttonValue);
  });

  it('records a 👍 and a 👎 once each, clicked twice and delivered to both instances, thanking only the clicker', async () => {
    const up = feedbackValue({ vote: 'up', fact: answered.fact.id, kind: 'answer', question: answered.q });
    const down = feedbackValue({ vote: 'down', fact: answered.fact.id, kind: 'answer', question: answered.q });
    const click = (t: BotUnderTest, value: string, path: string) =>
      t.send(blockAction({ actionId: ACTIONS.feedback, value, elementType: 'feedback_buttons', userId: 'UVOTER', isEphemeral: true, responseUrl: `${t.responses.url}/${path}` }));
    await Promise.all([click(a, up, 'u1'), click(b, up, 'u2'), click(a, up, 'u3')]);
    await Promise.all([click(a, down, 'd1'), click(b, down, 'd2')]);
    const thanks = [...(await a.responses.waitForPosts(3)), ...(await b.responses.waitForPosts(2))];
    expect(thanks.every((p) => (p.body as { response_type: string }).response_type === 'ephemeral')).toBe(true);
    expect(thanks.filter((p) => /counts once/.test(blocksOf(p.body)))).toHaveLength(3); // 2 repeated 👍, 1 repeated 👎
    const downs = records().filter((r) => r.outcome === 'thumbs-down');
    expect(downs).toHaveLength(1);
    expect(downs[0]).toMatchObject({ question: answered.q, fact: answered.fact.id });
    expect(blocksOf(records())).not.toMatch(/UVOTER/);
  });
});

describe('the question record', () => {
  it('records a question the bot declined, with no user or channel id', async () => {
    await a.send(eventCallback(appMention({ text: `<@UBOT> ${MISS}`, user: 'UASKER', channel: 'CSECRET1' })));
    await a.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'CSECRET1' });
    await until(() => records().some((r) => r.question === MISS), 'the declined question in the record'); // recorded after the reply
    const record = records().find((r) => r.question === MISS);
    expect(record).toMatchObject({ outcome: 'declined', channelType: 'channel' });
    expect(blocksOf(records())).not.toMatch(/UASKER|CSECRET1/);
  });

  it('records the miss even when the reply could not be posted', async () => {
    const question = `${MISS} in the annex`;
    a.api.failNext('chat.postMessage', { error: 'not_in_channel' });
    await a.send(eventCallback(appMention({ text: `<@UBOT> ${question}`, channel: 'CNOTIN' })));
    await a.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'CNOTIN' });
    await until(() => records().some((r) => r.question === question), 'the miss in the record despite the failed reply');
  });

  it('forgets records past QUESTION_LOG_DAYS when the bot starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-retention-'));
    const old = { at: '2020-01-01T00:00:00.000Z', question: 'an old question', outcome: 'declined', kind: 'no-match', confidence: 0.1, channelType: 'dm' };
    const fresh = { ...old, at: new Date().toISOString(), question: 'a fresh question' };
    writeFileSync(join(dir, QUESTION_LOG_FILE), `${JSON.stringify(old)}\n${JSON.stringify(fresh)}\n`);
    const t = await startBotUnderTest({ KNOWLEDGE_DIR: HARBOR, STATE_DIR: dir, QUESTION_LOG_DAYS: '30' });
    try {
      const deadline = Date.now() + 5000;
      while (readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8').includes('an old question') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const left = readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8');
      expect(left).not.toContain('an old question');
      expect(left).toContain('a fresh question');
    } finally {
      await t.close();
    }
  });

  it('records nothing with QUESTION_LOG=off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-off-'));
    const t = await startBotUnderTest({ KNOWLEDGE_DIR: HARBOR, STATE_DIR: dir, QUESTION_LOG: 'off' });
    await t.send(slashCommand({ text: MISS })).finally(() => t.close()); // the stop waits for the work after the reply
    expect(existsSync(join(dir, 'activity.jsonl'))).toBe(true); // the outcome was counted: the bot got that far
    expect(existsSync(join(dir, QUESTION_LOG_FILE))).toBe(false);
  });
});

describe('/summit gaps', () => {
  it('shows a curator the most frequent misses, and tells anyone else politely no', async () => {
    await a.send(slashCommand({ text: MISS }));
    const curator = (await a.send(slashCommand({ text: 'gaps', userId: CURATOR }))).json as { text: string };
    expect(curator.text).toMatch(/most frequent first/);
    expect(curator.text).toContain(MISS);
    const other = (await a.send(slashCommand({ text: 'gaps', userId: 'UNOBODY' }))).json as { text: string };
    expect(other.text).toMatch(/for the curators/);
    expect(other.text).not.toContain(MISS);
  });
});

describe('App Home and the agent view', () => {
  it('publishes a Home tab within Block Kit limits: sources, meetings, how to ask, example questions; gaps for curators', async () => {
    await a.send(eventCallback(appHomeOpened({ user: 'UREADER', tab: 'home' })));
    await a.send(eventCallback(appHomeOpened({ user: CURATOR, tab: 'home' })));
    const calls = await a.api.waitForCall('views.publish', { count: 2 });
    const views = calls.map((c) => ({ user: c.args.user_id, view: (typeof c.args.view === 'string' ? JSON.parse(c.args.view) : c.args.view) as { type: string; blocks: unknown[] } }));
    for (const { view } of views) {
      expect(view.type).toBe('home');
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      for (const source of index.kb.sources.values()) expect(blocksOf(view)).toContain(source.title.replace(/’/g, '’'));
      expect(blocksOf(view)).toContain(`${ACTIONS.homeQuestion}_0`);
    }
    expect(blocksOf(views.find((v) => v.user === 'UREADER')!.view)).not.toMatch(/For curators/);
    expect(blocksOf(views.find((v) => v.user === CURATOR)!.view)).toMatch(/For curators: the last 7 days/);
  });

  it('answers a Home tab example question in the DM', async () => {
    await a.send(blockAction({ actionId: `${ACTIONS.homeQuestion}_0`, value: answered.q, userId: 'UREADER', channelId: 'DHOME' }));
    const [post] = await a.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'UREADER' });
    expect(String(post!.args.text)).toContain(answered.fact.answer.slice(0, 30));
  });

  it('sets suggested prompts when the Messages tab opens, without a thread', async () => {
    await a.send(eventCallback(appHomeOpened({ user: 'UREADER', tab: 'messages', channel: 'DREADER' })));
    const [call] = await a.api.waitForCall('assistant.threads.setSuggestedPrompts');
    expect(call!.args.channel_id).toBe('DREADER');
    expect(call!.args.thread_ts).toBeUndefined();
    const prompts = (typeof call!.args.prompts === 'string' ? JSON.parse(call!.args.prompts) : call!.args.prompts) as { title: string; message: string }[];
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.length).toBeLessThanOrEqual(4);
    for (const p of prompts) expect(answerQuestion(index, p.message).answered).toBe(true);
  });
});

describe('Ask about this message', () => {
  it('answers the message’s text to the person who used the shortcut, with the Share button', async () => {
    await b.send(messageShortcut({ callbackId: ASK_ABOUT_MESSAGE, text: answered.q, responseUrl: `${b.responses.url}/shortcut` }));
    const [post] = await b.responses.waitForPosts(1, { predicate: (p) => p.path.endsWith('/shortcut') });
    expect(post!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksOf(post!.body)).toContain(answered.fact.answer.slice(0, 30));
    expect(blocksOf(post!.body)).toContain(ACTIONS.share);
  });
});
