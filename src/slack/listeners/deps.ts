import type { SearchIndex } from '../../answer/index.ts';
import type { ConversationStore } from '../../state/conversations.ts';
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
}

/** Options on every message we post: citations must not sprout link previews. */
export const POST_OPTIONS = { unfurl_links: false, unfurl_media: false } as const;
