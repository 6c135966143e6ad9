/**
 * How the Web API client retries: it already handles 429 (waiting out Retry-After), 5xx and
 * network errors. Bolt's default of ten tries outlives anyone waiting for a reply; five is plenty.
 */
export const WEB_API_RETRY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true } as const;

/**
 * For digest posts, no retries: a network error after Slack accepted a post would otherwise
 * post it twice, and a digest slot is posted at most once. A failed post is logged and
 * skipped; the next slot tries again. The timeout keeps a stuck request from holding up a stop.
 */
export const DIGEST_WEB_API = { retryConfig: { retries: 0 }, timeout: 10_000 } as const;
