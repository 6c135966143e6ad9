import type { Meeting, Reports, Source } from './types.ts';

/**
 * Calendar dates as the base writes them, `YYYY-MM-DD` or `YYYY-MM`. A month-precise date
 * is a span: its first and last day. Days are counted in UTC, so no time zone shifts them.
 */
export function dateSpan(date: string): { first: number; last: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number | undefined];
  if (day) return { first: Date.UTC(year, month - 1, day), last: Date.UTC(year, month - 1, day) };
  return { first: Date.UTC(year, month - 1, 1), last: Date.UTC(year, month, 0) };
}

/**
 * Whether `source` reports on `meeting` before it took place (`expected`) or after
 * (`happened`): from the curator's `written_before`/`written_after`, else from the dates.
 * A text dated the day of the meeting reports it. Undefined when the dates overlap (a source
 * of "November 2024" about a meeting on 16 November 2024): the curator must say.
 */
export function reportsOn(source: Pick<Source, 'published' | 'writtenBefore' | 'writtenAfter'>, meeting: Pick<Meeting, 'id' | 'date'>): Reports | undefined {
  if (source.writtenBefore.includes(meeting.id)) return 'expected';
  if (source.writtenAfter.includes(meeting.id)) return 'happened';
  const written = dateSpan(source.published);
  const held = dateSpan(meeting.date);
  if (written.last < held.first) return 'expected';
  if (written.first >= held.last) return 'happened';
  return undefined;
}
