import type { Logger } from '@slack/bolt';

/** Distinct reasons counted per window; more are lumped together (reasons should be few anyway). */
const MAX_REASONS = 20;

/**
 * A log for things that can come in floods (rejected requests): the first one is logged at
 * once, with its reason; the rest in the next `windowMs` are counted, and summed up in one line
 * when the window ends. At most two lines a minute, however many arrive. The timer is unref'd:
 * it never keeps a stopping process alive (a summary due then is dropped).
 */
export function throttledLog(logger: Logger, level: 'info' | 'warn', what: string, windowMs = 60_000): (reason: string) => void {
  let counts: Map<string, number> | undefined;
  const write = (text: string) => logger[level](text);
  return (reason) => {
    if (counts) {
      const key = counts.has(reason) || counts.size < MAX_REASONS ? reason : 'other reasons';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return;
    }
    write(`${what}: ${reason} (more in the next ${windowMs / 1000} s are counted, then summed up in one line)`);
    const window = new Map<string, number>();
    counts = window;
    setTimeout(() => {
      counts = undefined;
      if (window.size === 0) return;
      const total = [...window.values()].reduce((a, b) => a + b, 0);
      write(`${what}: ${total} more in the last ${windowMs / 1000} s (${[...window].map(([r, n]) => `${n} × ${r}`).join(', ')})`);
    }, windowMs).unref();
  };
}
