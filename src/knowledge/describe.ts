import { dateSpan } from './dates.ts';
import { formatDate } from './text.ts';
import type { KnowledgeBase } from './types.ts';

/**
 * What the base holds, in words people read in help, "I don't know" replies and headers.
 * Counts, kinds, dates and meetings come from the base itself, so that a curator's new
 * source or meeting shows up without a change of code.
 */

/** "two news articles, October 2023 to November 2024"; "3 sources (2 news articles, 1 official readout), …". */
export function describeSources(kb: KnowledgeBase): string {
  const sources = [...kb.sources.values()];
  const kinds = new Map<string, number>();
  for (const s of sources) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
  const counted = [...kinds].map(([kind, n]) => `${count(n)} ${plural(kind, n)}`);
  const what = kinds.size === 1 ? counted[0]! : `${count(sources.length)} sources (${listPhrase(counted)})`;
  const dates = sources.map((s) => s.published).sort((a, b) => dateSpan(a).first - dateSpan(b).first);
  const first = formatDate(dates[0] ?? '');
  const last = formatDate(dates.at(-1) ?? '');
  return dates.length ? `${what}, ${first === last ? first : `${first} to ${last}`}` : what;
}

/** "G20 summit meeting (November 2022), … and APEC summit meeting in Lima (16 November 2024)". */
export function describeMeetings(kb: KnowledgeBase): string {
  return listPhrase(kb.meetings.map((m) => `${m.name} (${formatDate(m.date)})`));
}

/** The bot's scope in one line: its subject and the meetings it covers. */
export function scopeLine(kb: KnowledgeBase): string {
  return kb.meetings.length ? `${kb.about.subject}: ${describeMeetings(kb)}` : kb.about.subject;
}

export function listPhrase(items: string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const count = (n: number) => WORDS[n] ?? String(n);
const plural = (noun: string, n: number) => (n === 1 ? noun : `${noun}s`);
