import {
  escapeRegExp,
  meetingsNamedIn,
  normalizeText,
  relativeMeeting,
  resolveMeeting,
  resolveSourceReference,
  whichSourceSays,
  type KnowledgeBase,
  type Meeting,
  type MeetingReference,
  type Person,
  type SourceReference,
} from '../knowledge/index.ts';
import type { Analyzer } from './analyzer.ts';

/**
 * What a question asks, read once: the kind of answer it wants, what it is about, which
 * meeting, and whether it follows up an earlier question. The rest of the pipeline reads
 * this frame, never the question's text again.
 */
export interface Frame {
  /** The kind of answer asked for (for people reading `--explain`; the flags below decide). */
  asks: 'fact' | 'list' | 'time span' | 'name' | 'number' | 'place' | 'date' | 'time of day' | "someone's words" | 'outcome';
  /** The text whose words are matched: the question, and for a follow-up the earlier one's. */
  text: string;
  /** The earlier question a follow-up inherits its subject from (its meeting words left out). */
  inherited?: string;
  meeting?: MeetingReference;
  /**
   * The sources the question names ("according to the 2024 article"), whose words are left
   * out of `text`: they say where to look, not what about. Empty when it names none.
   */
  sources: string[];
  /** The words that named them ("the sf preview"), kept with a reply about a source for "and the Lima one?". */
  sourceSpan?: string;
  /** The question names the sources together ("both articles"): see the `several-sources` constraint. */
  sourcesTogether: boolean;
  /** It asks which source says something ("which article mentions the ferry?"): the reply names it. */
  whichSource: boolean;
  /** A follow-up's source from the conversation: it decides only between facts about sources. */
  contextSource?: string;
  /** The meeting is named relative to the conversation's: "the one before", "the next meeting". */
  relative: boolean;
  /** Every meeting the question names, oldest first (a time span needs two). */
  meetings: Meeting[];
  /**
   * What the question compares: the meetings it names ("what changed from September to
   * December?"), or the sources it names together with a word that compares ("how did the
   * two statements describe inflation differently?").
   */
  compared?: 'meetings' | 'sources';
  /** People the question names. */
  people: Person[];
  /** The person "he" or "she" was read as: the one the conversation's last answer was about. */
  referent?: string;
  /** People whose own words are asked for ("what did Sullivan say"). */
  speakers: string[];
  number: boolean;
  /** "How long…", "how soon…": a figure, or a time (until when) answers it. */
  duration: boolean;
  exactDate: boolean;
  timeOfDay: boolean;
  name: boolean;
  place: boolean;
  /** "Who interviewed Sullivan?": asks for someone other than the people it names (the principals aside). */
  someoneElse: boolean;
  /** What a meeting settled ("did Xi accept…", "what did they agree"). */
  outcome: boolean;
  /** After the sources end ("the next summit", a later year). */
  future: boolean;
  /** What was expected or planned of a meeting. */
  expected: boolean;
  /** What happened at a meeting: discussed, raised, agreed there. */
  happened: boolean;
  /** "Tell me about…", "summarize…": several facts wanted. */
  broad: boolean;
  /** How long ago, how long between, whether it has happened yet. */
  time?: 'ago' | 'between' | 'yet';
  /** The unit a time question asks in ("how many days…"), if it names one. */
  unit?: 'day' | 'week' | 'month' | 'year';
  /** Words after "about" ("fentanyl" in "did Sullivan talk about fentanyl"): a fact must mention one. */
  subjects: string[][];
  /** The noun a "which" question asks for ("venue" in "which venue…"). */
  heads: Set<string>;
  followUp: boolean;
  /** A follow-up that names another meeting and nothing else ("and in December?"): the last question, asked of it. */
  swapsMeeting: boolean;
  /** "Did that change at the second meeting?": a demonstrative stands for what the conversation is about. */
  pointsBack: boolean;
  /**
   * It does not start as a follow-up ("and AI?") and says more than a meeting's name ("2023?"):
   * words of its own, or a sentence about the meeting ("was Lima their third meeting?").
   */
  ownSubject: boolean;
  /** The words spelling read typos as (spelling.ts), with what was typed and how close it was. */
  corrections: ReadonlyMap<string, { typed: string; similarity: number }>;
}

