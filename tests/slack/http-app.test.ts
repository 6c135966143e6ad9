/**
 * The real Bolt app in HTTP mode, driven by correctly signed requests as Slack sends them,
 * replying through a local fake Web API that records every call.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMention, blockAction, directMessage, eventCallback, slashCommand } from '../helpers/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET, botForThisFile } from './bot-harness.ts';
import { liveIndex, liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { agendaFor, answerQuestion, citationFor, formatSourceLine, timeline } from '../../src/answer/index.ts';
import { formatDate, meetingHandle } from '../../src/knowledge/index.ts';
import { escapeMrkdwn, meetingTitle } from '../../src/slack/render.ts';

const t = botForThisFile();

/** A question the engine answers with a known fact, and a second one on another fact. */
const sample = selfAnsweringFact();
const other = selfAnsweringFact(liveIndex, (f) => f.id === sample.fact.id || f.answer.slice(0, 30) === sample.fact.answer.slice(0, 30));
const answerStart = (fact: { answer: string }) => fact.answer.slice(0, 30);

const posted = async (count = 1) => (await t.api.waitForCall('chat.postMessage', { count, predicate: (c) => !c.failed })).filter((c) => !c.failed);
const allText = (value: unknown) => JSON.stringify(value);

describe('/summit over HTTP', () => {
  it('answers `agenda` with the latest agenda, each item cited, as an ephemeral reply in the ack', async () => {
    const expected = agendaFor(liveKb)!;
    const first = [...expected.discussed, ...expected.planned][0]!;
    const res = await t.send(slashCommand({ text: 'agenda' }));
    expect(res.status).toBe(200);
    const reply = res.json as { response_type: string; text: string; blocks: { type: string }[] };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain(`Agenda: ${meetingTitle(expected.meeting)}`);
    expect(reply.text).toContain(escapeMrkdwn(first.fact.answer));
    expect(allText(reply.blocks)).toContain(JSON.stringify(escapeMrkdwn(formatSourceLine(first.citation))).slice(1, -1));
    expect(t.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers `agenda <meeting>` by alias or year, with the same resolver as questions', async () => {
    const other = agendaFor(liveKb)!.others[0];
    if (!other) return expect(agendaFor(liveKb)!.others).toEqual([]);
    // A year names the last meeting of that year (where two meetings share it, the later one).
    const year = other.date.slice(0, 4);
    const ofYear = liveKb.meetings.findLast((m) => m.date.startsWith(year))!;
    for (const [reference, meeting] of [
      [meetingHandle(other), other],
      [year, ofYear],
    ] as const) {
      const res = await t.send(slashCommand({ text: `agenda ${reference}` }));
      expect((res.json as { text: string }).text).toContain(`Agenda: ${meetingTitle(meeting)}`);
    }
  });

  it("answers a question with the engine's answer, its citation and a share button", async () => {
    const { fact, question } = selfAnsweringFact();
    const res = await t.send(slashCommand({ text: question }));
    const reply = res.json as { text: string; blocks: unknown[] };
    expect(reply.text).toContain(fact.answer);
    expect(reply.text).toContain(`Source: ${escapeMrkdwn(formatSourceLine(citationFor(liveKb, fact)))}`);
    expect(allText(reply.blocks)).toContain('share_answer');
  });

  it('gives help for empty text, and says plainly when it does not know', async () => {
    expect((await t.send(slashCommand({ text: '' }))).json).toMatchObject({ text: expect.stringMatching(/\/summit agenda/) });
    const res = await t.send(slashCommand({ text: 'tell me a joke' }));
    const reply = res.json as { text: string; blocks: unknown[] };
    expect(reply.text).toMatch(/I don't know/);
    expect(allText(reply.blocks)).toContain('ask_suggestion_0');
  });

  it('treats text after a subcommand word as a question, and says when an agenda is not known', async () => {
    const { question } = selfAnsweringFact();
    const asQuestion = `help me with ${question}`;
    const help = (await t.send(slashCommand({ text: asQuestion }))).json as { text: string };
    expect(help.text).not.toMatch(/\/summit timeline/);
    expect(help.text).toContain(answerQuestion(liveIndex, asQuestion).answer.slice(0, 40));
    const agenda = (await t.send(slashCommand({ text: 'agenda for the talks about something else entirely' }))).json as { text: string };
    expect(agenda.text).not.toMatch(/^Agenda:/);
    const without = liveKb.meetings.find((m) => {
      const a = agendaFor(liveKb, m.id)!;
      return !a.discussed.length && !a.planned.length;
    });
    if (without) {
      const reply = (await t.send(slashCommand({ text: `agenda ${meetingHandle(without)}` }))).json as { blocks: unknown[] };
      expect(JSON.stringify(reply.blocks)).toMatch(/My sources don't give this meeting's agenda/);
    }
  });

  it('lists sources and the timeline', async () => {
    const publisher = [...liveKb.sources.values()].find((s) => s.publisher)?.publisher;
    if (publisher) expect((await t.send(slashCommand({ text: 'sources' }))).text).toContain(escapeMrkdwn(publisher));
    const res = (await t.send(slashCommand({ text: 'timeline' }))).json as { text: string };
    expect(res.text.split('\n')).toEqual(timeline(liveKb).map(({ meeting }) => `${formatDate(meeting.date)}: ${meeting.name}${meeting.place ? `, ${meeting.place}` : ''}`));
  });

  it('answers a 40,000-character question quickly, without crashing', async () => {
    const start = Date.now();
    const res = await t.send(slashCommand({ text: `${sample.question} ${'blah '.repeat(8000)}` }));
    expect(res.status).toBe(200);
    expect(Date.now() - start).toBeLessThan(2500);
    expect((res.json as { text: string }).text.length).toBeGreaterThan(0);
  });
});

describe('mentions and DMs', () => {
  it('replies to a mention in a thread of the mentioning message', async () => {
    await t.send(eventCallback(appMention({ text: sample.question, channel: 'C7', ts: '1700000000.000100' })));
    const [call] = await posted();
    expect(call!.args).toMatchObject({ channel: 'C7', thread_ts: '1700000000.000100', unfurl_links: 'false' });
    expect(String(call!.args.text)).toContain(answerStart(sample.fact));
    expect(call!.token).toBe('present');
  });

  it('replies inside an existing thread when mentioned there', async () => {
    await t.send(eventCallback(appMention({ text: other.question, channel: 'C7', ts: '1700000000.000300', threadTs: '1700000000.000200' })));
    const [call] = await posted();
    expect(call!.args.thread_ts).toBe('1700000000.000200');
  });

  it('answers a DM in the DM, and ignores bots and message edits', async () => {
    await t.send(eventCallback(directMessage({ text: 'beep', channel: 'D9', botId: 'B123' })));
    await t.send(eventCallback(directMessage({ text: 'edited', channel: 'D9', subtype: 'message_changed' })));
    await t.send(eventCallback(directMessage({ text: sample.question, channel: 'D9' })));
    const [call] = await posted();
    expect(call!.args.channel).toBe('D9');
    expect(call!.args.thread_ts).toBeUndefined();
    expect(String(call!.args.text)).toContain(answerStart(sample.fact));
    await new Promise((r) => setTimeout(r, 200));
    expect(t.api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers a retried event once (same event_id, X-Slack-Retry-Num)', async () => {
    const req = eventCallback(appMention({ text: sample.question, channel: 'C8' }), { eventId: 'Ev-retried-1' });
    await t.send(req);
    await t.send(req, { retryNum: 1 });
    await t.send(req, { retryNum: 2 });
    await posted();
    await new Promise((r) => setTimeout(r, 300));
    expect(t.api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('never pings anyone, whatever markup the question holds', async () => {
    const text = `hey <!channel> <!here> @channel @here <@U999> <!subteam^S1|@team> ${sample.question} & <b>`;
    await t.send(eventCallback(appMention({ text, channel: 'C9' })));
    const replies = [
      (await t.send(slashCommand({ text: 'tell me about <!channel> and @everyone bananas' }))).json,
      (await t.send(slashCommand({ text: '<!here> @here zebras' }))).json,
      (await t.send(blockAction({ actionId: 'share_answer', value: `@channel ${sample.question} <!everyone>`, channelId: 'C9', responseUrl: `${t.responses.url}/inj`, isEphemeral: true }))).text,
    ];
    const calls = await posted(1);
    const [shared] = await t.responses.waitForPosts(1, { predicate: (p) => p.path.includes('/inj') });
    const sent = allText(calls.map((c) => c.args)) + allText(replies) + allText(shared!.body);
    expect(sent).toMatch(/bananas|zebras/); // the questions were echoed back, made inert
    expect(sent).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(sent).not.toMatch(/<@U999>/);
    expect(sent).not.toMatch(/(^|[^\u200b])@(channel|here|everyone)\b/);
  });

  it('retries a rate-limited (429) reply and then delivers it', async () => {
    t.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await t.send(eventCallback(appMention({ text: sample.question, channel: 'C10' })));
    const calls = await t.api.waitForCall('chat.postMessage', { count: 2, timeoutMs: 10_000 });
    expect(calls[0]!.failed).toBe(true);
    expect(calls[1]!.failed).toBeUndefined();
    expect(String(calls[1]!.args.text)).toContain(answerStart(sample.fact));
  });

  it('apologises when replying fails, and keeps serving', async () => {
    t.api.failNext('chat.postMessage', { error: 'invalid_blocks' });
    await t.send(eventCallback(appMention({ text: other.question, channel: 'C11', ts: '1700000001.000100' })));
    const [apology] = await posted();
    expect(apology!.args).toMatchObject({ channel: 'C11', thread_ts: '1700000001.000100' });
    expect(String(apology!.args.text)).toMatch(/Sorry, something went wrong/);
    expect(t.logs.some((l) => /listener failed/.test(l))).toBe(true);
    t.api.reset();
    await t.send(eventCallback(appMention({ text: sample.question, channel: 'C11' })));
    expect(String((await posted())[0]!.args.text)).toContain(answerStart(sample.fact));
  });
});

describe('buttons', () => {
  it('answers a clicked suggestion in place of the ephemeral reply', async () => {
    const res = await t.send(blockAction({ actionId: 'ask_suggestion_0', value: sample.question, responseUrl: `${t.responses.url}/s1`, isEphemeral: true }));
    expect(res.status).toBe(200);
    const [post] = await t.responses.waitForPosts(1);
    expect(post!.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(allText(post!.body)).toContain(answerStart(sample.fact));
  });

  it('answers a suggestion clicked under a thread reply in that thread', async () => {
    await t.send(
      blockAction({ actionId: 'ask_suggestion_1', value: other.question, channelId: 'C12', messageTs: '1700000002.000200', threadTs: '1700000002.000100', responseUrl: `${t.responses.url}/s2` }),
    );
    const [call] = await posted();
    expect(call!.args).toMatchObject({ channel: 'C12', thread_ts: '1700000002.000100' });
    expect(String(call!.args.text)).toContain(answerStart(other.fact));
  });

  it('shares an answer in the channel through its response_url, in place of the ephemeral copy, member or not', async () => {
    await t.send(blockAction({ actionId: 'share_answer', value: sample.question, userId: 'U5', channelId: 'C13', responseUrl: `${t.responses.url}/s3`, isEphemeral: true }));
    const [post] = await t.responses.waitForPosts(1);
    expect(post!.body).toMatchObject({ response_type: 'in_channel', delete_original: true });
    expect(allText(post!.body)).toContain('<@U5> asked');
    expect(allText(post!.body)).toContain(JSON.stringify(answerStart(sample.fact)).slice(1, -1));
    await new Promise((r) => setTimeout(r, 200));
    expect(t.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('shares once when the button is clicked twice at once', async () => {
    const click = () =>
      blockAction({ actionId: 'share_answer', value: sample.question, userId: 'U6', channelId: 'C16', messageTs: '1700000006.000100', responseUrl: `${t.responses.url}/s6`, isEphemeral: true });
    await Promise.all([t.send(click()), t.send(click())]);
    await t.responses.waitForPosts(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.responses.calls.filter((p) => (p.body as { response_type?: string }).response_type === 'in_channel')).toHaveLength(1);
    expect(t.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts with chat.postMessage when the response_url no longer works, and asks to be invited only when that fails too', async () => {
    t.responses.failNext(404);
    await t.send(blockAction({ actionId: 'share_answer', value: sample.question, userId: 'U7', channelId: 'C14', responseUrl: `${t.responses.url}/s4`, isEphemeral: true }));
    const [call] = await posted();
    expect(call!.args.channel).toBe('C14');
    expect(allText(call!.args.blocks)).toContain('<@U7> asked');

    t.api.reset();
    t.responses.failNext(404);
    t.api.failNext('chat.postMessage', { error: 'not_in_channel' });
    await t.send(blockAction({ actionId: 'share_answer', value: sample.question, userId: 'U8', channelId: 'C15', responseUrl: `${t.responses.url}/s7`, isEphemeral: true }));
    const [notice] = await t.api.waitForCall('chat.postEphemeral', { predicate: (c) => !c.failed });
    expect(notice!.args).toMatchObject({ channel: 'C15', user: 'U8' });
    expect(allText(notice!.args)).toMatch(/invite me/i);
  });

  it('answers a button payload without a user with a 200 and a log line, not an error', async () => {
    const req = blockAction({ actionId: 'share_answer', value: sample.question, channelId: 'C17', responseUrl: `${t.responses.url}/s8` });
    const payload = JSON.parse(new URLSearchParams(req.body).get('payload')!);
    delete payload.user;
    const res = await t.send({ ...req, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.api.calls).toHaveLength(0);
    expect(t.logs.join('\n')).toMatch(/interactions without a user, answered 200 and ignored: block_actions/);
  });

  it('shows the verbatim quote to whoever clicks', async () => {
    await t.send(blockAction({ actionId: 'show_quote', value: sample.fact.id, responseUrl: `${t.responses.url}/s5` }));
    const [post] = await t.responses.waitForPosts(1);
    expect(allText(post!.body)).toContain(JSON.stringify(sample.fact.quotes[0]!.slice(0, 30)).slice(1, -1));
    expect(post!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('shows the quote of a fact made from a source, not only of a curated one', async () => {
    const curated = new Set(liveKb.facts.map((f) => f.id));
    const fromSource = liveIndex.facts.find((f) => !curated.has(f.id) && f.quotes.length > 0);
    if (!fromSource) return; // a base whose sources carry no quotable front matter
    await t.send(blockAction({ actionId: 'show_quote', value: fromSource.id, responseUrl: `${t.responses.url}/s9` }));
    const [post] = await t.responses.waitForPosts(1);
    expect(allText(post!.body)).not.toMatch(/no longer in my knowledge base/);
    expect(allText(post!.body)).toContain(JSON.stringify(fromSource.quotes[0]!.slice(0, 30)).slice(1, -1));
  });
});

describe('request verification and safety', () => {
  it('rejects a bad signature with 401 and calls nothing', async () => {
    const res = await t.send(slashCommand({ text: 'agenda' }), { badSignature: true });
    expect(res.status).toBe(401);
    const ev = await t.send(eventCallback(appMention({ text: sample.question })), { badSignature: true });
    expect(ev.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.api.calls).toEqual([]);
  });

  it('rejects a stale timestamp (over 5 minutes old) with 401', async () => {
    const res = await t.send(eventCallback(appMention({ text: sample.question })), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.api.calls).toEqual([]);
  });

  it('serves GET /healthz', async () => {
    const res = await fetch(t.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('never logs the token or the signing secret', () => {
    const all = t.logs.join('');
    expect(t.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });
});

describe('start-up', () => {
  it('refuses to start with a token Slack rejects, saying which variable to check', async () => {
    const { startFakeSlackApi } = await import('../helpers/fake-slack-api.ts');
    const { launchBot, StartupError } = await import('../../src/slack/start.ts');
    const api = await startFakeSlackApi();
    api.failNext('auth.test', { error: 'invalid_auth' });
    const lines: string[] = [];
    const starting = launchBot(
      { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, PORT: '0', STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-auth-')) },
      { log: (l) => void lines.push(l) },
    );
    await expect(starting).rejects.toBeInstanceOf(StartupError);
    await expect(starting).rejects.toThrow(/invalid_auth.*Check SLACK_BOT_TOKEN/);
    expect(lines.join('')).not.toContain(BOT_TOKEN);
    await api.close();
  });
});

describe('start-up on a busy port', () => {
  it('says the port is in use instead of crashing', async () => {
    const { startBotUnderTest } = await import('./bot-harness.ts');
    const first = await startBotUnderTest();
    await expect(startBotUnderTest({ PORT: String(first.bot.port) })).rejects.toThrow(/port \d+ is already in use\. Set PORT/);
    await first.close();
  });
});
