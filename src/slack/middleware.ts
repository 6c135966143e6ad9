import { ErrorCode, type AnyMiddlewareArgs, type Logger, type Middleware } from '@slack/bolt';
import { STORE_DEADLINE_MS, withDeadline } from '../state/deadline.ts';
import { outageReporter, RETRY_STORE_MS } from '../state/outage.ts';

/** Where a claim was decided: the first to claim, a repeat this process saw, or one another replica claimed. */
export type ClaimResult = 'first' | 'seen here' | 'claimed elsewhere';

export interface ClaimOptions {
  ttlMs?: number;
  maxIds?: number;
  now?: () => number;
  claimTimeoutMs?: number;
  retryStoreMs?: number;
}

/** For the log, when the store fails: what is claimed, what that costs, what is counted meanwhile. */
export interface ClaimOutage {
  what: string;
  consequence: string;
  unit: string;
}

/**
 * Claims a key once across replicas, by the state store's `claim` (claimEvent). Keys are
 * remembered here too for `ttlMs`, as a first-level cache that spares the store a repeat to
 * the same process. If the store fails or does not answer within `claimTimeoutMs`, the key is
 * taken as this process's own: one warning, then the store is tried again after
 * `retryStoreMs`, and its return is logged.
 */
export function onceClaimer(claim: ((id: string, now: Date) => Promise<boolean>) | undefined, { what, consequence, unit }: ClaimOutage, options: ClaimOptions = {}) {
  const { ttlMs = 60 * 60 * 1000, maxIds = 10_000, now = Date.now, claimTimeoutMs = STORE_DEADLINE_MS, retryStoreMs = RETRY_STORE_MS } = options;
  const seen = new Map<string, number>();
  let outage: ReturnType<typeof outageReporter> | undefined;
  return async (key: string, logger: Logger): Promise<ClaimResult> => {
    const t = now();
    for (const [id, at] of seen) {
      if (t - at < ttlMs && seen.size < maxIds) break; // oldest first: stop at the first one still fresh
      seen.delete(id);
    }
    if (seen.has(key)) return 'seen here';
    seen.set(key, t);
    if (!claim) return 'first';
    outage ??= outageReporter(logger, what, consequence, unit, { now, retryMs: retryStoreMs });
    if (!outage.shouldTry()) {
      outage.missed();
      return 'first';
    }
    try {
      const won = await withDeadline(claim(key, new Date(t)), claimTimeoutMs, 'the claim');
      outage.succeeded();
      return won ? 'first' : 'claimed elsewhere';
    } catch (error) {
      outage.failed(error);
      return 'first';
    }
  };
}

/**
 * Slack redelivers an event it thinks we missed (X-Slack-Retry-Num), with the same event_id,
 * and with several replicas the redelivery may reach another one. Each event is answered once:
 * by the replica whose claim wins (onceClaimer). Ids are remembered for an hour, longer than
 * Slack's retry window. (A retry is not dropped because it is a retry: it may be the only
 * delivery that arrived.)
 */
export function dedupeEvents(options: ClaimOptions & { claim?: (eventId: string, now: Date) => Promise<boolean> } = {}): Middleware<AnyMiddlewareArgs> {
  const claimOnce = onceClaimer(
    options.claim,
    {
      what: 'event dedupe across replicas (the state store)',
      consequence: 'each replica deduplicates events on its own, so a redelivery to another replica may be answered twice',
      unit: 'events deduplicated by this replica alone',
    },
    options,
  );
  return async ({ body, next, logger }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    const result = await claimOnce(eventId, logger);
    if (result === 'seen here') return logger.info(`event ${eventId} already handled: redelivery skipped`);
    if (result === 'claimed elsewhere') return logger.info(`event ${eventId} claimed by another replica: skipped`);
    await next();
  };
}

/**
 * Counts listener work in flight, so a stop can let replies finish (Bolt's stop does not wait),
 * and the work a listener leaves to finish after its reply (`track`).
 */
export function inflightTracker() {
  let count = 0;
  let waiters: (() => void)[] = [];
  const done = () => {
    count--;
    if (count === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  };
  const middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    count++;
    try {
      await next();
    } finally {
      done();
    }
  };
  /** Counts `work` until it settles. It logs its own errors: a rejection here must not crash the process. */
  const track = (work: Promise<unknown>): void => {
    count++;
    void work.then(done, done);
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
  return {
    middleware,
    track,
    idle,
    get count() {
      return count;
    },
  };
}

/**
 * HTTP mode: acknowledges, as soon as the listeners are done, a request none of them
 * acknowledged (a command, button or dialog this app has no listener for), so Slack gets a
 * 200 at once instead of Bolt's 404 after 3 seconds. Bolt's HTTP ack() refuses a second call,
 * which is how this knows a listener already answered. (Events are acked by Bolt before any
 * middleware; Socket Mode's ack() warns on a second call instead, so it is not used there.)
 */
export function ackUnhandled(): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } finally {
      const ack = (args as { ack?: unknown }).ack;
      if (typeof ack === 'function') {
        await (ack as () => Promise<void>)().then(
          () => args.logger.info(`no listener for ${describe(args.body)}: acknowledged with an empty 200`),
          (error: unknown) => {
            if ((error as { code?: unknown }).code !== ErrorCode.ReceiverMultipleAckError) args.logger.warn('could not acknowledge the request:', error);
          },
        );
      }
    }
  };
}

function describe(body: unknown): string {
  const b = body as { command?: unknown; type?: unknown; actions?: { action_id?: unknown }[] };
  if (typeof b.command === 'string') return `the command ${b.command.slice(0, 40)}`;
  const action = Array.isArray(b.actions) ? b.actions[0]?.action_id : undefined;
  if (typeof action === 'string') return `the action ${action.slice(0, 60)}`;
  return typeof b.type === 'string' ? `a ${b.type.slice(0, 40)} request` : 'a request';
}
