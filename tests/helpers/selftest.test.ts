// Proves the integration-test helpers themselves behave like Slack (signing, Web API, payloads).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, isValidSlackRequest, LogLevel, verifySlackRequest } from '@slack/bolt';
import { webApi } from '@slack/bolt';
const { WebClient } = webApi;
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, readRequestBody, startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.ts';
import { appMention, blockAction, directMessage, eventCallback, postSigned, signBody, slashCommand, startResponseUrlServer, type ResponseUrlServer } from './slack-requests.ts';

const SECRET = 'test-signing-secret';

describe('signBody', () => {
  it('matches an HMAC computed independently with node:crypto', () => {
    const body = 'a=1&b=two';
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:1700000000:${body}`).digest('hex')}`;
    expect(signBody(SECRET, body, 1700000000)).toBe(expected);
  });

  it("matches the worked example in Slack's request-verification docs", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signBody('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it("is accepted by Bolt's verifySlackRequest", () => {
    const { body } = slashCommand({ text: 'when did they meet?' });
    const ts = Math.floor(Date.now() / 1000);
    const verify = (signature: string) =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
      });
    expect(() => verify(signBody(SECRET, body, ts))).not.toThrow();
    expect(() => verify(signBody('other-secret', body, ts))).toThrow(/signature mismatch/);
  });
});

