/**
 * How the Web API client retries: it already handles 429 (waiting out Retry-After), 5xx and
 * network errors. Bolt's default of ten tries outlives anyone waiting for a reply; five is plenty.
 */
export const WEB_API_RETRY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true } as const;
