import { webApi, type App, type Logger } from '@slack/bolt';
import { slackErrorCode } from '../digest/index.ts';
import type { SlackMessage } from './render.ts';
import { POST_OPTIONS, replyWebApiOptions, WEB_API_RETRY } from './web-api-options.ts';

/** The metadata event type every reply carries, its payload naming what it answers. */
export const REPLY_EVENT_TYPE = 'summit_bot_reply';

/** What each reply needs to be posted once. */
export interface Reply {
  /** A channel or DM id; or a person's id, for their DM with the bot (a Home-tab answer). */
  channel: string;
  thread_ts?: string;
  /** What it answers, the same on every try: the event's id, or the click's (clickKey). */
  replyTo: string;
  /** The ts of the message or click it answers: the reply can only come after it. */
  after: string;
  message: SlackMessage;
}

export type PostReply = (reply: Reply, logger: Logger) => Promise<{ channel?: string; ts?: string }>;

/** A click's own id: the button, when it was clicked, and by whom. */
export function clickKey(action: { action_id: string; action_ts: string }, user: string): string {
  return `${action.action_id}:${action.action_ts}:${user}`;
}

/** The client replies are posted with: no retries of its own (replyPoster retries), 429s handed back. */
export function replyWebClient(token: string, options: { apiUrl?: string; timeoutMs: number; logger?: Logger }): App['client'] {
  return new webApi.WebClient(token, { slackApiUrl: options.apiUrl, logger: options.logger, ...replyWebApiOptions(options.timeoutMs) });
}

/** Scopes the lookup needs (manifest.yml), named when Slack refuses it for want of one. */
const LOOKUP_SCOPES = 'channels:history, groups:history, im:history, mpim:history and im:write';

/**
 * Posts a reply once, even when Slack carries out a post whose response is lost. Each reply is
 * tagged with message metadata naming what it answers. A post that timed out, hit a network
 * error or got an HTTP error (a 5xx) may have gone through: before posting again, the thread
 * (conversations.replies) or the conversation since `after` (conversations.history) is read
 * with include_all_metadata, and the reply is posted only if no message there carries its tag.
 * A 429 was not carried out: it is posted again after Retry-After. Slack refusing the post
 * (ok: false) is not retried, nor is anything the client does not name (a body cut off after
 * its 200: not retried today either). Tries and backoff are WEB_API_RETRY's, as for every other
 * call: none is started after 30 s, so a reply gives up within about 30 s plus one try (a
 * lookup and a post, each at most SLACK_API_TIMEOUT).
 *
 * When the conversation cannot be read (Slack refuses the lookup, say for a missing scope, or
 * it keeps failing until time is up), the reply is not posted again: a missing answer can be
 * asked again, a doubled one cannot be taken back. It fails with UnconfirmedReplyError (the
 * listener's error handler logs it and apologises, which tells the person to ask again).
 */
