import type { Fact, Person } from '../knowledge/index.ts';
import { MONTHS } from '../knowledge/text.ts';
import { escapeRegExp, normalizeText } from './text.ts';

/**
 * What kind of answer a question asks for, beyond its topic: a classic question-answering
 * check. "How tall is Xi?" shares its topic with facts about Xi but asks for a number none of
 * them holds; "What did Trump say?" asks for words Trump spoke, which no source quotes.
 * A fact that cannot give that kind of answer is marked down, so the engine abstains.
 */
export interface AnswerNeeds {
  number: boolean;
  exactDate: boolean;
  time: boolean;
  /** People whose own words are asked for ("what did Sullivan say"). */
  speakers: string[];
  /** People the question names: a fact about none of them answers something else (the
   *  principals, named in most facts, are the setting rather than the subject). */
  people: Person[];
  /** Asks for someone's name: the answer must name a person the sources name. */
  name: boolean;
  /** Asks where something took place: the answer must name a place. */
  place: boolean;
  /** Asks about what comes next ("the next APEC summit") or a later year: after the sources end, so unanswerable. */
  future: boolean;
  /** Asks what a meeting settled ("did Xi accept…", "what did they agree"): the fact must report an outcome. */
  outcome: boolean;
  /** Asks what was expected or planned of a meeting, rather than what happened there. */
  expected: boolean;
  /** Asks what happened at a meeting: what was discussed, raised, said or agreed there. */
  happened: boolean;
}

// Questions arrive normalised: "what's" and "who's" have lost their "'s" ("what biden approval rating").
const NUMBER_QUESTION =
  /\bhow (many|much|long|old|tall|big|far|often|high|large|soon)\b|\b(percentage|percent|number|rate|figure|age|birthday|born)\b|\bwhat( is| was| were| are)? (?!about\b)(\w+ ){0,3}(ratings?|score|total|amount|cost|price|budget|size|population|margin)\b/;
/** "What's his name", "name of…", and "who is the <role>" (asks which person holds it). */
const NAME_QUESTION = /\b(what|whats|what s) (is |was |are |were )?(the |their |his |her )?names?\b|\bname of\b|\bwho (is |was |are |were )?the\b/;
const EXACT_DATE_QUESTION = /\b(exact|precise) (date|day)\b|\b(what|which) date\b/;
/** An answer that attributes to someone it does not name: "an NSC spokesperson", "a senior official". */
const UNNAMED_PERSON = /\b(an?|one) ([a-z]+ ){0,3}(official|spokesperson|spokesman|spokeswoman|source|aide)s?\b/i;
const TIME_QUESTION = /\b(what|which|at what) time\b/;
const PLACE_QUESTION = /\bwhere\b.*\b(held|host|hosted|take place|took place|located|happen|happened|meet|met|meeting|summit)\b|\b(venue|location|which city|what city)\b/;
const OUTCOME_QUESTION = /\b(agree|agreed|agreement|accept|accepted|decide|decided|sign|signed|announce|announced|achieve|achieved|conclude|concluded|outcomes?|results?|relax|relaxed|loosen|loosened|lift|lifted)\b/;
const OUTCOME_ANSWER = /\b(agree|accept|decid|decision|sign|announc|achiev|conclu|outcome|deliverable|result)/i;
const FUTURE_QUESTION = /\b(next|upcoming|future)\b/;
const HAPPENED_QUESTION = /\b(happened|discussed|talked|raised|covered|addressed|agreed|decided|took place|came out|come out|outcomes?|results?|achieved|accomplished)\b/;
const EXPECTATION_QUESTION = /\b(going to|gonna|expect|expects|expected|expecting|expectations?|plan|plans|planned|planning|preview|anticipated?|supposed|scheduled|intend|intended|intending|due)\b/;
const YEAR = /\b(19|20)\d\d\b/g;
const SPEECH_QUESTION = /\b(say|said|says|saying|think|thinks|thought|comment|comments|commented|respond|responded|react|reacted|reaction|claim|claimed|opinion)\b/;