/** What the conversation so far says: the question answered last, and its meeting. */
export interface ConversationContext {
  question: string;
  meeting?: string;
  /** The source the last answer came from: "when was it written?" asks about it. */
  source?: string;
  /** The one person the last answer was about (people.yml id): "when is he coming?" asks about them. */
  person?: string;
  /** The fact the last answer gave: "and in December?" asks for its counterpart at another meeting. */
  fact?: string;
}

/**
 * "Who wrote the SF preview?" … "and the Lima one?": after a reply about a source whose
 * question named it (`previous`), "the <modifier> one" names another by the same noun.
 */
function referenceByOne(kb: KnowledgeBase, typed: string, previous: SourceReference | undefined): (SourceReference & { named: string }) | undefined {
  const normalized = ` ${normalizeText(typed)} `;
  if (!previous || !normalized.includes(' one ')) return undefined;
  const noun = previous.span.split(' ').at(-1)!;
  const reference = resolveSourceReference(kb, normalized.replace(' one ', ` ${noun} `));
  if (!reference?.sources.length || !reference.span.endsWith(` ${noun}`)) return undefined;
  // `span` as typed, to read the question without it; `named` with the noun, to keep.
  return { ...reference, span: `${reference.span.slice(0, -noun.length)}one`, named: reference.span };
}

/** A question read without the words of its reference to a source. */
const withoutReference = (text: string, reference: SourceReference | undefined) => withoutSpan(text, reference?.span);

/** A question read without the words (normalised) that said where or how to look, if any. */
const withoutSpan = (text: string, span: string | undefined) => (span ? ` ${normalizeText(text)} `.replace(` ${span} `, ' ').trim() : text);

/**
 * "When is she coming?" after an answer about the council's secretary: a question that names no one reads "he"
 * (she, his, her) as the person the last answer was about.
 */
function withReferent(kb: KnowledgeBase, typed: string, context: ConversationContext | undefined, principals: ReadonlySet<string>): string {
  const person = context?.person && kb.people.find((p) => p.id === context.person);
  if (!person || !SINGULAR_PRONOUN.test(typed)) return typed;
  const text = ` ${normalizeText(typed)} `;
  if (patternsFor(kb, principals).people.some((p) => isNamedIn(p, text))) return typed;
  return typed.replace(new RegExp(SINGULAR_PRONOUN.source, 'gi'), person.names[0]!);
}

