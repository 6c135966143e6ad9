/**
 * A local stand-in for https://slack.com/api/ that records every Web API call the app makes.
 *
 * Point Bolt at it with `clientOptions: { slackApiUrl: api.url }`. Responses are minimal but
 * shaped like Slack's so Bolt/WebClient code paths (auth.test, say(), chat.update…) work.
 * What chat.postMessage posts is kept, as Slack shows it (`posted()`), and read back by
 * conversations.history and conversations.replies, metadata only with include_all_metadata.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Bot identity the fake reports from auth.test; event fixtures use the same ids. */
export const FAKE_BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T1', user: 'summit-bot' } as const;

export type FakeSlackFailure =
  | { status: 429; retryAfter: number } // HTTP 429 + Retry-After (WebClient waits, then retries)
  | { status: 500 } // HTTP 500 (WebClient surfaces a WebAPIHTTPError)
  | { error: string } // HTTP 200 with { ok: false, error } (a Slack platform error)
  | { hang: true } // never answered, and not carried out (a request lost on its way): the connection stays open until the client gives up (or close())
  | { dropResponse: true; reset?: boolean }; // carried out (a post is posted), then never answered (a response lost on its way back); with `reset`, the connection is destroyed instead

export interface FakeSlackCall {
  method: string;
  /** Request arguments; form values are strings, except `blocks`/`attachments` which are decoded to arrays. */
  args: Record<string, unknown>;
  /** Request headers without Authorization/Cookie. */
  headers?: Record<string, string>;
  /** Whether a token was sent (header or body). The token itself is never recorded. */
  token: 'present' | 'absent';
  at: number;
  /** Set when this attempt was answered with a scripted failure. */
  failed?: true;
  failure?: FakeSlackFailure;
}

