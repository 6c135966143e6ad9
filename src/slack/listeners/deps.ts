import type { SearchIndex } from '../../answer/index.ts';
import type { SlackMessage } from '../render.ts';

/** What the listeners need, passed in by app.ts: no globals. */
export interface ListenerDeps {
  index: SearchIndex;
  /** The next digest, rendered; undefined when the digest is not set up. */
  digestPreview?: () => Promise<SlackMessage>;
}

/** Options on every message we post: citations must not sprout link previews. */
export const POST_OPTIONS = { unfurl_links: false, unfurl_media: false } as const;