export function parseQuestion(kb: KnowledgeBase, analyzer: Analyzer, typedText: string, latestYear: number, principals: ReadonlySet<string>, context?: ConversationContext): Frame {
  // "He" read as the conversation's person, by name (`asked`); `pointedAt`: it was.
  const asked = withReferent(kb, typedText, context, principals);
  const pointedAt = asked !== typedText;
  const percent = asked.includes('%');
  // The conversation's reference to a source, kept in its question for "and the Lima one?".
  const previous = context && resolveSourceReference(kb, context.question);
  // "Which article mentions the ferry?" asks about the ferry, and for the source that says it.
  const whichSource = whichSourceSays(kb, asked);
  const typed = withoutSpan(asked, whichSource);
  const namedSource = resolveSourceReference(kb, typed);
  const byOne = namedSource ? undefined : referenceByOne(kb, typed, previous);
  const reference = namedSource ?? byOne;
  const without = withoutReference(typed, reference);
  // "Summarize the Lima preview": a question about nothing but the source keeps its words;
  // "and the later one?" asks the last question again, of another source.
  const sourceless = !reference || byOne || analyzer.termsWithWords(without).length ? without : typed;
  // "What about the one before?": the meeting before the conversation's, its words left out
  // (unless the question names a meeting, or a source that names one: "per the spring statement").
  const relative = context?.meeting && !resolveMeeting(kb, typed) ? relativeMeeting(kb, sourceless, context.meeting) : undefined;
  const question = withoutSpan(sourceless, relative?.span);
  // Flags are read with the words that pointed at the meeting ("where was the one before?" asks a place).
  const text = ` ${normalizeText(sourceless)} `;
  const folded = analyzer.fold(question);
  let meeting = relative?.reference ?? resolveMeeting(kb, question);
  const meetings = meetingsNamedIn(kb, question);
  const content = analyzer.termsWithWords(question).filter(({ term }) => !meetingTerms(kb, analyzer).has(term));
  // Naming two meetings is not enough ("did they meet before SF, back in 2022?", "did they talk between SF and Lima?"): a word must compare.
  const compared = meetings.length > 1 && (COMPARING.test(text) || / both /.test(text)) ? 'meetings' : reference?.together && COMPARING.test(text) ? 'sources' : undefined;
  // "when?", "why?", "who?": a bare question word asks about the last answer.
  const bare = BARE_QUESTION.test(text);
  const pronoun = PRONOUN.test(text) || pointedAt;
  const pointsBack = POINTS_BACK.test(text);
  const followUp = Boolean(context) && (FOLLOW_UP.test(text) || content.length === 0 || bare || pronoun || pointsBack || Boolean(relative));
  const patterns = patternsFor(kb, principals);
  // The person "he" was read as is matched by name, but not required of a fact as one named is:
  // "did she dissent?" asks who dissented, whether or not she did.
  const referent = pointedAt ? context?.person : undefined;
  const named = patterns.people.filter((p) => p.person.id !== referent && isNamedIn(p, text));
  let inherited: string | undefined;
  if (followUp && context) {
    if (!meeting && context.meeting) {
      const m = kb.meetings.find((x) => x.id === context.meeting);
      if (m) meeting = { meeting: m, implied: true, nameAliases: [] };
    }
    const earlier = withoutMeetings(kb, withoutReference(context.question, previous));
    // "and AI?" keeps the earlier subject only when it brings none of its own.
    // A person pointed at by "he" is named now: the earlier question's words are not needed.
    if (content.length === 0 || bare || PRONOUN.test(text) || pointsBack) inherited = earlier;
    // "and the chancellor?" after "what does the prime minister want?": the earlier question, of the person named now.
    else if (FOLLOW_UP.test(text) && named.length && content.every(({ term }) => named.some((p) => analyzer.entityTerms.get(p.person.id) === term))) {
      const others = patterns.people.filter((p) => !named.includes(p) && isNamedIn(p, ` ${earlier} `));
      if (others.length)
        inherited = withoutNames(
          earlier,
          others.flatMap((p) => p.names),
        );
    }
  }
  const people = named.map((p) => p.person);
  // Wishes and plans aside: what was settled, happened or said (see WISHED_FOR).
  const settled = settledText(text);
  const speech = SPEECH_QUESTION.test(settled);
  // Whose words: a person named just before a verb of speech ("did Sullivan say", "what Xi
  // thinks") or after "according to"; "did the White House say whether Biden…" asks no one's.
  const speakers = speech ? named.filter((p) => p.speaks.test(text)).map((p) => p.person.id) : [];
  const flags = {
    number: percent || NUMBER_QUESTION.test(text),
    exactDate: EXACT_DATE_QUESTION.test(text),
    timeOfDay: TIME_OF_DAY_QUESTION.test(text),
    name: NAME_QUESTION.test(text),
    place: PLACE_QUESTION.test(text),
    someoneElse: WHO_DID.test(text) && people.some((p) => !principals.has(p.id)),
    outcome: OUTCOME_QUESTION.test(settled),
    future: (!meeting && FUTURE_QUESTION.test(text)) || [...text.matchAll(YEAR)].some((m) => Number(m[0]) > latestYear),
    expected: EXPECTATION_QUESTION.test(text),
    // "Did Biden raise…", "did they end up…": what the leaders did there.
    happened: HAPPENED_QUESTION.test(settled) || OUTCOME_QUESTION.test(settled) || patterns.didPrincipal.test(text),
    broad: BROAD_QUESTION.test(text),
  };
  const time = TIME_AGO.test(text) ? 'ago' : TIME_BETWEEN.test(text) ? 'between' : TIME_YET.test(text) ? 'yet' : undefined;
  return {
    asks: flags.broad
      ? 'list'
      : time
        ? 'time span'
        : flags.name
          ? 'name'
          : flags.place
            ? 'place'
            : flags.timeOfDay
              ? 'time of day'
              : flags.exactDate
                ? 'date'
                : flags.number
                  ? 'number'
                  : speech
                    ? "someone's words"
                    : flags.outcome
                      ? 'outcome'
                      : 'fact',
    // A time question's own words ("how many days before") say how to answer, not what about.
    // A broad question's ("give me the rundown on…") say how much to answer; a comparison's
    // ("how did … differ between September and December?") that it compares.
    text: time ? withoutWords(question, TIME_WORDS) : compared ? withoutWords(question, COMPARE_WORDS) : flags.broad ? withoutWords(question, BROAD_WORDS) : question,
    inherited,
    meeting,
    sources: reference?.sources ?? [],
    // Or, for a follow-up ("when was it written?"), the words of the conversation's.
    sourceSpan: byOne?.named ?? reference?.span ?? previous?.span,
    sourcesTogether: reference?.together ?? false,
    contextSource: followUp && !reference ? context?.source : undefined,
    relative: Boolean(relative),
    whichSource: Boolean(whichSource),
    meetings,
    compared,
    people,
    referent,
    speakers,
    ...flags,
    // A time question is not a request for a figure in a fact ("how many days…").
    number: flags.number && !time,
    duration: DURATION_QUESTION.test(text) && !time,
    time,
    unit: time ? UNITS[/\bhow many (days|weeks|months|years|yrs)\b/.exec(text)?.[1] ?? ''] : undefined,
    subjects: subjects(folded, analyzer),
    heads: headWords(folded, analyzer),
    followUp,
    swapsMeeting: followUp && content.length === 0 && !relative && Boolean(meeting && !meeting.implied && meeting.meeting.id !== context?.meeting),
    pointsBack,
    corrections: new Map(),
    ownSubject: !FOLLOW_UP.test(text) && !bare && (content.length > 0 || text.trim().split(' ').length >= 3),
  };
}

