/** A DIGEST_* environment variable has a value the bot cannot use; start-up should stop with this message. */
export class DigestConfigError extends Error {
  readonly code = 'DIGEST_CONFIG_INVALID';
  constructor(
    readonly variable: string,
    readonly value: string,
    problem: string,
    example: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: ${problem}. Example of a valid value: ${variable}=${example}`);
    this.name = 'DigestConfigError';
  }
}

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