const NUMBER_WORDS = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|fifth|once|twice|several|dozens?|hundreds?|thousands?|millions?|billions?)\b/;
const DATE = new RegExp(`\\b(\\d{1,2} )?(${MONTHS.join('|')})( \\d{4})?\\b|\\b\\d{4}\\b`, 'g');
const DAY_DATE = new RegExp(`\\b\\d{1,2} (${MONTHS.join('|')}) \\d{4}\\b`);
const TIME_OF_DAY = /\b\d{1,2}(:\d{2})? ?(am|pm)\b|o'?clock|\bnoon\b|\bmorning\b|\bafternoon\b|\bevening\b/i;
const SPEECH_VERBS = '(said|says|stated|told|mentioned|added|noted|warned|called)';
const SPEECH_VERB = new RegExp(`\\b${SPEECH_VERBS}\\b`);

/** Whether a text says something: a RegExp, or any other test. */
export interface TextTest {
  test(text: string): boolean;
}

/**
 * `namesMeeting`: the question names one of the meetings, so "upcoming" is that meeting as the
 * source saw it. `latestYear`: the year of the newest source; a question about a later year
 * ("did Trump meet Xi in 2025?") asks what no source could know.
 */
export function answerNeeds(question: string, people: Person[], namesMeeting: boolean, latestYear: number): AnswerNeeds {
  const text = ` ${normalizeText(question)} `;
  const mentioned = people.filter((p) => p.names.some((n) => text.includes(` ${normalizeText(n)} `)));
  return {
    number: NUMBER_QUESTION.test(text),
    exactDate: EXACT_DATE_QUESTION.test(text),
    time: TIME_QUESTION.test(text),
    speakers: SPEECH_QUESTION.test(text) ? mentioned.map((p) => p.id) : [],
    people: mentioned,
    name: NAME_QUESTION.test(text),
    place: PLACE_QUESTION.test(text),
    future: (!namesMeeting && FUTURE_QUESTION.test(text)) || [...text.matchAll(YEAR)].some((m) => Number(m[0]) > latestYear),
    outcome: OUTCOME_QUESTION.test(text),
    expected: EXPECTATION_QUESTION.test(text),
    happened: HAPPENED_QUESTION.test(text) || OUTCOME_QUESTION.test(text),
  };
}

/** One pattern per person: any of their names next to a verb of speech ("Jake Sullivan stated", "said Russel"). */
export function speakerPatterns(people: Person[]): { id: string; pattern: RegExp }[] {
  return people.map((person) => {
    const names = person.names.map(escapeRegExp).join('|');
    return {
      id: person.id,
      // The name right before the verb, maybe with an appositive: "Danny Russel, told NPR", "Jake Sullivan stated".
      // …or right after it at the end of a quote: "said Russel, who…" (not "said Biden would").
      pattern: new RegExp(`\\b(${names}),? (\\w+ ){0,2}${SPEECH_VERBS}\\b|\\b${SPEECH_VERBS},? (${names})(?=[,.;]|\\s+who\\b|$)`),
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

/**
 * Whether `fact` can give the kind of answer asked for. `people`: who the fact quotes speaking
 * and who it is about (from the index). `meetingPlace`: the place of the meeting asked about,
 * else of the fact's own, as a pattern (none when the sources never say where it was).
 * `principals`: people named in most facts (Biden, Xi), who do not make a question specific.
 */
export function satisfies(
  needs: AnswerNeeds,
  fact: Fact,
  people: { speakers: readonly string[]; about: readonly string[] },
  meetingPlace: TextTest | undefined,
  principals: ReadonlySet<string>,
): boolean {
  const { speakers, about } = people;
  if (needs.future) return false;
  if (!needs.people.every((p) => principals.has(p.id) || about.includes(p.id))) return false;
  if (needs.outcome && !OUTCOME_ANSWER.test(`${fact.answer} ${fact.quotes.join(' ')}`)) return false;
  // A fact tagged with someone other than Biden and Xi names them, even beside "a senior official".
  if (needs.name && !fact.people.some((p) => !principals.has(p)) && (fact.people.length === 0 || UNNAMED_PERSON.test(fact.answer))) return false;
  if (needs.place && !meetingPlace?.test(fact.answer)) return false;
  if (needs.number && !NUMBER_WORDS.test(fact.answer.replace(DATE, ' '))) return false;
  if (needs.exactDate && !DAY_DATE.test(fact.answer)) return false;
  if (needs.time && !TIME_OF_DAY.test(fact.answer)) return false;
  if (needs.speakers.length && !needs.speakers.some((s) => speakers.includes(s))) return false;
  return true;
}


