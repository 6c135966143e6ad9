import type { webApi } from '@slack/bolt';

/** Options on every message we post: citations must not sprout link previews. */
export const POST_OPTIONS = { unfurl_links: false, unfurl_media: false } as const;

/**
 * How the Web API client retries: it already handles 429 (waiting out Retry-After), 5xx and
 * network errors, timeouts included. Bolt's default of ten tries in about thirty minutes
 * outlives anyone waiting for a reply; five, and none started after 30 s, are plenty. A call
 * therefore gives up within about 30 s plus one timeout (plus any Retry-After Slack asks for).
 */
export const WEB_API_RETRY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true, maxRetryTime: 30_000 } as const;

/**
 * Options for the bot's other Web API clients (apologies and other calls, Socket Mode's own).
 * Each attempt is abandoned after `timeoutMs`: a hung call would otherwise hold its slot in the
 * client's queue for minutes, and enough of them leave the bot silent after Slack recovers.
 * `fetch` carries the same timeout because Bolt's respond() (response_url) uses it, not the client.
 */
export function webApiOptions(timeoutMs: number): Pick<webApi.WebClientOptions, 'timeout' | 'retryConfig' | 'fetch'> {
  return { timeout: timeoutMs, retryConfig: { ...WEB_API_RETRY }, fetch: fetchWithTimeout(timeoutMs) };
}

/**
 * For digest posts, no retries: a network error (or a timeout) after Slack accepted a post
 * would otherwise post it twice, and a digest slot is posted at most once. A failed post is
 * logged and skipped; the next slot tries again. The timeout keeps a stuck post from holding up a stop.
 */
export function digestWebApiOptions(timeoutMs: number): Pick<webApi.WebClientOptions, 'timeout' | 'retryConfig' | 'fetch'> {
  return { timeout: timeoutMs, retryConfig: { retries: 0 }, fetch: fetchWithTimeout(timeoutMs) };
}

/**
 * For replies (post-once.ts), no retries by the client either: after a post whose response
 * was lost, replyPoster looks the conversation up before posting again, with WEB_API_RETRY's
 * tries and backoff. A 429 is handed back (a WebAPIRateLimitedError with its retryAfter)
 * rather than waited out inside the call, so that the wait is replyPoster's too.
 */
export function replyWebApiOptions(timeoutMs: number): Pick<webApi.WebClientOptions, 'timeout' | 'retryConfig' | 'fetch' | 'rejectRateLimitedCalls'> {
  return { timeout: timeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, fetch: fetchWithTimeout(timeoutMs) };
}

/** The global fetch, abandoning a request after `timeoutMs` unless the caller brings its own signal. */
export function fetchWithTimeout(timeoutMs: number): NonNullable<webApi.WebClientOptions['fetch']> {
  return (url, init) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
}
