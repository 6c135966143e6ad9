import { dateSpan } from './dates.ts';
import { escapeRegExp, normalizeText } from './text.ts';
import type { Fact, KnowledgeBase, Meeting } from './types.ts';

/** The meeting a question or a command argument is about. */
export interface MeetingReference {
  meeting: Meeting;
  /** Named only by way of another: "the meeting before Lima" is about the one before Lima. */
  implied: boolean;
  /** The aliases that are part of its name ("g20" of "G20 summit meeting"), for a "where" question. */
  nameAliases: string[];
}

interface MeetingPattern {
  meeting: Meeting;
  /** Any of its aliases, its id, or its year where it is the last meeting of that year. */
  pattern: RegExp;
  /** "…meet before <alias>": about the meeting before this one. */
  metBefore: RegExp;
  nameAliases: string[];
}

/**
 * The one meeting resolver: the engine, `/summit agenda`, the timeline and the digest all
 * ask it. Meetings are oldest first; when a text names two, the most recent wins, and a year
 * shared by two meetings names the later one. "Where did they meet before Lima?" names Lima
 * but is about the meeting before it.
 */
export function resolveMeeting(kb: KnowledgeBase, text: string): MeetingReference | undefined {
  const normalized = normalizeText(text);
  if (!normalized) return undefined;
  const patterns = patternsOf(kb);
  const named = patterns.findLast((m) => m.pattern.test(normalized));
  if (!named) return undefined;
  const before = patterns[patterns.indexOf(named) - 1];
  // Before the first meeting there is none to ask about: the text is about the first one.
  if (!before || !named.metBefore.test(normalized)) return { meeting: named.meeting, implied: false, nameAliases: named.nameAliases };
  return { meeting: before.meeting, implied: true, nameAliases: before.nameAliases };
}

/** Every meeting `text` names, oldest first ("between San Francisco and Lima" names two). */
export function meetingsNamedIn(kb: KnowledgeBase, text: string): Meeting[] {
  const normalized = normalizeText(text);
  return normalized ? patternsOf(kb).filter((m) => m.pattern.test(normalized)).map((m) => m.meeting) : [];
}

/** The words that name a meeting best in a command: its first alias ("lima"). */
export function meetingHandle(meeting: Meeting): string {
  return meeting.aliases[0] ?? meeting.id;
}

const cache = new WeakMap<KnowledgeBase, MeetingPattern[]>();

function patternsOf(kb: KnowledgeBase): MeetingPattern[] {
  let patterns = cache.get(kb);
  if (!patterns) cache.set(kb, (patterns = kb.meetings.map((m) => patternFor(m, kb.meetings))));
  return patterns;
}

function patternFor(meeting: Meeting, meetings: Meeting[]): MeetingPattern {
  const year = meeting.date.slice(0, 4);
  const lastOfYear = meetings.findLast((m) => m.date.startsWith(year)) === meeting;
  const aliases = meeting.aliases.map(normalizeText).filter(Boolean);
  const names = [...aliases, normalizeText(meeting.id), ...(lastOfYear ? [year] : [])];
  const alternatives = `(${names.map(escapeRegExp).join('|')})`;
  const name = ` ${normalizeText(meeting.name)} `;
  return {
    meeting,
    pattern: new RegExp(`\\b${alternatives}\\b`),
    metBefore: new RegExp(`\\b(meet|met|meeting|meetings)\\b.*\\bbefore (the )?${alternatives}\\b`),
    nameAliases: aliases.filter((alias) => name.includes(` ${alias} `)),
  };
}

/**
 * The fact that dates and places `meeting` (topic `dates`), as the latest report has it: a
 * fact written after the meeting wins over a preview, a later source over an earlier one.
 */
export function datingFact(kb: KnowledgeBase, meeting: Meeting): Fact | undefined {
  const published = (f: Fact) => dateSpan(kb.sources.get(f.source)?.published ?? '0000-01').last;
  return kb.facts
    .filter((f) => f.meeting === meeting.id && f.topics.includes('dates'))
    .reduce<Fact | undefined>((best, f) => {
      if (!best) return f;
      const happened = Number(f.reports === 'happened') - Number(best.reports === 'happened');
      return happened > 0 || (happened === 0 && published(f) > published(best)) ? f : best;
    }, undefined);
}
