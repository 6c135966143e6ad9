import type { Clock } from '../../src/digest/index.ts';

/** A clock that stands still until the test moves it; sleepers wake when their time is reached. */
export class FakeClock implements Clock {
  private time: number;
  private sleepers = new Set<{ until: number; wake: () => void }>();

  constructor(start: string | Date) {
    this.time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = {
        until: this.time + ms,
        wake: () => {
          this.sleepers.delete(sleeper);
          signal.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  /** Moves to `to` and wakes every sleeper whose time has come. */
  set(to: string | Date): void {
    this.time = new Date(to).getTime();
    for (const sleeper of [...this.sleepers]) if (sleeper.until <= this.time) sleeper.wake();
  }

  /** Moves to `to`, then waits until the one scheduler has finished what that woke. */
  async moveTo(to: string | Date): Promise<void> {
    this.set(to);
    await this.idle();
  }

  /** Resolves once `count` schedulers are asleep, i.e. have finished what woke them. */
  async idle(count = 1, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sleepers.size < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} sleeping scheduler(s); ${this.sleepers.size} asleep`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}
