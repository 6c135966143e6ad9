// The digest core: composing, scheduling and remembering digests. No Slack here; src/slack posts them.
export {
  composeDigest,
  emptyDigestMemory,
  fingerprintFact,
  rotationOrder,
  DEFAULT_MAX_HIGHLIGHTS,
  DEFAULT_MAX_ITEMS,
  type ComposeOptions,
  type Digest,
  type DigestItem,
  type DigestMemory,
} from './compose.ts';
export { DigestStateError, type DigestStateErrorCode } from './errors.ts';
export {
  fileDigestStore,
  DIGEST_LOCK_FILE,
  DIGEST_STATE_FILE,
  MAX_SLOT_RECORDS,
  type DigestStore,
  type FileDigestStoreOptions,
  type SlotRecord,
} from './store.ts';
export {
  isNotInChannel,
  slackErrorCode,
  nextSlot,
  previousSlot,
  runDigestScheduler,
  systemClock,
  MISSED_REASON,
  UNCONFIRMED_REASON,
  STALE_CLAIM_MS,
  type Clock,
  type DigestConfig,
  type DigestScheduleConfig,
  type DigestSchedulerLog,
  type RunDigestSchedulerOptions,
} from './schedule.ts';
