import type { DigestStore } from '../digest/store.ts';
import type { ActivityLog } from './activity.ts';
import type { ConversationStore } from './conversations.ts';
import type { FeedbackStore } from './feedback.ts';
import type { QuestionLog } from './questions.ts';

/**
 * Everything the bot remembers, in one place: which events were answered (dedupe across
 * replicas), the digest's slots and what it showed, what each conversation was about, the
 * record of questions for curators, the counts of outcomes and the feedback. The Slack side
 * and the digest use only this; `openStateStore` picks the implementation.
 */
export interface StateStore {
  /** Where the state lives, for messages: the folder, or the database with its password masked. */
  readonly location: string;
  /**
   * Event dedupe across replicas: true for the one caller that claims `eventId` first, false
   * for every later one (another replica, or a redelivery). Claims are kept at least
   * EVENT_CLAIM_TTL_MS (longer than Slack's retry window), then purged by the store itself.
   */
  claimEvent(eventId: string, now: Date): Promise<boolean>;
  digest: DigestStore;
  conversations: ConversationStore;
  questions: QuestionLog;
  activity: ActivityLog;
  feedback: FeedbackStore;
  /** Whether the store answers now, and a line saying so (for /healthz). Never rejects. */
  health(): Promise<StoreHealth>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  detail: string;
}

export interface StoreLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Slack retries an event for a few minutes; a claim is kept an hour, then forgotten. */
export const EVENT_CLAIM_TTL_MS = 60 * 60_000;
/** How often a store looks for claims past their time (at a claim, so an idle store does nothing). */
export const EVENT_PURGE_EVERY_MS = 10 * 60_000;

/** The state store cannot be opened (PostgreSQL unreachable, a failed migration): start-up stops with this. */
export class StateStoreError extends Error {
  readonly code = 'STATE_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}
