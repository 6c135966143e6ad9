import { Cron } from 'croner';

/** The schedule as croner reads it: 5 fields, or 6 with seconds first (per-second schedules for tests); paused: used only to compute times. */
export function cronFor(config: { cron: string; timeZone: string }): Cron {
  return new Cron(config.cron, { timezone: config.timeZone, mode: '5-or-6-parts', paused: true });
}

/**
 * Why DIGEST_CRON cannot schedule the digest, or undefined when it can. Checked in UTC: the
 * time zone moves the runs but cannot make an expression valid or make it ever run.
 */
export function cronProblem(cron: string): string | undefined {
  let next: Date | null;
  try {
    next = cronFor({ cron, timeZone: 'UTC' }).nextRun(new Date());
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
    return `not a 5- or 6-field cron expression (${reason})`;
  }
  return next ? undefined : 'it never runs';
}

/** The IANA zone's canonical name (`asia/tokyo` → `Asia/Tokyo`), or undefined for a name Intl does not know. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
