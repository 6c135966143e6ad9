/**
 * Deadlines on the state store calls a person waits on. A locked or stopped PostgreSQL answers
 * only when its statement_timeout (5 s by default) runs out, longer than Slack waits for an ack
 * (3 s): without these, `/summit gaps` would never reply and a mention would wait seconds per
 * call. The call itself is not cancelled; its late result is ignored.
 */

/** Long enough for a healthy store under load (milliseconds per call), short enough for Slack's 3 s. */
export const STORE_DEADLINE_MS = 1_000;

/** A store call that did not answer in time. */
export class StoreDeadlineError extends Error {
  readonly code = 'STATE_STORE_SLOW';
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'StoreDeadlineError';
  }
}

/** `promise`, or a StoreDeadlineError after `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreDeadlineError(what, ms)), ms);
    timer.unref();
  });
  promise.catch(() => undefined); // a call failing after its deadline was already answered for
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** `part` (an object of async methods: a store, or one part of it) with a deadline on every call. */
export function withDeadlines<T extends object>(part: T, ms: number, what: string): T {
  return new Proxy(part, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => withDeadline(Promise.resolve(member.apply(target, args)), ms, `${what} (${String(key)})`);
    },
  });
}
