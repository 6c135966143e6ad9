import { escapeRegExp, MONTHS, type Fact, type Meeting, type Person } from '../knowledge/index.ts';

/**
 * What each fact can answer, beyond its words: worked out once when the index is built, so
 * that the constraints (constraints.ts) only look them up.
 */
export const FEATURE = {
  /** States a figure ("third", "two", "40%"), dates aside. */
  number: 1,
  /** States a day ("16 November 2024", "on Thursday"). */
  dayDate: 2,
  /** States a time of day ("2 pm", "morning"). */
  timeOfDay: 4,
  /** Reports an outcome: something agreed, decided, announced. */
  outcome: 8,
  /** Attributes to someone it does not name ("an NSC spokesperson"). */
  unnamed: 16,
  /** Says when or for how long: a month, a year, a date ("until mid-2015", "through 2014"). */
  time: 32,
} as const;

export function featureFlags(fact: Fact): number {
  const answer = fact.answer;
  const anywhere = (pattern: RegExp) => pattern.test(answer) || fact.quotes.some((q) => pattern.test(q));
  return (
    (NUMBER_WORDS.test(answer) && NUMBER_WORDS.test(answer.replace(DATE, ' ')) ? FEATURE.number : 0) |
    (DAY_DATE.test(answer) || anywhere(WEEKDAY) ? FEATURE.dayDate : 0) |
    (TIME_OF_DAY.test(answer) ? FEATURE.timeOfDay : 0) |
    (anywhere(OUTCOME_ANSWER) ? FEATURE.outcome : 0) |
    (UNNAMED_PERSON.test(answer) ? FEATURE.unnamed : 0) |
    // In the source's words (its quotes): a curated answer says when it was reported ("As of
    // October 2023, …"), which is no answer to "how long".
    (fact.quotes.some((q) => A_DATE.test(q) || DURATION.test(q)) ? FEATURE.time : 0)
  );
}

/** The meetings whose place a fact's answer names ("Lima", "Peru"). */
export function placesNamed(fact: Fact, meetings: Meeting[]): string[] {
  return meetings.filter((m) => placePattern(m)?.test(fact.answer)).map((m) => m.id);
}

/** The meetings a fact's answer names by a part of their name ("at the G20 summit"). */
export function meetingsNamed(normalizedAnswer: string, nameAliases: { meeting: string; aliases: string[] }[]): string[] {
  const text = ` ${normalizedAnswer} `;
  return nameAliases.filter(({ aliases }) => aliases.some((a) => text.includes(` ${a} `))).map(({ meeting }) => meeting);
}

const placeCache = new WeakMap<Meeting, RegExp | undefined>();
function placePattern(meeting: Meeting): RegExp | undefined {
  if (!placeCache.has(meeting)) {
    const parts = (meeting.place ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    placeCache.set(meeting, parts.length ? new RegExp(`\\b(${parts.map(escapeRegExp).join('|')})\\b`) : undefined);
  }
  return placeCache.get(meeting);
}

/** One pattern per person: any of their names next to a verb of speech ("Jake Sullivan stated", "said Russel"). */
export function speakerPatterns(people: Person[]): { id: string; pattern: RegExp }[] {
  return people.map((person) => {
    const names = person.names.map(escapeRegExp).join('|');
    return {
      id: person.id,
      // The name right before the verb, maybe with an appositive between commas: "Jake Sullivan stated",
      // "Teodor Brisk, chair of the fishers' guild, said", "Daniel Russell (…), former Assistant Secretary…, told".
      // …or right after it at the end of a quote: "said Russel, who…" (not "said Biden would").
      pattern: new RegExp(`\\b(${names})(,[^,;.]{1,120},| \\([^)]{1,80}\\),[^,;.]{1,120},)?,? (\\w+ ){0,2}${SPEECH_VERBS}\\b|\\b${SPEECH_VERBS},? (${names})(?=[,.;]|\\s+who\\b|$)`),
    };
  });
}

/** The people a fact quotes or reports speaking. */
export function speakersOf(fact: Fact, patterns: { id: string; pattern: RegExp }[]): string[] {
  const texts = [...fact.quotes, fact.answer];
  // Most facts report no speech at all: one cheap test spares them a pattern per person.
  if (!texts.some((t) => SPEECH_VERB.test(t))) return [];
  return patterns.filter(({ pattern }) => texts.some((t) => pattern.test(t))).map(({ id }) => id);
}

const NUMBER_WORDS = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|fifth|once|twice|several|dozens?|hundreds?|thousands?|millions?|billions?)\b/;
const DATE = new RegExp(`\\b(\\d{1,2} )?(${MONTHS.join('|')})( \\d{4})?\\b|\\b\\d{4}\\b`, 'g');
/** DATE, tested once (DATE is global, for replace). */
const A_DATE = new RegExp(DATE.source);
/** How long, in words: "for a considerable time", "until the recovery", "for several months", "through the end of the year". */
const DURATION =
  /\b((until|till|through) (the|a|an|at least|mid|late|early|its|this|next) |for (a|an|the|some) ([a-z-]+ ){0,3}(time|period|while)|(\d+|several|a few|many) (days|weeks|months|years))/i;
const DAY_DATE = new RegExp(`\\b\\d{1,2} (${MONTHS.join('|')}) \\d{4}\\b`);
const WEEKDAY = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const TIME_OF_DAY = /\b\d{1,2}(:\d{2})? ?(am|pm)\b|o'?clock|\bnoon\b|\bmorning\b|\bafternoon\b|\bevening\b/i;
const OUTCOME_ANSWER = /\b(agree|accept|decid|decision|sign|announc|achiev|conclu|outcome|deliverable|result|affirm|commit|pledg)/i;
/** An answer that attributes to someone it does not name: "an NSC spokesperson", "a senior official". */
const UNNAMED_PERSON = /\b(an?|one) ([a-z]+ ){0,3}(official|spokesperson|spokesman|spokeswoman|source|aide)s?\b/i;
const SPEECH_VERBS = '(said|says|stated|told|mentioned|added|noted|warned|called)';
const SPEECH_VERB = new RegExp(`\\b${SPEECH_VERBS}\\b`);