/** Whether a normalised text, padded with spaces, names the person by one of their names. */
const isNamedIn = (p: Patterns['people'][number], padded: string) => p.names.some((n) => padded.includes(` ${n} `));

interface Patterns {
  people: { person: Person; names: string[]; speaks: RegExp }[];
  /** "did they …", "did Biden …": a question about what the principals (or "they") did there. */
  didPrincipal: RegExp;
}

/** Patterns of the base's names, built once per base rather than per question. */
const patternCache = new WeakMap<KnowledgeBase, Patterns>();
function patternsFor(kb: KnowledgeBase, principals: ReadonlySet<string>): Patterns {
  let patterns = patternCache.get(kb);
  if (!patterns) {
    const people = kb.people.map((person) => {
      const names = person.names.map(normalizeText).filter(Boolean);
      const alternatives = names.map(escapeRegExp).join('|');
      return { person, names, speaks: new RegExp(`\\b(${alternatives}) (\\w+ ){0,2}${SPEECH_WORDS}\\b|\\baccording to (the )?(${alternatives})\\b`) };
    });
    const subjects = [...DID_SUBJECTS, ...people.filter((p) => principals.has(p.person.id)).flatMap((p) => p.names)].map(escapeRegExp).join('|');
    patterns = { people, didPrincipal: new RegExp(`\\bdid(n t)? (${subjects}) (\\w+ ){0,3}${EVENT_VERBS}\\b`) };
    patternCache.set(kb, patterns);
  }
  return patterns;
}

