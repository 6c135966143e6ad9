/**
 * Waits until `condition` holds, checking every 20 ms, or throws after `timeoutMs` with what
 * was awaited: for what the bot does after its reply (a record, a log line, a claim).
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms: ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