export function replyPoster(client: App['client']): PostReply {
  return async (reply, logger) => {
    const started = Date.now();
    const metadata = { event_type: REPLY_EVENT_TYPE, event_payload: { reply_to: reply.replyTo } };
    let unconfirmed: unknown; // a post that failed in a way that may have posted it
    for (let retried = 0; ; retried++) {
      let posting = true;
      let failure: unknown;
      try {
        if (unconfirmed !== undefined) {
          posting = false;
          const found = await findReply(client, reply);
          if (found) {
            logger.info(`reply found in the conversation (ts ${found.ts}): the post whose response was lost went through; not posted again`);
            return found;
          }
          logger.info('reply not in the conversation: the post whose response was lost did not go through; posting it again');
          posting = true;
        }
        const posted = await client.chat.postMessage({ channel: reply.channel, ...(reply.thread_ts ? { thread_ts: reply.thread_ts } : {}), ...reply.message, ...POST_OPTIONS, metadata });
        return { channel: posted.channel, ts: posted.ts };
      } catch (error) {
        failure = error;
      }
      const kind = failureKind(failure);
      if (kind === 'refused') {
        if (posting) throw failure; // Slack said no: nothing was posted
        const hint = slackErrorCode(failure) === 'missing_scope' ? `; the app needs ${LOOKUP_SCOPES}: reinstall it from manifest.yml` : '';
        throw new UnconfirmedReplyError(unconfirmed, `the lookup was refused (${reason(failure)}${hint})`);
      }
      if (posting && kind === 'unconfirmed') unconfirmed = failure;
      const wait = kind === 'rate-limited' ? (failure as webApi.WebAPIRateLimitedError).retryAfter * 1000 : backoffMs(retried);
      const elapsed = Date.now() - started + (kind === 'rate-limited' ? wait : 0); // no waiting out a Retry-After only to give up
      if (retried >= WEB_API_RETRY.retries || elapsed >= WEB_API_RETRY.maxRetryTime) {
        if (unconfirmed === undefined) throw failure;
        throw new UnconfirmedReplyError(unconfirmed, `still failing after ${Math.round((Date.now() - started) / 1000)} s (${reason(failure)})`);
      }
      logger.warn(
        `${posting ? 'reply' : 'looking the reply up'} failed (${reason(failure)}): trying again in ${wait} ms${posting && kind === 'unconfirmed' ? ', after checking whether it was posted' : ''}`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

/** A reply whose post may or may not have gone through, and was therefore not posted again. */
export class UnconfirmedReplyError extends Error {
  readonly code = 'REPLY_UNCONFIRMED';
  constructor(
    readonly original: unknown,
    why: string,
  ) {
    super(`reply not confirmed: its post (${reason(original)}) may have gone through, and whether it did is not known: ${why}. Not posted again, so as not to post it twice`);
    this.name = 'UnconfirmedReplyError';
  }
}

/** The reply's message in its thread, or in the conversation since `after`, by its tag. */
async function findReply(client: App['client'], reply: Reply): Promise<{ channel: string; ts: string } | undefined> {
  // A person's id stands for their DM with the bot: reading it needs the DM's own id.
  const channel = /^[UW]/.test(reply.channel) ? (await client.conversations.open({ users: reply.channel })).channel?.id : reply.channel;
  if (!channel) throw new Error(`conversations.open gave no DM for ${reply.channel}`);
  // Only what came after the question: a handful of messages in the half minute a retry lasts.
  const page = { channel, oldest: reply.after, include_all_metadata: true, limit: 100 };
  const { messages = [] } = reply.thread_ts ? await client.conversations.replies({ ...page, ts: reply.thread_ts }) : await client.conversations.history(page);
  const found = messages.find((m) => m.metadata?.event_type === REPLY_EVENT_TYPE && (m.metadata.event_payload as Record<string, unknown> | undefined)?.reply_to === reply.replyTo);
  return found?.ts ? { channel, ts: found.ts } : undefined;
}

/**
 * What a failure says about the post, from the client's error codes (with retries off it
 * hands back each attempt's error): refused (ok: false, or anything else: not retried),
 * rate-limited (not carried out; retry after Retry-After), or unconfirmed (a timeout, a
 * network error, an HTTP error: Slack may have carried it out).
 */
function failureKind(error: unknown): 'refused' | 'rate-limited' | 'unconfirmed' {
  switch (code(error)) {
    case webApi.ErrorCode.RateLimitedError:
      return 'rate-limited';
    case webApi.ErrorCode.RequestError:
    case webApi.ErrorCode.HTTPError:
      return 'unconfirmed';
    default:
      return 'refused';
  }
}

/** The wait before retry number `retried + 1`: WEB_API_RETRY's exponential backoff, as the client computes it. */
export function backoffMs(retried: number): number {
  const { minTimeout, factor, maxTimeout, randomize } = WEB_API_RETRY;
  return Math.min(Math.round((randomize ? 1 + Math.random() : 1) * minTimeout * factor ** retried), maxTimeout);
}

const code = (error: unknown) => (error as { code?: unknown } | undefined)?.code;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