/** A message as Slack keeps it (and conversations.history/replies return it). */
export interface FakeSlackMessage {
  type: 'message';
  channel: string;
  user: string;
  bot_id: string;
  text: string;
  ts: string;
  thread_ts?: string;
  blocks?: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The DM the fake's bot has with a person: chat.postMessage to a person's id posts there, as Slack does. */
export const dmWith = (user: string) => `D${user}`;

export interface WaitForCallOptions {
  timeoutMs?: number;
  count?: number;
  predicate?: (call: FakeSlackCall) => boolean;
}

type ResponseBody = Record<string, unknown>;
export type FakeResponder = ResponseBody | ((args: Record<string, unknown>) => ResponseBody);

export interface FakeSlackApi {
  /** Base URL ending in `/api/`, suitable for `slackApiUrl`. */
  readonly url: string;
  /** Every recorded call (including failed attempts), oldest first. Same array across reset(). */
  readonly calls: readonly FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** The messages posted (and not lost on their way), oldest first: in `channel` (a person's id means their DM) or everywhere. */
  posted(channel?: string): FakeSlackMessage[];
  /** Resolves with the calls to `method` (matching `predicate`, failed attempts included) once `count` exist. */
  waitForCall(method: string, options?: WaitForCallOptions): Promise<FakeSlackCall[]>;
  /** Answer the next `times` calls to `method` with `failure` (queued in order). */
  failNext(method: string, failure: FakeSlackFailure, times?: number): void;
  /** Replace the default `ok: true` response for `method` until reset(); `ok: true` is added unless given. */
  setResponse(method: string, response: FakeResponder): void;
  /** Clear calls, posted messages, queued failures and response overrides (ts values keep increasing). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const log = createCallLog<FakeSlackCall>();
  const failures = new Map<string, FakeSlackFailure[]>();
  const overrides = new Map<string, FakeResponder>();
  const nextTs = createTsGenerator();
  const messages: FakeSlackMessage[] = [];
  const conversationOf = (channel: string) => (/^[UW]/.test(channel) ? dmWith(channel) : channel);
  /** What chat.postMessage does besides answering: the message is posted. */
  const post = (args: Record<string, unknown>): FakeSlackMessage => {
    const message = { ...botMessage(args, nextTs()), channel: conversationOf(String(args.channel)) } as FakeSlackMessage;
    if (args.metadata !== undefined) message.metadata = args.metadata as FakeSlackMessage['metadata'];
    messages.push(message);
    return message;
  };

  /** What a call does and answers when nothing is scripted: posts are kept, and read back. */
  const carryOut = (method: string, args: Record<string, unknown>): ResponseBody => {
    if (method === 'chat.postMessage') return postedResponse(post(args));
    if (method === 'conversations.history' || method === 'conversations.replies') return { ok: true, messages: readConversation(messages, method, args), has_more: false };
    return defaultResponse(method, args, nextTs);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendJson(res, 500, { ok: false, error: 'fake_server_error', detail: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = /^\/api\/([A-Za-z0-9._-]+)$/.exec(path);
    if (req.method !== 'POST' || !match?.[1]) {
      sendJson(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = match[1];
    const rawBody = await readRequestBody(req);
    const args = parseArgs(rawBody, req.headers['content-type']);
    const tokenInBody = typeof args.token === 'string' && args.token !== '';
    delete args.token; // never keep secrets in the log
    const call: FakeSlackCall = {
      method,
      args,
      headers: safeHeaders(req),
      token: req.headers.authorization || tokenInBody ? 'present' : 'absent',
      at: Date.now(),
    };

    const failure = failures.get(method)?.shift();
    if (failure) {
      call.failed = true;
      call.failure = failure;
      log.push(call);
      if ('hang' in failure) return; // a hung API: no response, no close
      if ('dropResponse' in failure) {
        if (method === 'chat.postMessage') post(args);
        if (failure.reset) req.socket.destroy();
        return;
      }
      if ('error' in failure) sendJson(res, 200, { ok: false, error: failure.error });
      else if (failure.status === 429) {
        sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfter) });
      } else sendJson(res, failure.status, { ok: false, error: 'internal_error' });
      return;
    }

    log.push(call);
    const override = overrides.get(method);
    const body = override ? { ok: true, ...(typeof override === 'function' ? override(args) : override) } : carryOut(method, args);
    sendJson(res, 200, body);
  }

  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls: log.calls,
    callsTo: (method) => log.calls.filter((c) => c.method === method),
    posted: (channel) => messages.filter((m) => channel === undefined || m.channel === conversationOf(channel)),
    waitForCall(method, { timeoutMs = 5000, count = 1, predicate } = {}) {
      return log.waitFor({
        select: (c) => c.method === method && (!predicate || predicate(c)),
        count,
        timeoutMs,
        describe: () => `Timed out after ${timeoutMs}ms waiting for ${count} call(s) to ${method}` + `${predicate ? ' matching predicate' : ''}; recorded: ${describeCalls(log.calls)}`,
      });
    },
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(method, queue);
    },
    setResponse: (method, response) => void overrides.set(method, response),
    reset() {
      log.clear();
      messages.length = 0;
      failures.clear();
      overrides.clear();
    },
    close: () => closeServer(server),
  };
}

/** Default happy-path bodies, shaped like Slack's, echoing the channel where Slack does. */
function defaultResponse(method: string, args: Record<string, unknown>, nextTs: () => string): ResponseBody {
  const channel = typeof args.channel === 'string' ? args.channel : undefined;
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://summit.slack.com/',
        team: 'Summit',
        user: FAKE_BOT.user,
        team_id: FAKE_BOT.teamId,
        user_id: FAKE_BOT.userId,
        bot_id: FAKE_BOT.botId,
      };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'chat.update':
      return { ok: true, channel, ts: args.ts, text: args.text, message: botMessage(args, String(args.ts)) };
    case 'chat.delete':
      return { ok: true, channel, ts: args.ts };
    case 'conversations.open':
      return { ok: true, channel: { id: typeof args.users === 'string' ? dmWith(args.users.split(',')[0]!) : channel } };
    case 'conversations.info':
    case 'conversations.join':
      return {
        ok: true,
        channel: { id: channel, name: 'general', is_channel: !channel?.startsWith('D'), is_im: !!channel?.startsWith('D'), is_member: true },
      };
    case 'users.info': {
      const id = String(args.user ?? 'U1');
      const name = `user-${id.toLowerCase()}`;
      return {
        ok: true,
        user: { id, name, real_name: name, tz: 'UTC', is_bot: false, profile: { display_name: name, real_name: name } },
      };
    }
    default:
      return channel === undefined ? { ok: true } : { ok: true, channel };
  }
}

function postedResponse(message: FakeSlackMessage): ResponseBody {
  const { channel, ...shown } = message;
  return { ok: true, channel, ts: message.ts, message: shown };
}

/**
 * conversations.history (a channel's messages, not its threads' replies, newest first) or
 * conversations.replies (a thread's, oldest first), between `oldest` and `latest`, at most
 * `limit`; metadata only with include_all_metadata, as in Slack.
 */
