import { dateSpan } from './dates.ts';
import { escapeRegExp, MONTHS, normalizeText } from './text.ts';
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
  /** Its month and year ("november 2023"): names it before any year alone does. */
  dated: RegExp;
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
  const named = namedIn(patterns, normalized).at(-1);
  if (!named) return undefined;
  const before = patterns[patterns.indexOf(named) - 1];
  // Before the first meeting there is none to ask about: the text is about the first one.
  if (!before || !named.metBefore.test(normalized)) return { meeting: named.meeting, implied: false, nameAliases: named.nameAliases };
  return { meeting: before.meeting, implied: true, nameAliases: before.nameAliases };
}

/**
 * "What about the one before?", "when was the previous meeting?", "and the one after that?":
 * the meeting before or after `from` (the conversation's), with the words that pointed at it.
 * The nouns are "one" and the words two meetings' names share ("summit", "meeting").
 */
export function relativeMeeting(kb: KnowledgeBase, text: string, from: string): { reference: MeetingReference; span: string } | undefined {
  const normalized = ` ${normalizeText(text)} `;
  const at = kb.meetings.findIndex((m) => m.id === from);
  if (at < 0) return undefined;
  const { before, after } = relativePatterns(kb);
  for (const [pattern, step] of [
    [before, -1],
    [after, 1],
  ] as const) {
    const match = pattern.exec(normalized);
    const meeting = kb.meetings[at + step];
    if (match && meeting) return { reference: { meeting, implied: true, nameAliases: [] }, span: match[0].trim() };
  }
  return undefined;
}

const relativeCache = new WeakMap<KnowledgeBase, { before: RegExp; after: RegExp }>();
function relativePatterns(kb: KnowledgeBase): { before: RegExp; after: RegExp } {
  let patterns = relativeCache.get(kb);
  if (!patterns) {
    const counts = new Map<string, number>();
    for (const m of kb.meetings) for (const word of new Set(normalizeText(m.name).split(' '))) counts.set(word, (counts.get(word) ?? 0) + 1);
    const nouns = ['one', ...[...counts].filter(([word, n]) => n >= 2 && /^[a-z]{4,}$/.test(word)).map(([word]) => word)].map(escapeRegExp).join('|');
    const noun = `(?:(?:their|the|that) )?(?:${nouns})s?`;
    const pointer = '(?: (?:that|this|it|then|one))?';
    const side = (adjectives: string, prepositions: string) =>
      new RegExp(
        ` (?:(?:the )?(?:${adjectives}) (?:${nouns})|${noun} (?:right |just |immediately )?(?:${prepositions})${pointer}|\\b(?:meet|met)(?: \\w+){0,3} (?:${prepositions}) (?:that|then|this)(?: one)?) `,
      );
    patterns = {
      before: side('previous|prior|preceding', 'before|prior to|preceding'),
      after: side('next|following|subsequent', 'after|following'),
    };
    relativeCache.set(kb, patterns);
  }
  return patterns;
}

/** Every meeting `text` names, oldest first ("between San Francisco and Lima" names two). */
export function meetingsNamedIn(kb: KnowledgeBase, text: string): Meeting[] {
  const normalized = normalizeText(text);
  return normalized ? namedIn(patternsOf(kb), normalized).map((m) => m.meeting) : [];
}

/** The meetings a normalised text names, oldest first: by month and year, then by the rest of the text. */
function namedIn(patterns: MeetingPattern[], normalized: string): MeetingPattern[] {
  const dated = patterns.filter((m) => m.dated.test(normalized));
  const rest = dated.reduce((text, m) => text.replace(new RegExp(m.dated.source, 'g'), ' '), normalized);
  return patterns.filter((m) => dated.includes(m) || m.pattern.test(rest));
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
  const dated = monthNames(meeting, meetings);
  const names = [...aliases, normalizeText(meeting.id), ...(lastOfYear ? [year] : []), ...dated.alone];
  const alternatives = `(${names.map(escapeRegExp).join('|')})`;
  const name = ` ${normalizeText(meeting.name)} `;
  return {
    meeting,
    pattern: new RegExp(`\\b${alternatives}\\b`),
    dated: new RegExp(`\\b(${dated.withYear.map(escapeRegExp).join('|')})\\b`),
    metBefore: new RegExp(`\\b(meet|met|meeting|meetings)\\b.*\\bbefore (the )?${alternatives}\\b`),
    nameAliases: aliases.filter((alias) => name.includes(` ${alias} `)),
  };
}

/**
 * A meeting's month with its year ("november 2023", "nov 2023"), and the month alone when no
 * other meeting falls in that month ("the august meeting").
 */
function monthNames(meeting: Meeting, meetings: Meeting[]): { withYear: string[]; alone: string[] } {
  const month = Number(meeting.date.slice(5, 7));
  if (!month) return { withYear: [`never ${meeting.id}`], alone: [] };
  const full = MONTHS[month - 1]!.toLowerCase();
  const forms = [...new Set([full, full.slice(0, 3), ...(full === 'september' ? ['sept'] : [])])];
  const alone = meetings.filter((m) => Number(m.date.slice(5, 7)) === month).length === 1;
  const year = meeting.date.slice(0, 4);
  return { withYear: forms.flatMap((f) => [`${f} ${year}`, `${f} of ${year}`]), alone: alone ? forms.filter((f) => f.length > 3) : [] };
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
