/**
 * The bot under faults an operator meets in production: a hung Web API, requests of every size
 * and shape, an expired response_url, LOG_LEVEL, a huge command argument. The real Bolt app in
 * HTTP mode, signed requests, the local fake Web API (and once the local console).
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { agendaFor } from '../../src/answer/index.ts';
import { meetingHandle, normalizeText } from '../../src/knowledge/index.ts';
import { ACTIONS } from '../../src/slack/render.ts';
import { MAX_BODY_BYTES } from '../../src/slack/receivers/request-gate.ts';
import { launchBot } from '../../src/slack/start.ts';
import { appMention, blockAction, eventCallback, JSON_CONTENT_TYPE, postSigned, slashCommand } from '../helpers/slack-requests.ts';
import { liveIndex, liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { until } from '../helpers/until.ts';
import { SIGNING_SECRET, botForThisFile, startBotUnderTest } from './bot-harness.ts';

const t = botForThisFile();

/** Sends headers only and waits for the response: a server that reads the body first never answers. */
function headersOnly(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('no response within 5 s: the body was being waited for')));
    req.flushHeaders();
  });
}

const warnLines = (from: number) => t.logs.slice(from).filter((l) => / WARN /.test(l));

/** Two questions the installed base answers, each with a known fact of its own. */
const sample = selfAnsweringFact();
const other = selfAnsweringFact(liveIndex, (f) => f.id === sample.fact.id || f.answer === sample.fact.answer);

describe('a Web API that hangs, then recovers', () => {
  it('answers again after recovery, and delivers the replies that hung', async () => {
    const bot = await startBotUnderTest({ SLACK_API_TIMEOUT: '1s' });
    try {
      // As many hung calls as the client runs at once (100): without a timeout its queue is full for minutes.
      bot.api.failNext('chat.postMessage', { hang: true }, 100);
      for (let i = 0; i < 100; i++) await bot.send(eventCallback(appMention({ text: sample.question, channel: 'CHUNG' })));
      await bot.api.waitForCall('chat.postMessage', { count: 100, timeoutMs: 10_000 });

      await bot.send(eventCallback(appMention({ text: other.question, channel: 'CAFTER' })));
      const [after] = await bot.api.waitForCall('chat.postMessage', { predicate: (c) => !c.failed && c.args.channel === 'CAFTER', timeoutMs: 15_000 });
      expect(String(after!.args.text)).toContain(other.fact.answer);
      // The hung calls were abandoned and retried, not lost.
      await bot.api.waitForCall('chat.postMessage', { count: 100, predicate: (c) => !c.failed && c.args.channel === 'CHUNG', timeoutMs: 15_000 });

      // respond() (a response_url) has the same timeout: the click is apologised for, not left hanging.
      bot.responses.failNext('hang');
      await bot.send(blockAction({ actionId: 'show_quote', value: 'anything', userId: 'U8', channelId: 'CQUOTE', responseUrl: `${bot.responses.url}/hung` }));
      const [apology] = await bot.api.waitForCall('chat.postEphemeral', { timeoutMs: 10_000 });
      expect(apology!.args).toMatchObject({ channel: 'CQUOTE', user: 'U8' });
    } finally {
      await bot.close();
    }
  }, 45_000);
});