const withoutWords = (text: string, words: RegExp) => text.replace(words, ' ').replace(/\s+/g, ' ').trim();

const meetingTermCache = new WeakMap<Analyzer, Set<string>>();
function meetingTerms(kb: KnowledgeBase, analyzer: Analyzer): Set<string> {
  let terms = meetingTermCache.get(analyzer);
  if (!terms) meetingTermCache.set(analyzer, (terms = new Set(kb.meetings.flatMap((m) => [analyzer.entityTerms.get(m.id)!, m.date.slice(0, 4)]))));
  return terms;
}

/** A normalised text without any of `names` (longest first, so a full name goes whole). */
function withoutNames(text: string, names: string[]): string {
  let result = ` ${text} `;
  for (const name of [...names].sort((a, b) => b.length - a.length)) result = result.replaceAll(` ${name} `, ' ');
  return result.replace(/\s+/g, ' ').trim();
}

/** An earlier question with its meeting's names taken out, so a follow-up can name another. */
function withoutMeetings(kb: KnowledgeBase, question: string): string {
  return withoutNames(
    normalizeText(question),
    kb.meetings.flatMap((m) => [...m.aliases.map(normalizeText), m.date.slice(0, 4)]),
  );
}

/**
 * The noun a "which" question asks for: "venue" in "which venue hosted…", "companies" in
 * "which semiconductor companies are…" (the last of the words before the next filler word).
 */
function headWords(words: string, analyzer: Analyzer): Set<string> {
  const heads = new Set<string>();
  for (const m of words.matchAll(/\bwhich((?: \w+){1,3})/g)) {
    const run: string[] = [];
    for (const word of m[1]!.trim().split(' ')) {
      // Determiners before the noun phrase are skipped ("which of the cities", "which US
      // cities"); any other filler word ends it ("which is bigger" asks for no noun).
      if (!analyzer.isStopword(word)) run.push(word);
      else if (run.length || !HEAD_FILLER.has(word)) break;
    }
    if (run.length) heads.add(run.at(-1)!);
  }
  return heads;
}

/**
 * What a question is about: the noun phrase after "about", "regarding" or "re", up to the next
 * filler word ("fentanyl" in "did Sullivan talk about fentanyl on Face the Nation").
 */
function subjects(words: string, analyzer: Analyzer): string[][] {
  const phrases: string[][] = [];
  for (const m of words.matchAll(/\b(?:about|regarding|re)((?: \w+){1,4})/g)) {
    const phrase: string[] = [];
    for (const word of m[1]!.trim().split(' ')) {
      if (!analyzer.isStopword(word)) phrase.push(word);
      else if (phrase.length) break;
    }
    if (phrase.length) phrases.push(phrase);
  }
  return phrases;
}

// General English: how questions ask for each kind of answer. Questions arrive normalised:
// "what's" and "who's" have lost their "'s" ("what biden approval rating").
const NUMBER_QUESTION =
  /\bhow (many|much|long|old|tall|big|far|often|high|large|soon)\b|\b(percentage|percent|number|rate|figure|age|birthday|born)\b|\bwhat( is| was| were| are)? (?!about\b)(\w+ ){0,3}(ratings?|score|total|amount|cost|price|budget|size|population|margin)\b/;
/** "What's his name", "name of…", and "who is the <role>" (asks which person holds it). */
const NAME_QUESTION = /\b(what|whats|what s) (is |was |are |were )?(the |their |his |her )?names?\b|\bname of\b|\bwho (is |was |are |were )?the\b/;
/**
 * "Who interviewed Sullivan?": who did something to someone it names (not "who is…", "who
 * said…", nor "who did Russel talk to?", whose answer may be an outlet).
 */
