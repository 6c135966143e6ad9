import { datingFact, describeSources, GENERAL_MEETING, resolveMeeting, scopeLine, type Fact, type KnowledgeBase, type Meeting, type MeetingReference, type Reports } from '../knowledge/index.ts';
import type { Analyzer } from './analyzer.ts';
import { citationFor, type Citation } from './citation.ts';
import { isMisspeltStopword } from './stopwords.ts';
import { answerNeeds, satisfies, type AnswerNeeds, type TextTest } from './answer-type.ts';
import { closestTerm, factHasTerm, WEIGHT_SCALE, type SearchIndex } from './search-index.ts';
import { MAX_QUESTION_CHARS, normalizeText, stripSlackMarkup } from './text.ts';

/** The engine's options, with their defaults. */
export interface AnswerOptions {
  /** Below this confidence the engine abstains. */
  threshold: number;
  /** At most this many suggestions. */
  maxSuggestions: number;
  /** Share of the score given to how much of the question the fact covers (the rest: how much of one of the fact's curated questions was asked). */
  coverageShare: number;
  /** Score factor for a fact about another meeting than the one the question names. */
  otherMeetingFactor: number;
  /** Score factor for a fact that cannot give the kind of answer asked for (a number, someone's words). */
  wrongKindFactor: number;
  /** Facts within this share of the best score are a tie (the most recent meeting wins). */
  tieBand: number;
  /** Another meeting's fact within this share of the best is offered as a suggestion. */
  alternativeBand: number;
  /**
   * Weight of a word the base has never seen (after typo correction), relative to the rarest
   * known word. Such a word often means the question is about something the sources never
   * mention ("birthday", "weather"), but it is also often just a paraphrase ("sit down with"):
   * it weighs about as much as a rare known word.
   */
  unknownWeight: number;
  /** Factor on `unknownWeight` for an unknown word right after "about": the subject asked about. */
  topicFactor: number;
  /** Factor on `unknownWeight` for an unknown adverb ("-ly") or number ("2pm"). */
  adverbFactor: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  threshold: 0.58,
  maxSuggestions: 3,
  coverageShare: 0.8,
  otherMeetingFactor: 0.75,
  wrongKindFactor: 0.5,
  tieBand: 0.97,
  alternativeBand: 0.85,
  unknownWeight: 0.75,
  topicFactor: 2,
  adverbFactor: 0.3,
};

export interface AnswerResult {
  /** The question as matched: markup stripped, cut to a sane length. */
  question: string;
  answered: boolean;
  /** `empty`: nothing to match (blank, emoji, only markup); `no-match`: abstained. */
  kind: 'answer' | 'no-match' | 'empty';
  /** The answer, or a plain sentence saying why there is none. */
  answer: string;
  confidence: number;
  fact?: Fact;
  meeting?: Meeting;
  sources: Citation[];
  /** Questions the base can answer: alternatives, or what to ask instead. */
  suggestions: string[];
  /** The best candidates, for `ask --explain`. */
  candidates: Candidate[];
}

export interface Candidate {
  fact: Fact;
  factIndex: number;
  score: number;
  coverage: number;
  questionMatch: number;
  matched: string[];
}

/** The reply to a message with nothing to match: what the bot is about, from about.yml and the base. */
export function emptyQuestionReply(kb: KnowledgeBase): string {
  return `Ask me a question about ${scopeLine(kb)}.`;
}

/** The honest "I don't know", naming what the sources are. */
export function noAnswerReply(kb: KnowledgeBase): string {
  return `I don't know: my sources (${describeSources(kb)}, about ${kb.about.subject}) don't say.`;
}

/**
 * Answers `question` from the index: a pure function of (base, question).
 * Steps: strip markup → terms (with typo correction) → score facts → abstain or answer.
 */
