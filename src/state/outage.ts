import type { ActivityLog } from './activity.ts';
import type { ConversationStore } from './conversations.ts';
import type { QuestionLog } from './questions.ts';
import { STORE_DEADLINE_MS, withDeadline } from './deadline.ts';
import type { StoreLog } from './state-store.ts';

/** After a failure, how long a part of the store is left alone before it is tried again. */
export const RETRY_STORE_MS = 5_000;

/**
 * Reports an outage of one part of the store in two lines however long it lasts: a warning
 * at the first failure (what is lost meanwhile), and when a call succeeds again, how long it
 * lasted and how many `unit` meanwhile (failed calls, and those `missed` without trying).
 * Failures in between are only counted. `shouldTry` is false for `retryMs` after a failure, so
 * that a slow store costs one wait per `retryMs`, not one per question.
 */
export function outageReporter(log: StoreLog, what: string, consequence: string, unit: string, { now = Date.now, retryMs = RETRY_STORE_MS }: { now?: () => number; retryMs?: number } = {}) {
  let since: number | undefined;
  let dropped = 0;
  let tryAgainAt = -Infinity;
  return {
    shouldTry(): boolean {
      return now() >= tryAgainAt;
    },
    failed(error: unknown): void {
      dropped++;
      tryAgainAt = now() + retryMs;
      if (since !== undefined) return;
      since = now();
      log.warn(`${what} unavailable (${error instanceof Error ? error.message || error.name : String(error)}): ${consequence} until it answers again`);
    },
    /** A call not even tried, during the outage. */
    missed(): void {
      dropped++;
    },
    succeeded(): void {
      if (since === undefined) return;
      log.info(`${what} answers again after ${Math.round((now() - since) / 1000)} s: ${dropped} ${unit} meanwhile`);
      since = undefined;
      dropped = 0;
    },
    get failing(): boolean {
      return since !== undefined;
    },
  };
}

/**
 * The parts of the store an answer touches, made so that the store failing or slow never costs
 * the answer and never floods the log: each call has `deadlineMs`; a conversation's context
 * that cannot be read in time is none, one that cannot be saved is dropped, and so are counts
 * and question records; a part that failed is not tried again for a few seconds (see
 * outageReporter); each part's outage is logged once, with a count of what was dropped when it
 * ends. Reads for curators (totals, the record) still fail loudly, after the same deadline.
 */
export function outageTolerant(parts: { conversations: ConversationStore; activity: ActivityLog; questions: QuestionLog }, log: StoreLog, deadlineMs = STORE_DEADLINE_MS) {
  const context = outageReporter(log, 'conversation context', "follow-ups lose their thread's context", 'contexts not read or saved');
  const counts = outageReporter(log, 'activity counts', 'outcomes are not counted', 'counts dropped');
  const record = outageReporter(log, 'question record', "questions worth a curator's look are dropped", 'records dropped');
  const guard = async <T>(reporter: ReturnType<typeof outageReporter>, call: () => Promise<T>, fallback: T): Promise<T> => {
    if (!reporter.shouldTry()) {
      reporter.missed();
      return fallback;
    }
    try {
      const result = await withDeadline(call(), deadlineMs, 'the state store');
      reporter.succeeded();
      return result;
    } catch (error) {
      reporter.failed(error);
      return fallback;
    }
  };
  const conversations: ConversationStore = {
    get: (key, now) => guard(context, () => parts.conversations.get(key, now), undefined),
    set: (key, value, now, ttlMs) => guard(context, () => parts.conversations.set(key, value, now, ttlMs), undefined),
    purge: (now) => parts.conversations.purge(now),
  };
  const activity: ActivityLog = {
    ...parts.activity,
    count: (outcome, at) => guard(counts, () => parts.activity.count(outcome, at), undefined),
    totals: (since) => withDeadline(parts.activity.totals(since), deadlineMs, 'activity counts'),
  };
  const questions: QuestionLog = {
    ...parts.questions,
    append: (r) => guard(record, () => parts.questions.append(r), undefined),
    read: (since) => withDeadline(parts.questions.read(since), deadlineMs, 'question record'),
  };
  return { conversations, activity, questions };
}