const WHO_DID = /^ (?:and |so )?who (?!is |was |are |were |s |said |says |did |does |do )\w+/;
/** Asks how long (a kind of number question that a time answers too). */
const DURATION_QUESTION = /\bhow (long|soon)\b/;
const EXACT_DATE_QUESTION = /\b(exact|precise) (date|day)\b|\b(what|which) (date|day)\b|\bday of the month\b/;
const TIME_OF_DAY_QUESTION = /\b(what|which|at what) time\b/;
const PLACE_QUESTION = /\bwhere\b.*\b(held|host|hosted|take place|took place|located|happen|happened|meet|met|meeting|summit)\b|\b(venue|location|which city|what city)\b/;
/**
 * What someone wanted, asked or pushed for, and what could or would happen, is not what was
 * settled or said: "did Beijing push to loosen the rules", "what could come out of the
 * meeting", "would Biden tell Xi to…" ask about a wish or a plan. Those clauses go before the
 * words of outcomes, of what happened and of speech are looked for.
 */
const WISHED_FOR =
  /\b(want|wants|wanted|wanting|wish|wished|push|pushes|pushed|pushing|ask|asks|asked|asking|seek|seeks|sought|hope|hopes|hoped|urge|urges|urged|press|presses|pressed|expect|expects|expected|plan|plans|planned|aim|aims|aimed|try|tries|tried)( \w+){0,3}? to \w+/g;
const MODAL = /\b(could|would|might|may|will|should|wont|wouldnt|couldnt)( \w+){0,3}/g;
const settledText = (text: string) => text.replace(WISHED_FOR, ' ').replace(MODAL, ' ');
const OUTCOME_QUESTION =
  /\b(agree|agreed|agreement|accept|accepted|decide|decided|sign|signed|announce|announced|achieve|achieved|conclude|concluded|outcomes?|results?|relax|relaxed|loosen|loosened|lift|lifted)\b/;
const FUTURE_QUESTION = /\b(next|upcoming|future)\b/;
const HAPPENED_QUESTION = /\b(happened|discussed|talked|raised|covered|addressed|agreed|decided|took place|came out of|come out of|end up|ended up|outcomes?|results?|achieved|accomplished)\b/;
const EXPECTATION_QUESTION = /\b(going to|gonna|expect|expects|expected|expecting|expectations?|plan|plans|planned|planning|preview|anticipated?|supposed|scheduled|intend|intended|intending|due)\b/;
const YEAR = /\b(19|20)\d\d\b/g;
const SPEECH_WORDS = '(say|said|says|saying|think|thinks|thought|comment|comments|commented|respond|responded|react|reacted|reaction|claim|claimed|opinion|tell|told|mean|meant)';
const SPEECH_QUESTION = new RegExp(`\\b${SPEECH_WORDS}\\b`);
const DID_SUBJECTS = ['they', 'both', 'the two', 'the leaders', 'the two leaders', 'both leaders'];
/** What leaders do at a meeting ("did Biden raise…", "did they agree…"), as opposed to "did Biden have three meetings". */
const EVENT_VERBS = '(raise|bring|brought|discuss|talk|agree|promise|tell|say|sign|announce|accept|reject|commit|pledge|end up|mention|address|warn|ask|offer|decide|confront|press|push)';
const BROAD_QUESTION =
  /\b(tell me (about|everything)|summari[sz]e|summary of|everything (on|about|we know)|(rundown|lowdown|overview|background|backstory|context|history|latest|story|recap|angle|tldr|tl dr) (on|of|to|about|for|behind|in|from)|brief me|fill me in|catch me up|what do (you|we) know about|what s known|give me (a |the )?(rundown|overview|summary|background|recap))\b/;
/** The words that make a question broad, which say how to answer rather than what about. */
const BROAD_WORDS =
  /\b(tell me( about| everything)?|summari[sz]e|summary|everything|rundown|lowdown|overview|background|backstory|context|history|latest|story|recap|angle|tldr|tl dr|brief me|fill me in|catch me up|what do (you|we) know|what s known|give me|please|coverage|piece|article)\b/gi;
