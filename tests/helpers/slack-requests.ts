/**
 * Builders for the HTTP requests Slack sends to the app, Slack's request signing, and a local
 * server standing in for `response_url`s.
 *
 * Content types matter: Bolt's HTTPReceiver only parses a form body when Content-Type is exactly
 * `application/x-www-form-urlencoded` (no charset), so the builders return the exact value to send.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { closeServer, createCallLog, FAKE_BOT, listenOnLoopback, readRequestBody } from './fake-slack-api.ts';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

export interface SlackRequestBody {
  body: string;
  contentType: typeof FORM_CONTENT_TYPE | typeof JSON_CONTENT_TYPE;
}

// Default response_url when a test doesn't pass one: port 9 (discard) refuses fast locally,
// so a stray respond() fails the test instead of reaching the internet.
const UNSET_RESPONSE_URL = 'http://127.0.0.1:9/response-url-not-configured';

let seq = 0;
/** Unique-per-process suffix for generated ids/ts. */
const next = (): number => ++seq;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const uniqueTs = (): string => `${nowSeconds()}.${String(next()).padStart(6, '0')}`;
/** Event ids are claimed in the state store, which outlives a test file: each run's are its own. */
const RUN = randomBytes(4).toString('hex').toUpperCase();

// ---------------------------------------------------------------------------
// Signing and posting
// ---------------------------------------------------------------------------

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}`. */
export function signBody(signingSecret: string, rawBody: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

export interface PostSignedOptions {
  signingSecret: string;
  contentType: string;
  /** Seconds since epoch; defaults to now. Use an old value to test staleness rejection. */
  timestamp?: number;
  /** Sign with the wrong secret so the app must reject the request. */
  badSignature?: boolean;
  /** Adds `x-slack-retry-num` / `x-slack-retry-reason`, as Slack does on event redelivery. */
  retryNum?: number;
  retryReason?: string;
}

export interface SignedResponse {
  status: number;
  text: string;
  /** Parsed body when the response text is JSON. */
  json?: unknown;
  headers: Record<string, string>;
}

/** POST a signed request to the app. Accepts a raw body or a builder result (whose contentType is used). */
export function postSigned(url: string, rawBody: string, options: PostSignedOptions): Promise<SignedResponse>;
export function postSigned(url: string, request: SlackRequestBody, options: Omit<PostSignedOptions, 'contentType'> & { contentType?: string }): Promise<SignedResponse>;
export async function postSigned(url: string, bodyOrRequest: string | SlackRequestBody, options: Omit<PostSignedOptions, 'contentType'> & { contentType?: string }): Promise<SignedResponse> {
  const rawBody = typeof bodyOrRequest === 'string' ? bodyOrRequest : bodyOrRequest.body;
  const contentType = options.contentType ?? (typeof bodyOrRequest === 'string' ? undefined : bodyOrRequest.contentType);
  if (!contentType) throw new Error('postSigned: contentType is required with a raw string body');

  const timestamp = options.timestamp ?? nowSeconds();
  const secret = options.badSignature ? `${options.signingSecret}-wrong` : options.signingSecret;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signBody(secret, rawBody, timestamp),
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;

  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await res.text();
  return { status: res.status, text, json: tryParseJson(text), headers: Object.fromEntries(res.headers) };
}

function tryParseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Slash commands
// ---------------------------------------------------------------------------

export interface SlashCommandOptions {
  text: string;
  command?: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** A slash command as Slack sends it: form-encoded fields. */
export function slashCommand({
  text,
  command = '/summit',
  userId = 'U1',
  channelId = 'C1',
  responseUrl = UNSET_RESPONSE_URL,
  triggerId = `${next()}.1.trigger`,
}: SlashCommandOptions): SlackRequestBody {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: FAKE_BOT.teamId,
    team_domain: 'summit',
    channel_id: channelId,
    channel_name: channelId.startsWith('D') ? 'directmessage' : 'general',
    user_id: userId,
    user_name: `user-${userId.toLowerCase()}`,
    command,
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  });
  return { body: body.toString(), contentType: FORM_CONTENT_TYPE };
}

// ---------------------------------------------------------------------------
// Events API
// ---------------------------------------------------------------------------

export interface EventCallbackOptions {
  /** Defaults to a unique id; pass a fixed one to test redelivery/dedup. */
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
}

/** Wrap an event in the `event_callback` envelope (JSON). */
export function eventCallback(
  event: { type: string },
  { eventId = `Ev${RUN}${String(next()).padStart(8, '0')}`, teamId = FAKE_BOT.teamId, apiAppId = 'A1' }: EventCallbackOptions = {},
): SlackRequestBody {
  const body = {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: apiAppId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds(),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
  return { body: JSON.stringify(body), contentType: JSON_CONTENT_TYPE };
}

export interface AppMentionEvent {
  type: 'app_mention';
  user: string;
  text: string;
  ts: string;
  channel: string;
  event_ts: string;
  team: string;
  thread_ts?: string;
}

/** An `app_mention` event; `text` gets the `<@UBOT> ` prefix unless it already mentions the bot. */
export function appMention({ text, user = 'U1', channel = 'C1', ts = uniqueTs(), threadTs }: { text: string; user?: string; channel?: string; ts?: string; threadTs?: string }): AppMentionEvent {
  const mention = `<@${FAKE_BOT.userId}>`;
  return {
    type: 'app_mention',
    user,
    text: text.startsWith(mention) ? text : `${mention} ${text}`,
    ts,
    channel,
    event_ts: ts,
    team: FAKE_BOT.teamId,
    ...(threadTs !== undefined && { thread_ts: threadTs }),
  };
}

export interface DirectMessageEvent {
  type: 'message';
  channel_type: 'im';
  user: string;
  text: string;
  ts: string;
  channel: string;
  event_ts: string;
  team: string;
  bot_id?: string;
  subtype?: string;
}

/** A `message` event in a DM (`channel_type: 'im'`). Pass botId/subtype to simulate bot or edited messages. */
export function directMessage({
  text,
  user = 'U1',
  channel = 'D1',
  ts = uniqueTs(),
  botId,
  subtype,
}: {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  botId?: string;
  subtype?: string;
}): DirectMessageEvent {
  return {
    type: 'message',
    channel_type: 'im',
    user,
    text,
    ts,
    channel,
    event_ts: ts,
    team: FAKE_BOT.teamId,
    ...(botId !== undefined && { bot_id: botId }),
    ...(subtype !== undefined && { subtype }),
  };
}

// ---------------------------------------------------------------------------
// Interactivity
// ---------------------------------------------------------------------------

export interface BlockActionOptions {
  actionId: string;
  value: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
  /** ts of the message holding the button; defaults to a unique ts. */
  messageTs?: string;
  threadTs?: string;
  blockId?: string;
  /** Ephemeral messages have no `message` in the payload (as in Slack). */
  isEphemeral?: boolean;
  /** The element clicked: a button, or one of a `feedback_buttons` pair (its value says which). */
  elementType?: 'button' | 'feedback_buttons';
}

/** A button click: form body `payload=<JSON>` of a `block_actions` payload. */
export function blockAction({
  actionId,
  value,
  userId = 'U1',
  channelId = 'C1',
  responseUrl = UNSET_RESPONSE_URL,
  messageTs = uniqueTs(),
  threadTs,
  blockId = 'summit_actions',
  isEphemeral = false,
  elementType = 'button',
}: BlockActionOptions): SlackRequestBody {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: `user-${userId.toLowerCase()}`, name: `user-${userId.toLowerCase()}`, team_id: FAKE_BOT.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: isEphemeral,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    },
    trigger_id: `${next()}.1.trigger`,
    team: { id: FAKE_BOT.teamId, domain: 'summit' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'general' },
    ...(!isEphemeral && {
      message: {
        type: 'message',
        user: FAKE_BOT.userId,
        bot_id: FAKE_BOT.botId,
        text: '',
        ts: messageTs,
        ...(threadTs !== undefined && { thread_ts: threadTs }),
      },
    }),
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      elementType === 'button'
        ? { type: 'button', action_id: actionId, block_id: blockId, value, text: { type: 'plain_text', text: value, emoji: true }, action_ts: uniqueTs() }
        : { type: 'feedback_buttons', action_id: actionId, block_id: blockId, value, action_ts: uniqueTs() },
    ],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM_CONTENT_TYPE };
}

/** The `app_home_opened` event: a person opened the Home or the Messages tab. */
export function appHomeOpened({ user = 'U1', tab = 'home', channel = 'D1' }: { user?: string; tab?: 'home' | 'messages'; channel?: string } = {}) {
  return { type: 'app_home_opened', user, channel, tab, event_ts: uniqueTs() };
}

/** A message shortcut used on someone's message: form body `payload=<JSON>` of a `message_action`. */
export function messageShortcut({
  callbackId,
  text,
  userId = 'U1',
  channelId = 'C1',
  responseUrl = UNSET_RESPONSE_URL,
}: {
  callbackId: string;
  text: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
}): SlackRequestBody {
  const ts = uniqueTs();
  const payload = {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: uniqueTs(),
    team: { id: FAKE_BOT.teamId, domain: 'summit' },
    user: { id: userId, username: `user-${userId.toLowerCase()}`, team_id: FAKE_BOT.teamId, name: `user-${userId.toLowerCase()}` },
    channel: { id: channelId, name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: `${next()}.1.trigger`,
    response_url: responseUrl,
    message_ts: ts,
    message: { type: 'message', user: 'U9', text, ts },
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM_CONTENT_TYPE };
}

// ---------------------------------------------------------------------------
// response_url server
// ---------------------------------------------------------------------------

export interface ResponseUrlPost {
  /** Request path (plus query), so one server can serve several distinct response_urls. */
  path: string;
  /** Parsed JSON body (Bolt's respond() posts JSON), or the raw text if it isn't JSON. */
  body: unknown;
  headers: Record<string, string>;
  at: number;
}

export interface ResponseUrlServer {
  /** A usable response_url; append any path/query to make distinct ones. */
  readonly url: string;
  readonly calls: readonly ResponseUrlPost[];
  /** Resolves with the recorded posts once `count` (matching `predicate`) exist. */
  waitForPosts(count?: number, options?: { timeoutMs?: number; predicate?: (post: ResponseUrlPost) => boolean }): Promise<ResponseUrlPost[]>;
  /** Answer the next `times` posts with HTTP `status` (e.g. 404 for an expired response_url), or never ('hang'); still recorded. */
  failNext(status: number | 'hang', times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startResponseUrlServer(): Promise<ResponseUrlServer> {
  const log = createCallLog<ResponseUrlPost>();
  const failures: (number | 'hang')[] = [];

  const server = createServer((req, res) => {
    void readRequestBody(req).then(
      (raw) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const parsed = tryParseJson(raw);
        log.push({ path: req.url ?? '/', body: parsed === undefined ? raw : parsed, headers, at: Date.now() });
        const status = failures.shift() ?? 200;
        if (status === 'hang') return; // a response_url that never answers
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { ok: true } : { ok: false, error: 'scripted_failure' }));
      },
      () => res.destroy(),
    );
  });

  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/response-url`,
    calls: log.calls,
    waitForPosts(count = 1, { timeoutMs = 5000, predicate } = {}) {
      return log.waitFor({
        select: (p) => !predicate || predicate(p),
        count,
        timeoutMs,
        describe: () =>
          `Timed out after ${timeoutMs}ms waiting for ${count} response_url post(s); recorded ${log.calls.length}: ` +
          (log.calls.map((p) => `${p.path} ${JSON.stringify(p.body)}`).join('; ') || '(none)'),
      });
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    reset() {
      log.clear();
      failures.length = 0;
    },
    close: () => closeServer(server),
  };
}