export function answerQuestion(index: SearchIndex, rawQuestion: string, options: Partial<AnswerOptions> = {}): AnswerResult {
  const opts = { ...DEFAULT_ANSWER_OPTIONS, ...options };
  const question = stripSlackMarkup(rawQuestion.slice(0, MAX_QUESTION_CHARS * 4)).slice(0, MAX_QUESTION_CHARS).trim();
  const normalized = normalizeText(question);
  if (!/[\p{L}\p{N}]/u.test(normalized)) {
    return { question, answered: false, kind: 'empty', answer: emptyQuestionReply(index.kb), confidence: 0, sources: [], suggestions: starterQuestions(index, opts), candidates: [] };
  }

  const asked = resolveMeeting(index.kb, question);
  const namedMeeting = asked?.meeting;
  // A chatty message ("Hey all! … where did they meet before that? Thanks!!") is also tried
  // sentence by sentence: the question in it should not drown in its greetings.
  const { query, candidates, best } = [question, ...questionSentences(question)]
    .map((text) => matchText(index, text, asked, opts))
    .reduce((a, b) => ((b.best?.score ?? 0) > (a.best?.score ?? 0) ? b : a));

  if (!best || best.score < opts.threshold) {
    const suggestions = unique(candidates.filter((c) => c.score > 0.2).map((c) => bestQuestion(index, c, query)));
    return {
      question,
      answered: false,
      kind: 'no-match',
      answer: noAnswerReply(index.kb),
      confidence: round(best?.score ?? 0),
      sources: [],
      suggestions: (suggestions.length ? suggestions : starterQuestions(index, opts)).slice(0, opts.maxSuggestions),
      candidates: candidates.slice(0, 5),
    };
  }

  const meeting = index.kb.meetings.find((m) => m.id === best.fact.meeting);
  const alternatives = namedMeeting
    ? []
    : candidates.filter((c) => c.fact.meeting !== best.fact.meeting && c.fact.meeting !== GENERAL_MEETING && c.score >= best.score * opts.alternativeBand);
  const seen = new Set<string>();
  const suggestions = alternatives
    .filter((c) => !seen.has(c.fact.meeting) && seen.add(c.fact.meeting))
    .map((c) => withMeeting(index, bestQuestion(index, c, query), c.fact.meeting));
  return {
    question,
    answered: true,
    kind: 'answer',
    answer: best.fact.answer,
    confidence: round(best.score),
    fact: best.fact,
    meeting,
    sources: [citationFor(index.kb, best.fact)],
    suggestions: suggestions.slice(0, opts.maxSuggestions),
    candidates: candidates.slice(0, 5),
  };
}

function matchText(index: SearchIndex, text: string, asked: MeetingReference | undefined, opts: AnswerOptions) {
  const namedMeeting = asked?.meeting;
  const query = resolveTerms(index, text, opts);
  const needs = answerNeeds(text, index.kb.people, Boolean(namedMeeting), index.latestYear);
  const candidates = scoreFacts(index, query, asked, needs, opts);
  return { query, candidates, best: preferReports(pickBest(index, candidates, namedMeeting, opts), candidates, needs, opts) };
}

const QUESTION_START = /^(is|are|was|were|did|does|do|can|could|will|would|should|has|have|had)\b/i;
const QUESTION_WORD = /\b(what|who|whom|whose|when|where|why|how|which)\b/i;

/** The sentences of a message of several that read as questions; none for a one-sentence message. */
function questionSentences(text: string): string[] {
  const sentences = text.split(/(?<=[.!?])\s+|\s+[—–]\s+/).map((s) => s.trim()).filter(Boolean);
  if (sentences.length < 2) return [];
  return sentences.filter((s) => s.endsWith('?') || QUESTION_START.test(s) || QUESTION_WORD.test(s));
}

interface QueryTerm {
  word: string;
  id: number | undefined;
  similarity: number;
  idf: number;
  /** The known term a misspelling was read as. */
  correctedTo?: string;
  /** The noun a "which" question asks for ("venue" in "which venue…"): the fact must mention it. */
  head?: boolean;
  /** A word of what the question is about ("fentanyl" in "did Sullivan talk about fentanyl"): the fact must mention one of them. */
  subject?: boolean;
}

/** The question's terms, each known exactly, corrected to a close known term, or unknown. */
function resolveTerms(index: SearchIndex, question: string, opts: AnswerOptions): QueryTerm[] {
  // Read in the words the terms come from, with names of several words folded into one ("ai").
  const { analyzer } = index;
  const words = analyzer.fold(question);
  const subjectPhrases = subjects(words, analyzer);
  const topics = new Set(subjectPhrases.map((phrase) => phrase[0]!));
  const subjectWords = new Set(subjectPhrases.flat());
  const heads = headWords(words, analyzer);
  const seen = new Set<string>();
  const unique = analyzer.termsWithWords(question).filter(({ term }) => !seen.has(term) && seen.add(term));
  return unique.slice(0, MAX_QUERY_TERMS).flatMap(({ term: word, word: original }): QueryTerm | [] => {
    const head = heads.has(original);
    const subject = subjectWords.has(original);
    const id = index.vocabulary.get(word);
    if (id !== undefined) return { word, id, similarity: 1, idf: index.idf[id]!, head, subject };
    const close = closestTerm(index, word);
    if (close) {
      const closeId = index.vocabulary.get(close.term)!;
      return { word, id: closeId, similarity: close.similarity, idf: index.idf[closeId]!, correctedTo: close.term, head, subject };
    }
    // A typo of a filler word ("wher", "waht") carries no meaning either.
    if (isMisspeltStopword(original)) return [];
    // The first word after "about" is what is asked ("what did Sullivan say about TikTok"); an
    // adverb ("basically") or a number ("2pm") the base does not know rarely is.
    const role = topics.has(original) ? opts.topicFactor : /..ly$|\d/.test(original) ? opts.adverbFactor : 1;
    return { word, id: undefined, similarity: 0, idf: index.maxIdf * opts.unknownWeight * role, head, subject };
  });
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
      if (analyzer.isStopword(word)) break;
      run.push(word);
    }
    if (run.length) heads.add(run.at(-1)!);
  }
  return heads;
}

