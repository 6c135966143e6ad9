import type { SearchIndex } from '../answer/index.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../digest/index.ts';
import { reviewQuestions, formatGapLine } from '../review/index.ts';
import { queuedFeedback } from '../state/feedback-queue.ts';
import { startHousekeeping } from '../state/housekeeping.ts';
import { outageTolerant } from '../state/outage.ts';
import type { StateStore } from '../state/store.ts';
import type { AppWiredDeps, ListenerDeps } from './listeners/deps.ts';
import type { SlackMessage } from './render.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * What the listeners remember, in the state store: conversations, the question record (unless
 * QUESTION_LOG=off), counts and feedback; who the curators are; and the daily housekeeping
 * that forgets what is past its time. What an answer writes never fails or holds up the answer:
 * a store that fails or is slow costs the context, the count or the record, logged once per
 * outage (outageTolerant); a vote waits in memory until the store takes it (queuedFeedback).
 */
export function listenerDeps(
  config: Pick<Config, 'questionLog' | 'curators'>,
  store: StateStore,
  index: SearchIndex,
  clock: Clock,
  digestPreview: () => Promise<SlackMessage>,
  log: { info(msg: string): void; warn(msg: string): void },
) {
  const recording = config.questionLog;
  const tolerant = outageTolerant(store, log);
  const votes = queuedFeedback(store.feedback, log);
  const questions = recording.enabled ? tolerant.questions : undefined;
  const now = () => clock.now();
  const deps: Omit<ListenerDeps, AppWiredDeps> = {
    index,
    digestPreview,
    now,
    conversations: tolerant.conversations,
    activity: tolerant.activity,
    questions,
    feedback: votes.feedback,
    curators: config.curators,
    gaps: async (limit) => {
      if (!questions) return [];
      const records = await questions.read(new Date(now().getTime() - WEEK_MS));
      return reviewQuestions(index, records, { top: limit, verify: false }).groups.map(formatGapLine);
    },
  };
  const housekeeping = startHousekeeping({ questions, activity: deps.activity, feedback: store.feedback, conversations: deps.conversations, days: recording.days, now, log });
  return { deps, housekeeping, votes };
}