describe('postSigned', () => {
  let server: Server;
  let url: string;
  let seenHeaders: Record<string, string | string[] | undefined> = {};

  beforeEach(async () => {
    // Verifies exactly like Bolt does, from the headers postSigned actually sent.
    server = createServer((req, res) => {
      void readRequestBody(req).then((body) => {
        seenHeaders = req.headers;
        const ok = isValidSlackRequest({
          signingSecret: SECRET,
          body,
          headers: {
            'x-slack-signature': String(req.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
          },
        });
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(() => closeServer(server));

  it('sends valid signatures, retry headers, and rejects bad/stale ones', async () => {
    const req = eventCallback(appMention({ text: 'hi' }), { eventId: 'Ev1' });
    const good = await postSigned(url, req, { signingSecret: SECRET, retryNum: 1, retryReason: 'http_timeout' });
    expect(good).toMatchObject({ status: 200, json: { ok: true } });
    expect(seenHeaders).toMatchObject({
      'content-type': 'application/json',
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });

    expect((await postSigned(url, req.body, { signingSecret: SECRET, contentType: req.contentType, badSignature: true })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await postSigned(url, req, { signingSecret: SECRET, timestamp: stale })).status).toBe(401);
  });
});

describe('fake Slack Web API', () => {
  let api: FakeSlackApi;
  let client: InstanceType<typeof WebClient>;

  beforeEach(async () => {
    api = await startFakeSlackApi();
    // Fast retries so the 429 test doesn't wait p-retry's default ~1s backoff.
    client = new WebClient('xoxb-test-token', {
      slackApiUrl: api.url,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(() => api.close());

  it('records chat.postMessage with blocks decoded to an array and no token value', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Bali, 2022*' } }];
    const res = await client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks, thread_ts: '1.000001' });
    expect(res).toMatchObject({ ok: true, channel: 'C1', message: { text: 'fallback', thread_ts: '1.000001' } });

    const [call] = await api.waitForCall('chat.postMessage');
    expect(call?.args.blocks).toEqual(blocks);
    expect(Array.isArray(call?.args.blocks)).toBe(true);
    expect(call).toMatchObject({ token: 'present', args: { channel: 'C1', text: 'fallback' } });
    expect(JSON.stringify(api.calls)).not.toContain('xoxb-test-token');
  });

  it('issues unique, increasing ts values', async () => {
    const a = await client.chat.postMessage({ channel: 'C1', text: 'one' });
    const b = await client.chat.postMessage({ channel: 'C1', text: 'two' });
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });

  it('answers auth.test with the fake bot identity', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
  });

  it('failNext 429 returns 429 + Retry-After, then succeeds (WebClient retries)', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    const raw = await fetch(`${api.url}chat.postMessage`, { method: 'POST', body: 'channel=C1&text=x' });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('0');

    api.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'retry me' })).resolves.toMatchObject({ ok: true });
    const calls = await api.waitForCall('chat.postMessage', { count: 3 });
    expect(calls.map((c) => c.failed ?? false)).toEqual([true, true, false]);
    expect(calls[0]?.token).toBe('absent');
  });

  it('keeps what is posted, and reads it back by thread or channel, metadata only when asked for', async () => {
    const metadata = { event_type: 'summit_bot_reply', event_payload: { reply_to: 'Ev1' } };
    const top = await client.chat.postMessage({ channel: 'D7', text: 'top', metadata });
    const reply = await client.chat.postMessage({ channel: 'C7', text: 'in thread', thread_ts: '1700000000.000100', metadata });
    await client.chat.postMessage({ channel: 'U7', text: 'to a person' });
    expect(api.posted('C7').map((m) => [m.text, m.thread_ts, m.metadata])).toEqual([['in thread', '1700000000.000100', metadata]]);
    expect(api.posted('U7')).toEqual(api.posted('DU7'));
    expect((await client.conversations.open({ users: 'U7' })).channel?.id).toBe('DU7');

    const thread = await client.conversations.replies({ channel: 'C7', ts: '1700000000.000100', include_all_metadata: true });
    expect(thread.messages).toMatchObject([{ ts: reply.ts, text: 'in thread', metadata }]);
    expect((await client.conversations.replies({ channel: 'C7', ts: '1700000000.000100' })).messages?.[0]?.metadata).toBeUndefined();
    expect((await client.conversations.history({ channel: 'C7' })).messages).toEqual([]); // a reply is not in the channel's history
    expect((await client.conversations.history({ channel: 'D7', oldest: '1700000000.000100', include_all_metadata: true })).messages).toMatchObject([{ ts: top.ts, metadata }]);
    expect((await client.conversations.history({ channel: 'D7', oldest: top.ts })).messages).toEqual([]);
  });

  it('dropResponse posts, then never answers (or resets the connection); hang posts nothing', async () => {
    const once = new WebClient('xoxb-test-token', { slackApiUrl: api.url, retryConfig: { retries: 0 }, timeout: 300, logLevel: LogLevel.ERROR });
    api.failNext('chat.postMessage', { dropResponse: true });
    await expect(once.chat.postMessage({ channel: 'C8', text: 'lost answer' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    api.failNext('chat.postMessage', { dropResponse: true, reset: true });
    await expect(once.chat.postMessage({ channel: 'C8', text: 'reset' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    api.failNext('chat.postMessage', { hang: true });
    await expect(once.chat.postMessage({ channel: 'C8', text: 'lost request' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect(api.posted('C8').map((m) => m.text)).toEqual(['lost answer', 'reset']);
    expect(api.callsTo('chat.postMessage').map((c) => c.failed)).toEqual([true, true, true]);
    api.reset();
    expect(api.posted()).toEqual([]);
  });

  it('failNext platform error surfaces as ok:false', async () => {
    api.failNext('conversations.join', { error: 'not_in_channel' });
    await expect(client.conversations.join({ channel: 'C9' })).rejects.toMatchObject({
      data: { ok: false, error: 'not_in_channel' },
    });
    await expect(client.conversations.join({ channel: 'C9' })).resolves.toMatchObject({ ok: true, channel: { id: 'C9' } });
  });

  it('accepts JSON bodies and times out with a helpful message', async () => {
    await fetch(`${api.url}chat.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', ts: '1.1', text: 'edited' }),
    });
    expect(api.callsTo('chat.update')[0]?.args).toEqual({ channel: 'C1', ts: '1.1', text: 'edited' });
    await expect(api.waitForCall('chat.delete', { timeoutMs: 50 })).rejects.toThrow(/chat\.delete.*recorded: chat\.update/);
    api.reset();
    expect(api.calls).toHaveLength(0);
  });
});

describe('payload builders', () => {
  it('slashCommand is form-encoded with Slack field names', () => {
    const { body, contentType } = slashCommand({ text: 'summit bali', responseUrl: 'http://x/r' });
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(body))).toMatchObject({
      command: '/summit',
      text: 'summit bali',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      response_url: 'http://x/r',
    });
  });

  it('blockAction wraps a block_actions payload; message events have the expected shape', () => {
    const { body } = blockAction({ actionId: 'more', value: 'bali-2022', messageTs: '5.000001', threadTs: '4.000001' });
    const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1' },
      container: { type: 'message', message_ts: '5.000001', channel_id: 'C1', is_ephemeral: false },
      message: { ts: '5.000001', thread_ts: '4.000001' },
      actions: [{ type: 'button', action_id: 'more', value: 'bali-2022' }],
    });
    expect(appMention({ text: 'hi' }).text).toBe('<@UBOT> hi');
    expect(directMessage({ text: 'hi', botId: 'B2' })).toMatchObject({ channel: 'D1', channel_type: 'im', bot_id: 'B2' });
  });
});

describe('end to end with a real Bolt App', () => {
  let api: FakeSlackApi;
  let responses: ResponseUrlServer;
  let app: App;
  let eventsUrl: string;

  beforeEach(async () => {
    api = await startFakeSlackApi();
    responses = await startResponseUrlServer();
    app = new App({
      signingSecret: SECRET,
      token: 'xoxb-test',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: api.url },
    });
    app.command('/summit', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'pong', response_type: 'ephemeral' });
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: `echo: ${event.text}`, thread_ts: event.ts });
    });
    app.action('more', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'more', replace_original: false });
    });
    const server = (await app.start(0)) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await Promise.all([api.close(), responses.close()]);
  });

  it('drives commands, events and actions through signed HTTP', async () => {
    const cmd = await postSigned(eventsUrl, slashCommand({ text: 'ping', responseUrl: `${responses.url}/cmd` }), { signingSecret: SECRET });
    expect(cmd.status).toBe(200);
    const [post] = await responses.waitForPosts(1);
    expect(post).toMatchObject({ path: '/response-url/cmd', body: { text: 'pong' } });

    const mention = appMention({ text: 'hello', ts: '1700000000.000100' });
    expect((await postSigned(eventsUrl, eventCallback(mention), { signingSecret: SECRET })).status).toBe(200);
    const [said] = await api.waitForCall('chat.postMessage');
    expect(said?.args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100', text: 'echo: <@UBOT> hello' });

    await postSigned(eventsUrl, blockAction({ actionId: 'more', value: 'x', responseUrl: `${responses.url}/act` }), { signingSecret: SECRET });
    await responses.waitForPosts(1, { predicate: (p) => p.path === '/response-url/act' });

    const rejected = await postSigned(eventsUrl, slashCommand({ text: 'ping' }), { signingSecret: SECRET, badSignature: true });
    expect(rejected.status).toBe(401);
  });
});