/**
 * What a question is about: the noun phrase after "about", "regarding" or "re", up to the next
 * filler word ("fentanyl" in "did Sullivan talk about fentanyl on Face the Nation", "upcoming
 * sf summit" in "what do analysts think about the upcoming sf summit").
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

/** Terms beyond this many in one question are ignored (a pasted essay is not a question). */
const MAX_QUERY_TERMS = 40;

function scoreFacts(index: SearchIndex, query: QueryTerm[], asked: MeetingReference | undefined, needs: AnswerNeeds, opts: AnswerOptions): Candidate[] {
  const namedMeeting = asked?.meeting;
  const total = query.reduce((sum, t) => sum + t.idf, 0);
  if (total === 0) return [];
  // Accumulate each fact's share of the question's weight over the posting lists.
  const { scratch, touched, postingStart, postingFacts, postingWeights } = index;
  let touchedCount = 0;
  for (const t of query) {
    if (t.id === undefined) continue;
    const gain = (t.idf * t.similarity) / WEIGHT_SCALE;
    for (let i = postingStart[t.id]!; i < postingStart[t.id + 1]!; i++) {
      const f = postingFacts[i]!;
      // Every gain is above zero (idf, similarity and weights all are), so 0 means "not yet touched".
      if (scratch[f] === 0) touched[touchedCount++] = f;
      scratch[f]! += gain * postingWeights[i]!;
    }
  }
  const facts = touched.subarray(0, touchedCount);
  const best = topK(facts, scratch, CANDIDATES);
  for (const f of facts) scratch[f] = 0;
  const queryIds = knownTerms(query);
  // Only the best few by coverage go on to the finer (per-question) scoring.
  return best
    .map(([factIndex, raw]): Candidate => {
      const fact = index.facts[factIndex]!;
      const coverage = raw / total;
      let questionMatch = 0;
      for (let q = index.factQuestions[factIndex]!; q < index.factQuestions[factIndex + 1]!; q++) {
        questionMatch = Math.max(questionMatch, questionCoverage(index, q, queryIds));
      }
      // Coverage bounds the score: a fact that explains only part of the question (the rest
      // being words the base has never seen) must not win on a matching sample question.
      let score = coverage * (opts.coverageShare + (1 - opts.coverageShare) * questionMatch);
      if (namedMeeting && fact.meeting !== namedMeeting.id && fact.meeting !== GENERAL_MEETING) score *= opts.otherMeetingFactor;
      if (!satisfies(needs, fact, { speakers: index.speakers[factIndex]!, about: index.about[factIndex]! }, placeAskedFor(index, asked, fact), index.principals)) score *= opts.wrongKindFactor;
      // "Which venue…": a fact that never mentions a venue cannot say which one.
      if (query.some((t) => t.head && (t.id === undefined || !factHasTerm(index, t.id, factIndex)))) score *= opts.wrongKindFactor;
      // "Did Sullivan talk about fentanyl": a fact about Sullivan that never mentions fentanyl is about something else.
      const subjectTerms = query.filter((t) => t.subject);
      if (subjectTerms.length && !subjectTerms.some((t) => t.id !== undefined && factHasTerm(index, t.id, factIndex))) score *= opts.wrongKindFactor;
      const matched = query
        .filter((t) => t.id !== undefined && factHasTerm(index, t.id, factIndex))
        .map((t) => (t.correctedTo ? `${t.word}→${t.correctedTo}` : t.word));
      return { fact, factIndex, score: Math.min(1, score), coverage, questionMatch, matched };
    })
    .sort((a, b) => b.score - a.score || index.factRecency[b.factIndex]! - index.factRecency[a.factIndex]!);
}

/**
 * What a "where" question needs the fact to name. "Where was the G20 meeting?" needs the place
 * of the meeting asked about, not of the fact's own. "Where did they meet before San
 * Francisco?" is answered by naming that meeting ("at the G20 summit"), even where no source
 * gives its city; naming the meeting only repeats a question that itself names it.
 */