/** A word that compares ("both" and "the two" name the sources or meetings compared). */
const COMPARING_WORD = 'compare[ds]?|comparing|comparison|differ(s|ed)?|difference|different(ly)?|change[ds]?|vs|versus|same|contrast';
const COMPARING = new RegExp(`\\b(${COMPARING_WORD})\\b`);
/** A comparison's words, which say that it compares rather than what about. */
const COMPARE_WORDS = new RegExp(`\\b(${COMPARING_WORD}|between|both|each|two)\\b`, 'gi');
const TIME_AGO = /\b(how long ago|ago|how long has it been|how (many|much) (days|weeks|months|years|time) (has it been|since|have passed since)|how long since)\b/;
const TIME_BETWEEN =
  /\bhow (long|many days|many weeks|many months|many years|many yrs|much time) (passed |elapsed |went by )?(between|before|after|separated|apart|from)\b|\b(days|weeks|months|years|time|gap) (between|apart|separated)\b|\bhow (many|much) (days|weeks|months|years|yrs|time) (passed|elapsed|went by)\b/;
// "Is the Lima meeting over?": "over" ends the question ("go over the talks", "clash over Taiwan" ask no time).
const TIME_YET =
  /\b(yet|already happened|already taken place|still upcoming|still to come|in the past|has (it|that) happened)\b|\b(has|have|did|is|was) (the )?(\w+ ){1,5}((happened|taken place|take place)\b|over (yet |already |now )?$)/;
const UNITS: Record<string, Frame['unit']> = { days: 'day', weeks: 'week', months: 'month', years: 'year', yrs: 'year' };
const TIME_WORDS = /\b(how|long|many|much|days?|weeks?|months?|years?|yrs|ago|from|between|before|after|passed|elapsed|went by|since|yet|already|has it been|apart|gap|time)\b/gi;
/** Starts like a follow-up: "and AI?", "what about 2023?", "how about Sullivan?". */
const FOLLOW_UP = /^ (and|also|plus|what about|how about|what of|same for|and what about|ok and|then)\b/;
/** Nothing but a question word, maybe with a preposition: "when?", "and why?", "through when?", "by how much?". */
const BARE_QUESTION =
  /^ (and |so |but |ok )?((through|until|till|starting|since|from|by|for|as of|up to|beginning|ending) )?(when|where|why|who|how|what|which|how come|by whom|how so|says who|who by|what for|where exactly|when exactly|who exactly|why not|how (much|many|long|big|large|often|soon|far)( exactly)?) ?$/;
/** Words between "which" and the noun it asks for. */
const HEAD_FILLER = new Set(['of', 'the', 'these', 'those', 'us', 'our', 'their', 'its', 'a', 'an', 'all', 'both', 'two']);
/** A person pointed at: "when is he coming?", "what's her title?". */
const SINGULAR_PRONOUN = /\b(he|him|his|she|her|hers)\b/i;
/**
 * A demonstrative for what the conversation is about: "did that change", "how did the later
 * meeting describe that one?", "did it keep that date?", "did December say the same?". Not "that" of a
 * clause ("said that the minister…", "is it true that…").
 */
const POINTS_BACK =
  /(?<!\b(say|said|says|saying|think|thinks|thought|believe|believed|know|knew|report|reported|reports|mean|means|meant|so|true|clear|possible|likely|note|noted|added|warned|stated|told|tell|argued|claimed|show|showed|shows|suggest|suggests|suggested|expect|expects|expected|hope|hoped|confirm|confirms|confirmed|deny|denies|denied|among) )\b(it|this|that|those|these)\b(?! (is|was|are|were|the|a|an|he|she|they|we|there|his|her|their|its|true|possible|likely|so|right|correct|fair|known|clear)\b)|\bthe same\b/;
/** Points back at the earlier answer: "who said that?", "when was it?". */
const PRONOUN = /\b(he|she|him|his|her|hers|they|them|their|it|its|there|those|that|this|these)\b/;
