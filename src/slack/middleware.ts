import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * Slack redelivers an event it thinks we missed (X-Slack-Retry-Num), with the same event_id.
 * Remember ids for an hour, longer than Slack's retry window, and answer each event once.
 * (A retry is not dropped because it is a retry: it may be the only delivery that arrived.)
 */
export function dedupeEvents(options: { ttlMs?: number; maxIds?: number; now?: () => number } = {}): Middleware<AnyMiddlewareArgs> {
  const { ttlMs = 60 * 60 * 1000, maxIds = 10_000, now = Date.now } = options;
  const seen = new Map<string, number>();
  return async ({ body, next, logger }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    const t = now();
    for (const [id, at] of seen) {
      if (t - at < ttlMs && seen.size < maxIds) break; // oldest first: stop at the first one still fresh
      seen.delete(id);
    }
    if (seen.has(eventId)) {
      logger.info(`event ${eventId} already handled: redelivery skipped`);
      return;
    }
    seen.set(eventId, t);
    await next();
  };
}

/** Counts listener work in flight, so a stop can let replies finish (Bolt's stop does not wait). */
export function inflightTracker() {
  let count = 0;
  let waiters: (() => void)[] = [];
  const middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    count++;
    try {
      await next();
    } finally {
      count--;
      if (count === 0) {
        for (const resolve of waiters) resolve();
        waiters = [];
      }
    }
  };
  /** Resolves when nothing is in flight, or after `timeoutMs`, whichever is first. */
  const idle = (timeoutMs: number): Promise<void> =>
    count === 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  return { middleware, idle, get count() { return count; } };
}