function placeAskedFor(index: SearchIndex, asked: MeetingReference | undefined, fact: Fact): TextTest | undefined {
  const place = index.places.get(asked?.meeting.id ?? fact.meeting);
  if (place || !asked?.implied || !asked.nameAliases.length) return place;
  return { test: (answer) => asked.nameAliases.some((alias) => ` ${normalizeText(answer)} `.includes(` ${alias} `)) };
}

/** How many facts, best by coverage, are scored in full. */
const CANDIDATES = 60;

/** The `k` facts with the highest scores, best first, in one pass (no sort of every fact). */
function topK(facts: Int32Array, scores: Float64Array, k: number): [number, number][] {
  const top: [number, number][] = [];
  for (const f of facts) {
    const entry: [number, number] = [f, scores[f]!];
    if (top.length === k && entry[1] <= top[k - 1]![1]) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && top[i - 1]![1] < entry[1]) {
      if (i < k) top[i] = top[i - 1]!;
      i--;
    }
    top[i] = entry;
  }
  return top;
}

/** The question's known terms, with how surely each was read (1, or less for a corrected typo). */
function knownTerms(query: QueryTerm[]): Map<number, number> {
  return new Map(query.filter((t) => t.id !== undefined).map((t) => [t.id!, t.similarity]));
}

/** How much of curated question `q` the asker's words cover, weighted by rarity. */
function questionCoverage(index: SearchIndex, q: number, queryIds: Map<number, number>): number {
  let have = 0;
  let all = 0;
  for (let i = index.questionOffsets[q]!; i < index.questionOffsets[q + 1]!; i++) {
    const id = index.questionTermIds[i]!;
    const idf = index.idf[id]!;
    all += idf;
    have += idf * (queryIds.get(id) ?? 0);
  }
  return all ? have / all : 0;
}

/** Best candidate; among near-ties about different meetings, the most recent meeting's. */
function pickBest(index: SearchIndex, candidates: Candidate[], namedMeeting: Meeting | undefined, opts: AnswerOptions): Candidate | undefined {
  const first = candidates[0];
  if (!first || namedMeeting) return first;
  const ties = candidates.filter((c) => c.score >= first.score * opts.tieBand);
  return ties.reduce((a, b) => (index.factRecency[b.factIndex]! > index.factRecency[a.factIndex]! ? b : a), first);
}

/**
 * Among near-ties about the same meeting, the fact that reports the way the question asks:
 * what was expected (a preview) when it says so, else what happened (a later report).
 */
function preferReports(best: Candidate | undefined, candidates: Candidate[], needs: AnswerNeeds, opts: AnswerOptions): Candidate | undefined {
  const wanted: Reports = needs.expected ? 'expected' : 'happened';
  if (!best || best.fact.reports === undefined || best.fact.reports === wanted) return best;
  // Asked outright (what was discussed, agreed, planned…), any fact that reports it that way
  // and clears the threshold answers; asked neither way, the later report wins only a near-tie.
  const floor = needs.expected || needs.happened ? opts.threshold : best.score * opts.tieBand;
  return candidates.find((c) => c.fact.meeting === best.fact.meeting && c.fact.reports === wanted && c.score >= floor) ?? best;
}

/** The fact's curated question closest to what was asked: the text of a suggestion. */
function bestQuestion(index: SearchIndex, candidate: Candidate, query: QueryTerm[]): string {
  const ids = knownTerms(query);
  const first = index.factQuestions[candidate.factIndex]!;
  let bestAt = first;
  for (let q = first; q < index.factQuestions[candidate.factIndex + 1]!; q++) {
    if (questionCoverage(index, q, ids) > questionCoverage(index, bestAt, ids)) bestAt = q;
  }
  return capitalize(candidate.fact.questions[bestAt - first] ?? candidate.fact.questions[0]!);
}

/** A suggestion that names its meeting, so that asking it picks that meeting. */
function withMeeting(index: SearchIndex, question: string, meetingId: string): string {
  const meeting = index.kb.meetings.find((m) => m.id === meetingId);
  if (!meeting) return question;
  if (resolveMeeting(index.kb, question)?.meeting.id === meetingId) return question;
  return `${question.replace(/\?$/, '')} (${meeting.name}, ${meeting.date.slice(0, 4)})?`;
}

/** What to ask when we have nothing closer: the question behind each meeting's key fact, newest first. */
function starterQuestions(index: SearchIndex, opts: AnswerOptions): string[] {
  return [...index.kb.meetings]
    .reverse()
    .map((m) => datingFact(index.kb, m))
    .filter((f): f is Fact => Boolean(f))
    .map((f) => capitalize(f.questions[0]!))
    .slice(0, opts.maxSuggestions);
}

const unique = (list: string[]) => [...new Set(list)];
const round = (x: number) => Math.round(x * 1000) / 1000;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
