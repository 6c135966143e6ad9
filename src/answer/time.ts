import { dateSpan, datingFact, formatDate, type Fact, type KnowledgeBase, type Meeting } from '../knowledge/index.ts';
import type { Frame } from './frame.ts';
import type { Candidate } from './retrieve.ts';

/** Something with a date the base gives: a meeting, or a fact's `on`. */
export interface Dated {
  /** "the APEC summit meeting in Lima", "the news of 13 November 2024". */
  label: string;
  date: string;
  /** The fact whose source gives the date, for the citation. */
  fact: Fact;
  /** A meeting's label names it ("the … meeting"); a fact's quotes its words. */
  isMeeting: boolean;
}

export interface TimeAnswer {
  text: string;
  facts: Fact[];
}

const DAY = 86_400_000;

/**
 * A question of time, answered by computing from the dates the base gives and today's date:
 * how long ago something was, how long between two things, whether it has happened yet.
 * Undefined when the base does not date what is asked about.
 */
export function answerTime(kb: KnowledgeBase, frame: Frame, candidates: Candidate[], today: Date, threshold: number): TimeAnswer | undefined {
  const things = datedThings(kb, frame, candidates, threshold);
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (frame.time === 'between') {
    // "Between Sullivan's interview and the meeting": a dated fact and the meeting it is about.
    const own = things.length === 1 && !things[0]!.isMeeting ? kb.meetings.find((m) => m.id === things[0]!.fact.meeting) : undefined;
    if (own) things.push(...datedMeetings(kb, [own]));
    const [a, b] = things;
    if (!a || !b) return undefined;
    const [first, second] = dateSpan(a.date).first <= dateSpan(b.date).first ? [a, b] : [b, a];
    const gap = span(first.date, second.date, frame.unit);
    return {
      text: `${capitalize(gap)} passed between ${describe(first)} and ${describe(second)}.`,
      facts: unique([first.fact, second.fact]),
    };
  }
  const [thing] = things;
  if (!thing) return undefined;
  const { first, last } = dateSpan(thing.date);
  const when = onDate(thing.date);
  if (last < now) {
    const ago = span(thing.date, isoDay(now), frame.unit);
    if (!thing.isMeeting) return { text: `${capitalize(ago)} ago, ${when}: ${thing.label}`, facts: [thing.fact] };
    if (frame.time === 'yet') return { text: `Yes: ${thing.label} was ${when}, ${ago} ago.`, facts: [thing.fact] };
    return { text: `${capitalize(ago)} ago: ${thing.label} was ${when}.`, facts: [thing.fact] };
  }
  if (first > now) {
    const until = span(isoDay(now), thing.date, frame.unit);
    return { text: `Not yet: ${thing.label} is due ${when}, in ${until}.`, facts: [thing.fact] };
  }
  return { text: `${capitalize(thing.label)} is ${when}: about now.`, facts: [thing.fact] };
}

/**
 * What the question dates: the meetings it names (or a follow-up inherits), then the best
 * dated facts (`on`) among the candidates, in that order.
 */
function datedThings(kb: KnowledgeBase, frame: Frame, candidates: Candidate[], threshold: number): Dated[] {
  const meetings: Meeting[] = frame.meetings.length ? frame.meetings : frame.meeting ? [frame.meeting.meeting] : [];
  const things = datedMeetings(kb, meetings);
  // Facts that carry a date and answer the question's words well enough (half the threshold:
  // the time words themselves match nothing).
  for (const c of candidates) {
    if (things.length >= 2) break;
    if (!c.fact.on || c.base < threshold / 2 || things.some((t) => t.date === c.fact.on && t.fact.id === c.fact.id)) continue;
    if (things.some((t) => t.date === c.fact.on)) continue;
    things.push({ label: quoteOf(c.fact), date: c.fact.on, fact: c.fact, isMeeting: false });
  }
  return things;
}

function datedMeetings(kb: KnowledgeBase, meetings: Meeting[]): Dated[] {
  return meetings.flatMap((m) => {
    const fact = datingFact(kb, m);
    return fact ? [{ label: `the ${m.name}`, date: m.date, fact, isMeeting: true }] : [];
  });
}

/** What a dated fact reports, in its own first words: “Jake Sullivan said in an interview…”. */
function quoteOf(fact: Fact): string {
  const first = fact.answer
    .replace(/\s+/g, ' ')
    .split(/(?<=[.;])\s/)[0]!
    .replace(/[.;]$/, '');
  return `“${first.length > 90 ? `${first.slice(0, 89)}…` : first}”`;
}

/** "16 November 2024 (the APEC summit meeting in Lima)", or for a fact, its date and its words. */
const describe = (thing: Dated) => `${formatDate(thing.date)} (${thing.label})`;
/** "on 16 November 2024", "in November 2022". */
const onDate = (date: string) => `${date.length === 10 ? 'on' : 'in'} ${formatDate(date)}`;

/**
 * The time between two dates as people say it: in the unit asked for where the dates allow
 * it, else days for a short span between exact days, else months, else years, rounded
 * ("about 2 years", "12 months (about a year)", "3 days").
 */
export function span(from: string, to: string, unit?: 'day' | 'week' | 'month' | 'year'): string {
  const a = dateSpan(from);
  const b = dateSpan(to);
  const exact = from.length === 10 && to.length === 10;
  const days = Math.round((b.first - a.first) / DAY);
  if (exact && (unit === 'day' || (!unit && days < 60))) return plural(days, 'day');
  if (exact && unit === 'week') return `${plural(Math.floor(days / 7), 'week')}${days % 7 ? ` and ${plural(days % 7, 'day')}` : ''}`;
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (exact && Number(to.slice(8)) < Number(from.slice(8))) months -= 1;
  if (unit === 'month' || (unit !== 'year' && months < 24)) return months === 12 ? '12 months (about a year)' : `${exact ? '' : 'about '}${plural(months, 'month')}`;
  return `about ${plural(Math.floor(months / 12), 'year')}`;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const unique = (facts: Fact[]) => [...new Map(facts.map((f) => [f.id, f])).values()];
