import type { ActivityLog } from './activity.ts';
import type { ConversationStore } from './conversations.ts';
import type { FeedbackStore } from './feedback.ts';
import { purgeExpired, retentionStart, type QuestionLog } from './questions.ts';

const DAY_MS = 86_400_000;

/**
 * Forgets what is past its time: questions, counts and votes past QUESTION_LOG_DAYS, conversations
 * past their time to live. Once at start, then daily; the timer never keeps the process up.
 */
export function startHousekeeping(options: {
  questions?: QuestionLog;
  activity: ActivityLog;
  feedback: FeedbackStore;
  conversations: ConversationStore;
  days: number;
  now: () => Date;
  log: { info(msg: string): void; warn(msg: string): void };
}): { stop(): void; done: Promise<void> } {
  const run = async () => {
    const now = options.now();
    try {
      const questions = options.questions ? await purgeExpired(options.questions, options.days, now) : 0;
      const counts = await options.activity.purge(retentionStart(options.days, now));
      const votes = await options.feedback.purge(retentionStart(options.days, now));
      const conversations = await options.conversations.purge(now);
      if (questions || counts || votes || conversations)
        options.log.info(`housekeeping: forgot ${questions} recorded questions, ${counts} counts, ${votes} votes and ${conversations} conversations past their time`);
    } catch (error) {
      options.log.warn(`housekeeping failed (will try again tomorrow): ${(error as Error).message}`);
    }
  };
  const done = run();
  const timer = setInterval(() => void run(), DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), done };
}