describe('LOG_LEVEL', () => {
  it('debug shows Bolt debug lines; warn hides every info line, ours and Bolt’s', async () => {
    // The shared bot runs at debug.
    await t.send(eventCallback(appMention({ text: sample.question })));
    await t.api.waitForCall('chat.postMessage');
    expect(t.logs.some((l) => / DEBUG /.test(l))).toBe(true);

    const quiet = await startBotUnderTest({ LOG_LEVEL: 'warn' });
    try {
      await quiet.send(eventCallback(appMention({ text: sample.question })));
      await quiet.api.waitForCall('chat.postMessage');
      expect(quiet.logs.filter((l) => / (INFO|DEBUG) /.test(l))).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('"Share in channel" after the response_url expired', () => {
  it('shares with chat.postMessage when the response_url has expired, logs why, and tells the user nothing went wrong', async () => {
    t.responses.failNext(404); // Slack's answer to a response_url past its 30 minutes or 5 uses
    const logsBefore = t.logs.length;
    await t.send(blockAction({ actionId: 'share_answer', value: sample.question, userId: 'U7', channelId: 'C21', responseUrl: `${t.responses.url}/expired`, isEphemeral: true }));
    const [shared] = await t.api.waitForCall('chat.postMessage');
    expect(shared!.args.channel).toBe('C21');
    await until(() => t.logs.slice(logsBefore).some((l) => /could not share through the response_url/.test(l)), 'the fallback warning');
    expect(t.api.callsTo('chat.postEphemeral')).toEqual([]); // no "Sorry, something went wrong"
    expect(t.logs.slice(logsBefore).join('')).not.toMatch(/listener failed/);
  });
});

describe('the request gate', () => {
  it('refuses a body over the limit with 413, signed or not, and never answers it', async () => {
    const mention = JSON.parse(eventCallback(appMention({ text: sample.question, channel: 'CBIG' })).body) as Record<string, unknown>;
    const body = JSON.stringify({ ...mention, padding: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await postSigned(t.url, body, { signingSecret: SIGNING_SECRET, contentType: JSON_CONTENT_TYPE })).status).toBe(413);
    expect((await fetch(t.url, { method: 'POST', headers: { 'content-type': JSON_CONTENT_TYPE }, body })).status).toBe(413);
    await t.send(eventCallback(appMention({ text: other.question, channel: 'CSMALL' })));
    const [small] = await t.api.waitForCall('chat.postMessage', { predicate: (c) => c.args.channel === 'CSMALL' });
    expect(String(small!.args.text)).toContain(other.fact.answer);
    expect(t.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CBIG')).toEqual([]);
  });

  it('answers an unsigned or oversized request from its headers, without waiting for the body', async () => {
    expect(await headersOnly(t.url, { 'content-type': JSON_CONTENT_TYPE, 'content-length': '300000' })).toBe(401);
    const signedHeaders = { 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) };
    expect(await headersOnly(t.url, { 'content-type': JSON_CONTENT_TYPE, 'content-length': String(10 * 1024 * 1024), ...signedHeaders })).toBe(413);
  });

  it("still answers Slack's unsigned ssl_check, and a signed url_verification", async () => {
    const ssl = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=legacy' });
    expect(ssl.status).toBe(200);
    // An action smuggled beside an unsigned ssl_check reaches no listener; the same action signed, sent after it, does.
    // (Small enough to pass as an ssl_check: Slack's is a few dozen bytes, and the gate reads no more than a kilobyte unsigned.)
    const click = (path: string, extra: Record<string, string> = {}) =>
      new URLSearchParams({
        ...extra,
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: 'U1' },
          team: { id: 'T1' },
          container: { type: 'message', is_ephemeral: true },
          response_url: `${t.responses.url}/${path}`,
          actions: [{ type: 'button', action_id: `${ACTIONS.suggestion}_0`, value: 'who attended' }],
        }),
      }).toString();
    const smuggled = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: click('smuggled', { ssl_check: '1' }) });
    expect(smuggled.status).toBe(200);
    await t.send({ body: click('signed'), contentType: 'application/x-www-form-urlencoded' });
    await t.responses.waitForPosts(1, { predicate: (p) => p.path.endsWith('/signed') });
    expect(t.responses.calls.filter((p) => p.path.endsWith('/smuggled'))).toHaveLength(0);
    const challenge = await postSigned(t.url, JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' }), { signingSecret: SIGNING_SECRET, contentType: JSON_CONTENT_TYPE });
    expect(challenge.json).toEqual({ challenge: 'c-123' });
  });

  it('answers signed payloads that no listener handles with 200 at once, not a 404 after 3 seconds', async () => {
    const form = (payload: object) => ({ body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' as const });
    const json = (body: object) => ({ body: JSON.stringify(body), contentType: JSON_CONTENT_TYPE as typeof JSON_CONTENT_TYPE });
    const requests = [
      slashCommand({ text: 'hello', command: '/unknown' }),
      form({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, channel: { id: 'C1' }, actions: [{ type: 'button', action_id: 'not_ours', value: 'x' }] }),
      form({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T1' }, view: { id: 'V1', callback_id: 'nobody', state: { values: {} } } }),
      form({ type: 'shortcut', callback_id: 'nobody', user: { id: 'U1' }, team: { id: 'T1' }, trigger_id: '1.2' }),
      json({ token: 'x', type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1700000000, api_app_id: 'A1' }),
      json({}),
      eventCallback({ type: 'reaction_added' }),
    ];
    for (const req of requests) {
      const res = await t.send(req);
      expect({ body: req.body.slice(0, 60), status: res.status }).toEqual({ body: req.body.slice(0, 60), status: 200 });
    }
    expect(t.api.callsTo('chat.postMessage')).toEqual([]);
  });

  it('logs requests to unknown paths at a throttled rate too', async () => {
    const from = t.logs.length;
    for (let i = 0; i < 20; i++) expect((await fetch(t.url.replace('/slack/events', `/wp-admin/${i}.php`))).status).toBe(404);
    expect(t.logs.slice(from).filter((l) => /wp-admin|paths this bot does not serve/.test(l)).length).toBeLessThanOrEqual(1);
  });

  it('logs rejected requests at a throttled rate, not one line each', async () => {
    const from = t.logs.length;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await t.send(slashCommand({ text: 'agenda' }), { badSignature: true })).status);
    for (let i = 0; i < 10; i++) statuses.push((await fetch(t.url, { method: 'POST', headers: { 'content-type': JSON_CONTENT_TYPE }, body: '{}' })).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(warnLines(from).length).toBeLessThanOrEqual(1); // the first of a window, if this is the first rejection
  });
});

describe('/summit agenda <argument>', () => {
  it('cuts a huge argument before normalising it', async () => {
    // Typographic quotes normalise to nothing, slowly: the argument still names the meeting, cut or not.
    const latest = agendaFor(liveKb)!.meeting;
    const handle = meetingHandle(latest);
    const argument = `${handle}${'\u201c'.repeat(4_000_000)}`;
    const start = performance.now();
    expect(normalizeText(argument)).toBe(normalizeText(handle));
    const normalising = performance.now() - start;

    // The local console hands each line to the real listeners, with no HTTP body limit in the way.
    const printed: number[] = [];
    const output = new Writable({ write: (_chunk, _encoding, done) => void (printed.push(performance.now()), done()) });
    const bot = await launchBot(
      { STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-state-')) },
      { input: Readable.from([`/summit agenda ${liveKb.meetings[0]!.date.slice(0, 4)}\n`, `/summit agenda ${argument}\n`]), output, log: () => undefined },
    );
    await bot.finished;
    await bot.stop();
    expect(printed).toHaveLength(2); // both agendas
    const replying = printed[1]! - printed[0]!;
    // Measured against this machine’s own speed: uncut, the reply costs about as much as normalising.
    expect(replying).toBeLessThan(normalising / 4);
  });
});