function readConversation(messages: readonly FakeSlackMessage[], method: string, args: Record<string, unknown>): ResponseBody[] {
  const after = (ts: string, bound: unknown, inclusive: boolean) => bound === undefined || compareTs(ts, String(bound)) > (inclusive ? -1 : 0);
  const before = (ts: string, bound: unknown, inclusive: boolean) => bound === undefined || compareTs(ts, String(bound)) < (inclusive ? 1 : 0);
  const inclusive = String(args.inclusive) === 'true' || String(args.inclusive) === '1';
  const withMetadata = String(args.include_all_metadata) === 'true' || String(args.include_all_metadata) === '1';
  const thread = method === 'conversations.replies' ? String(args.ts) : undefined;
  const found = messages
    .filter((m) => m.channel === args.channel && (thread === undefined ? m.thread_ts === undefined || m.thread_ts === m.ts : m.ts === thread || m.thread_ts === thread))
    .filter((m) => after(m.ts, args.oldest, inclusive) && before(m.ts, args.latest, inclusive))
    .sort((a, b) => compareTs(a.ts, b.ts) * (thread === undefined ? -1 : 1))
    .slice(0, args.limit === undefined ? 100 : Number(args.limit));
  return found.map(({ channel: _, metadata, ...m }) => ({ ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
}

/** Orders two Slack ts values ("1700000000.000001"): seconds, then microseconds (too many digits for one float). */
function compareTs(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}

function botMessage(args: Record<string, unknown>, ts: string): ResponseBody {
  return {
    type: 'message',
    user: FAKE_BOT.userId,
    bot_id: FAKE_BOT.botId,
    text: args.text ?? '',
    ...(args.blocks !== undefined && { blocks: args.blocks }),
    ...(args.thread_ts !== undefined && { thread_ts: args.thread_ts }),
    ts,
  };
}

/** Unique, increasing Slack-style ts strings ("1700000000.000001"), never before now: a post comes after what it answers. */
function createTsGenerator(): () => string {
  let last = 0; // microseconds
  return () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return `${Math.floor(last / 1_000_000)}.${String(last % 1_000_000).padStart(6, '0')}`;
  };
}

// The WebClient form-encodes non-scalar values as JSON strings; decode the ones tests inspect.
const JSON_ENCODED_FIELDS = ['blocks', 'attachments', 'metadata'];

function parseArgs(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if (rawBody === '') return {};
  if (contentType?.includes('application/json')) {
    const parsed: unknown = JSON.parse(rawBody);
    return parsed && typeof parsed === 'object' ? { ...(parsed as Record<string, unknown>) } : {};
  }
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(rawBody));
  for (const field of JSON_ENCODED_FIELDS) {
    const value = args[field];
    if (typeof value === 'string') {
      try {
        args[field] = JSON.parse(value);
      } catch {
        // leave malformed JSON as-is so the test can see what was actually sent
      }
    }
  }
  return args;
}

function safeHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || name === 'cookie' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describeCalls(calls: readonly FakeSlackCall[]): string {
  if (calls.length === 0) return '(no calls)';
  return calls.map((c) => `${c.method}${c.failed ? ' [failed]' : ''}`).join(', ');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------
// Small shared plumbing, also used by slack-requests.ts (not part of the test-facing API).
// ---------------------------------------------------------------------------

export function readRequestBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Listen on 127.0.0.1 with an OS-assigned port; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Close promptly: fetch keeps connections alive, which would otherwise stall server.close(). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

interface Waiter<T> {
  select: (call: T) => boolean;
  count: number;
  resolve: (calls: T[]) => void;
}

/** An append-only call list whose waiters are checked on each push (no polling). */
export function createCallLog<T>() {
  const calls: T[] = [];
  const waiters = new Set<Waiter<T>>();

  const tryResolve = (w: Waiter<T>): boolean => {
    const matching = calls.filter(w.select);
    if (matching.length < w.count) return false;
    waiters.delete(w);
    w.resolve(matching);
    return true;
  };

  return {
    calls,
    push(call: T): void {
      calls.push(call);
      for (const w of [...waiters]) tryResolve(w);
    },
    clear(): void {
      calls.length = 0; // keep the array identity so references held by tests stay live
    },
    waitFor(opts: { select: (call: T) => boolean; count: number; timeoutMs: number; describe: () => string }): Promise<T[]> {
      return new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(opts.describe()));
        }, opts.timeoutMs);
        const waiter: Waiter<T> = {
          select: opts.select,
          count: opts.count,
          resolve: (matched) => {
            clearTimeout(timer);
            resolve(matched);
          },
        };
        waiters.add(waiter);
        tryResolve(waiter);
      });
    },
  };
}
