import type { SearchIndex } from '../../answer/index.ts';
import type { ActivityLog } from '../../state/activity.ts';
import type { ConversationStore } from '../../state/conversations.ts';
import type { FeedbackStore } from '../../state/feedback.ts';
import type { QuestionLog } from '../../state/questions.ts';
import type { Logger } from '@slack/bolt';
import type { ClaimResult } from '../middleware.ts';
import type { PostReply } from '../post-once.ts';
import type { SlackMessage } from '../render.ts';

/** What the listeners need, passed in by app.ts: no globals. */
export interface ListenerDeps {
  index: SearchIndex;
  /** The next digest, rendered (it says so when DIGEST_CHANNEL is not set). */
  digestPreview: () => Promise<SlackMessage>;
  /** What each thread and DM was last about, for follow-ups. */
  conversations: ConversationStore;
  /** Today, for questions of time (tests control it). */
  now: () => Date;
  /** How each question ended (counts only), and the misses for the curators (absent when QUESTION_LOG=off). */
  activity: ActivityLog;
  questions?: QuestionLog;
  /** 👍/👎, once per person per answer. */
  feedback: FeedbackStore;
  /** Who may see the gaps (CURATOR_USER_IDS). */
  curators: ReadonlySet<string>;
  /** The top `limit` gaps of the last week, one line each, for /summit gaps and the Home tab. */
  gaps: (limit: number) => Promise<string[]>;
  /** Work to finish after the reply, which handles its own errors (the count of how a question ended): a stop waits for it. Set by app.ts. */
  afterReply: (work: Promise<unknown>) => void;
  /** True for the first caller with `key`, on any replica (a double click shares once). Set by app.ts. */
  claimOnce: (key: string, logger: Logger) => Promise<ClaimResult>;
  /** Posts an answer with chat.postMessage, once even when a response is lost (post-once.ts). Set by app.ts. */
  postReply: PostReply;
}

/** What app.ts sets; the rest comes from the state store (state.ts). */
export type AppWiredDeps = 'afterReply' | 'claimOnce' | 'postReply';
