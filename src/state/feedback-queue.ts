import { STORE_DEADLINE_MS, withDeadline } from './deadline.ts';
import { feedbackKey, type FeedbackStore, type Vote } from './feedback.ts';
import { outageReporter, RETRY_STORE_MS } from './outage.ts';
import type { StoreLog } from './state-store.ts';

/** Votes held while the store is down: beyond this, the oldest go (and are counted as lost). */
export const MAX_QUEUED_VOTES = 10_000;

interface Queued {
  user: string;
  answer: string;
  vote: Vote;
}

/**
 * 👍/👎 that survive a store outage: a vote the store does not take within the deadline is
 * queued in memory and written when the store answers again (tried every `retryMs`), instead
 * of being lost. A queued vote counts as the person's first (a second click while it waits
 * does not); the store still decides once it is written, so a vote another replica already
 * has stays one. `flush` at shutdown writes what it can and says how many are lost.
 */
export function queuedFeedback(store: FeedbackStore, log: StoreLog, { deadlineMs = STORE_DEADLINE_MS, retryMs = RETRY_STORE_MS } = {}) {
  const queue = new Map<string, Queued>();
  const outage = outageReporter(log, 'feedback (the state store)', '👍/👎 are kept in memory and written', 'votes queued', { retryMs });
  let timer: NodeJS.Timeout | undefined;
  let lost = 0;

  const enqueue = (item: Queued) => {
    if (queue.size >= MAX_QUEUED_VOTES) {
      queue.delete(queue.keys().next().value!);
      lost++;
    }
    queue.set(feedbackKey(item.user, item.answer), item);
    timer ??= setTimeout(() => void flush(), retryMs).unref();
  };

  /** Writes the queue in order, stopping at the first failure (the store is still down). */
  const flush = async (): Promise<void> => {
    timer = undefined;
    for (const [key, { user, answer, vote }] of queue) {
      try {
        await withDeadline(store.record(user, answer, vote), deadlineMs, 'feedback');
        queue.delete(key);
        outage.succeeded();
      } catch (error) {
        outage.failed(error);
        timer ??= setTimeout(() => void flush(), retryMs).unref();
        return;
      }
    }
  };

  const feedback: FeedbackStore = {
    async record(user, answer, vote) {
      if (queue.has(feedbackKey(user, answer))) return false;
      if (outage.shouldTry()) {
        try {
          const first = await withDeadline(store.record(user, answer, vote), deadlineMs, 'feedback');
          outage.succeeded();
          return first;
        } catch (error) {
          outage.failed(error);
        }
      } else {
        outage.missed();
      }
      enqueue({ user, answer, vote });
      return true;
    },
    read: (since) => withDeadline(store.read(since), deadlineMs, 'feedback'),
    purge: (before) => store.purge(before),
  };

  return {
    feedback,
    get queued(): number {
      return queue.size;
    },
    /** At shutdown: one last try; what is still queued (or was dropped for room) is logged as lost. */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      await flush();
      if (timer) clearTimeout(timer);
      lost += queue.size;
      if (lost) log.warn(`feedback: ${lost} 👍/👎 lost (the state store did not take them before the stop, or the queue was full)`);
    },
  };
}
