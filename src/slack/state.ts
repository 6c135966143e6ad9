import type { SearchIndex } from '../answer/index.ts';
import { stateDir, type Env } from '../config.ts';
import type { Clock } from '../digest/index.ts';
import { reviewQuestions, formatGapLine } from '../review/index.ts';
import { fileActivityLog } from '../state/activity.ts';
import { fileConversationStore } from '../state/conversations.ts';
import { fileFeedbackStore } from '../state/feedback.ts';
import { startHousekeeping } from '../state/housekeeping.ts';
import { fileQuestionLog, questionLogConfig } from '../state/questions.ts';
import type { ListenerDeps } from './listeners/deps.ts';
import type { SlackMessage } from './render.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * What the listeners remember, in STATE_DIR: conversations, the question record (unless
 * QUESTION_LOG=off), counts and feedback; who the curators are; and the daily housekeeping
 * that forgets what is past its time. A bad QUESTION_LOG* value stops start-up here.
 */
export function listenerDeps(env: Env, index: SearchIndex, clock: Clock, digestPreview: () => Promise<SlackMessage>, log: { info(msg: string): void; warn(msg: string): void }) {
  const dir = stateDir(env);
  const recording = questionLogConfig(env);
  const questions = recording.enabled ? fileQuestionLog(dir) : undefined;
  const now = () => clock.now();
  const deps: ListenerDeps = {
    index,
    digestPreview,
    now,
    conversations: fileConversationStore(dir),
    activity: fileActivityLog(dir),
    questions,
    feedback: fileFeedbackStore(dir),
    curators: curatorIds(env),
    gaps: async (limit) => {
      if (!questions) return [];
      const records = await questions.read(new Date(now().getTime() - WEEK_MS));
      return reviewQuestions(index, records, { top: limit, verify: false }).groups.map(formatGapLine);
    },
  };
  const housekeeping = startHousekeeping({ questions, activity: deps.activity, conversations: deps.conversations, days: recording.days, now, log });
  return { deps, housekeeping };
}

/** CURATOR_USER_IDS: Slack user ids (U…, W…), comma- or space-separated. */
export function curatorIds(env: Env): ReadonlySet<string> {
  return new Set((env.CURATOR_USER_IDS ?? '').split(/[\s,]+/).map((id) => id.trim()).filter(Boolean));
}
