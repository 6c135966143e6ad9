export type DigestStateErrorCode = 'DIGEST_STATE_CORRUPT' | 'DIGEST_STATE_LOCKED';

/**
 * The digest state file cannot be used. Never recovered from silently: starting from empty state
 * would forget which slots were posted and post them again.
 */
export class DigestStateError extends Error {
  constructor(
    readonly code: DigestStateErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DigestStateError';
  }
}
