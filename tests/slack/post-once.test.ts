/**
 * No double post when Slack carries out a post whose response is lost: the real Bolt app in
 * HTTP mode, signed requests, the fake Web API dropping chat.postMessage's response after
 * posting (or the request before posting). Each answer is tagged with message metadata naming
 * its event or click; before posting again, the bot reads the thread or the DM for that tag.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/render.ts';
import { REPLY_EVENT_TYPE } from '../../src/slack/post-once.ts';
import { dmWith } from '../helpers/fake-slack-api.ts';
import { appMention, blockAction, directMessage, eventCallback } from '../helpers/slack-requests.ts';
import { selfAnsweringFact } from '../helpers/live-base.ts';
import { until } from '../helpers/until.ts';
import { botForThisFile } from './bot-harness.ts';

// A lost response is given up on after SLACK_API_TIMEOUT: short here, so that each test takes seconds.
const t = botForThisFile({ SLACK_API_TIMEOUT: '1s' });
const sample = selfAnsweringFact();

/** Waits for the listener's own last line (it logs how the question ended once the reply is done, posted or given up). */
async function listenerDone(pattern: RegExp, from: number): Promise<void> {
  await until(
    () => t.logs.slice(from).some((l) => pattern.test(l)),
    () => `the listener's last line (${pattern}); logged:\n${t.logs.slice(from).join('')}`,
    15_000,
  );
}

const tagOf = (m: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }) => (m.metadata?.event_type === REPLY_EVENT_TYPE ? m.metadata.event_payload?.reply_to : undefined);

describe('a mention whose post went through but whose response was lost', () => {
  it('is answered once: the bot finds its tagged reply in the thread and does not post again', async () => {
    t.api.failNext('chat.postMessage', { dropResponse: true });
    const from = t.logs.length;
    const mention = appMention({ text: sample.question, channel: 'CLOST1' });
    await t.send(eventCallback(mention, { eventId: 'EvLOST1' }));
    await listenerDone(/mention by U1 in CLOST1: answered/, from);

    const posted = t.api.posted('CLOST1');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ thread_ts: mention.ts });
    expect(posted[0]!.text).toContain(sample.fact.answer);
    expect(tagOf(posted[0]!)).toBe('EvLOST1');
    expect(t.api.callsTo('chat.postMessage')).toHaveLength(1);
    const [lookup] = t.api.callsTo('conversations.replies');
    expect(lookup!.args).toMatchObject({ channel: 'CLOST1', ts: mention.ts, oldest: mention.ts, include_all_metadata: 'true' });
  });
});

describe('a mention whose post was lost before Slack carried it out', () => {
  it('is answered once: the bot finds no reply in the thread, and posts it again', async () => {
    t.api.failNext('chat.postMessage', { hang: true });
    const from = t.logs.length;
    const mention = appMention({ text: sample.question, channel: 'CLOST2' });
    await t.send(eventCallback(mention, { eventId: 'EvLOST2' }));
    await listenerDone(/mention by U1 in CLOST2: answered/, from);

    const posted = t.api.posted('CLOST2');
    expect(posted).toHaveLength(1);
    expect(tagOf(posted[0]!)).toBe('EvLOST2');
    expect(t.api.callsTo('chat.postMessage').map((c) => c.failed ?? false)).toEqual([true, false]);
    expect(t.api.callsTo('conversations.replies')).toHaveLength(1); // looked before posting again
  });
});

describe('a DM whose response was lost (the connection reset after the post)', () => {
  it('is answered once: the bot reads the DM since the question for its tag', async () => {
    t.api.failNext('chat.postMessage', { dropResponse: true, reset: true });
    const from = t.logs.length;
    const dm = directMessage({ text: sample.question, channel: 'DLOST3' });
    await t.send(eventCallback(dm, { eventId: 'EvLOST3' }));
    await listenerDone(/DM from U1: answered/, from);

    const posted = t.api.posted('DLOST3');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.thread_ts).toBeUndefined();
    expect(tagOf(posted[0]!)).toBe('EvLOST3');
    const [lookup] = t.api.callsTo('conversations.history');
    expect(lookup!.args).toMatchObject({ channel: 'DLOST3', oldest: dm.ts, include_all_metadata: 'true' });
  });
});

describe('a Home-tab question whose response was lost', () => {
  it('is answered once in the DM: the bot opens the DM to read it', async () => {
    t.api.failNext('chat.postMessage', { dropResponse: true });
    const from = t.logs.length;
    await t.send(blockAction({ actionId: `${ACTIONS.homeQuestion}_0`, value: sample.question, userId: 'UHOME4' }));
    await listenerDone(/Home-tab question by UHOME4: answered/, from);

    expect(t.api.posted('UHOME4')).toHaveLength(1);
    expect(t.api.callsTo('conversations.open')[0]!.args).toMatchObject({ users: 'UHOME4' });
    expect(t.api.callsTo('conversations.history')[0]!.args).toMatchObject({ channel: dmWith('UHOME4'), include_all_metadata: 'true' });
  });
});

describe('a lost response when the conversation cannot be read', () => {
  it('is not posted again: a missing answer can be asked again, a doubled one cannot be taken back', async () => {
    t.api.failNext('chat.postMessage', { dropResponse: true });
    t.api.failNext('conversations.replies', { error: 'missing_scope' });
    const from = t.logs.length;
    await t.send(eventCallback(appMention({ text: sample.question, channel: 'CLOST5' }), { eventId: 'EvLOST5' }));
    await until(
      () => t.api.posted('CLOST5').length === 2,
      () => `the answer and the apology; posted: ${JSON.stringify(t.api.posted('CLOST5').map((m) => m.text))}`,
      15_000,
    );

    const [answer, apology] = t.api.posted('CLOST5');
    expect(answer!.text).toContain(sample.fact.answer);
    expect(apology!.text).toMatch(/Sorry, something went wrong/); // which says to ask again, should the answer be missing
    const logged = t.logs.slice(from).join('');
    expect(logged).toMatch(/reply not confirmed: .*missing_scope.*channels:history.*Not posted again/);
  });
});

describe('a rate-limited reply', () => {
  it('was not carried out: it is posted after Retry-After, without looking for it first', async () => {
    t.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const from = t.logs.length;
    await t.send(eventCallback(appMention({ text: sample.question, channel: 'CLOST6' })));
    await listenerDone(/mention by U1 in CLOST6: answered/, from);

    const [limited, posted] = t.api.callsTo('chat.postMessage');
    expect(posted!.at - limited!.at).toBeGreaterThanOrEqual(1_000);
    expect(t.api.posted('CLOST6')).toHaveLength(1);
    expect(t.api.callsTo('conversations.replies')).toEqual([]);
  });
});
