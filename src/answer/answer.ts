import type { Fact, Meeting } from '../knowledge/index.ts';
import { citationFor, type Citation } from './citation.ts';
import { closestTerm, type SearchIndex } from './search-index.ts';
import { MAX_QUESTION_CHARS, normalizeText, stripSlackMarkup, terms } from './text.ts';

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
  /** Facts within this share of the best score are a tie (the most recent meeting wins). */
  tieBand: number;
  /** Another meeting's fact within this share of the best is offered as a suggestion. */
  alternativeBand: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  threshold: 0.55,
  maxSuggestions: 3,
  coverageShare: 0.7,
  otherMeetingFactor: 0.75,
  tieBand: 0.97,
  alternativeBand: 0.85,
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
  score: number;
  coverage: number;
  questionMatch: number;
  matched: string[];
}

export const EMPTY_QUESTION_REPLY = 'Ask me a question about the Biden–Xi meetings of 2022 to 2024 (G20 2022, APEC San Francisco 2023, APEC Lima 2024).';
export const NO_ANSWER_REPLY =
  "I don't know: my sources (two news articles about the Biden–Xi meetings of 2022 to 2024) don't say.";

/**
 * Answers `question` from the index: a pure function of (base, question).
 * Steps: strip markup → terms (with typo correction) → score facts → abstain or answer.
 */
export function answerQuestion(index: SearchIndex, rawQuestion: string, options: Partial<AnswerOptions> = {}): AnswerResult {
  const opts = { ...DEFAULT_ANSWER_OPTIONS, ...options };
  const question = stripSlackMarkup(rawQuestion.slice(0, MAX_QUESTION_CHARS * 4)).slice(0, MAX_QUESTION_CHARS).trim();
  const normalized = normalizeText(question);
  if (!/[\p{L}\p{N}]/u.test(normalized)) {
    return { question, answered: false, kind: 'empty', answer: EMPTY_QUESTION_REPLY, confidence: 0, sources: [], suggestions: starterQuestions(index, opts), candidates: [] };
  }

  const namedMeeting = index.meetingAliases.find((m) => m.pattern.test(normalized))?.meeting;
  const query = resolveTerms(index, question);
  const candidates = scoreFacts(index, query, namedMeeting, opts);
  const best = pickBest(index, candidates, namedMeeting, opts);

  if (!best || best.score < opts.threshold) {
    const suggestions = unique(candidates.filter((c) => c.score > 0.2).map((c) => bestQuestion(index, c.fact, query)));
    return {
      question,
      answered: false,
      kind: 'no-match',
      answer: NO_ANSWER_REPLY,
      confidence: round(best?.score ?? 0),
      sources: [],
      suggestions: (suggestions.length ? suggestions : starterQuestions(index, opts)).slice(0, opts.maxSuggestions),
      candidates: candidates.slice(0, 5),
    };
  }

  const meeting = index.kb.meetings.find((m) => m.id === best.fact.meeting);
  const alternatives = namedMeeting
    ? []
    : candidates.filter((c) => c.fact.meeting !== best.fact.meeting && c.fact.meeting !== 'general' && c.score >= best.score * opts.alternativeBand);
  const seen = new Set<string>();
  const suggestions = alternatives
    .filter((c) => !seen.has(c.fact.meeting) && seen.add(c.fact.meeting))
    .map((c) => withMeeting(index, bestQuestion(index, c.fact, query), c.fact.meeting));
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

interface QueryTerm {
  word: string;
  id: number | undefined;
  similarity: number;
  idf: number;
  /** The known term a misspelling was read as. */
  correctedTo?: string;
}

/** The question's terms, each known exactly, corrected to a close known term, or unknown. */
function resolveTerms(index: SearchIndex, question: string): QueryTerm[] {
  const words = [...new Set(terms(question))].slice(0, 40);
  return words.map((word) => {
    const id = index.vocabulary.get(word);
    if (id !== undefined) return { word, id, similarity: 1, idf: index.idf[id]! };
    const close = closestTerm(index, word);
    if (close) {
      const closeId = index.vocabulary.get(close.term)!;
      return { word, id: closeId, similarity: close.similarity, idf: index.idf[closeId]!, correctedTo: close.term };
    }
    return { word, id: undefined, similarity: 0, idf: index.unknownIdf };
  });
}

function scoreFacts(index: SearchIndex, query: QueryTerm[], namedMeeting: Meeting | undefined, opts: AnswerOptions): Candidate[] {
  const total = query.reduce((sum, t) => sum + t.idf, 0);
  if (total === 0) return [];
  const scores = new Map<number, number>();
  for (const t of query) {
    if (t.id === undefined) continue;
    const posting = index.postings[t.id]!;
    const gain = t.idf * t.similarity;
    for (let i = 0; i < posting.facts.length; i++) {
      const f = posting.facts[i]!;
      scores.set(f, (scores.get(f) ?? 0) + gain * posting.weights[i]!);
    }
  }
  // Only the best few by coverage go on to the finer (per-question) scoring.
  const top = [...scores].sort((a, b) => b[1] - a[1]).slice(0, 30);
  const queryIds = new Map(query.filter((t) => t.id !== undefined).map((t) => [t.id!, t.similarity]));
  return top
    .map(([factIndex, raw]): Candidate => {
      const fact = index.facts[factIndex]!;
      const coverage = raw / total;
      const questionMatch = Math.max(0, ...index.questionTerms[factIndex]!.map((q) => questionCoverage(index, q, queryIds)));
      let score = opts.coverageShare * coverage + (1 - opts.coverageShare) * questionMatch;
      if (namedMeeting && fact.meeting !== namedMeeting.id && fact.meeting !== 'general') score *= opts.otherMeetingFactor;
      const matched = query
        .filter((t) => t.id !== undefined && postingHas(index, t.id, factIndex))
        .map((t) => (t.correctedTo ? `${t.word}→${t.correctedTo}` : t.word));
      return { fact, score: Math.min(1, score), coverage, questionMatch, matched };
    })
    .sort((a, b) => b.score - a.score || recencyOf(index, b.fact) - recencyOf(index, a.fact));
}

/** How much of one curated question the asker's words cover, weighted by rarity. */
function questionCoverage(index: SearchIndex, question: Int32Array, queryIds: Map<number, number>): number {
  let have = 0;
  let all = 0;
  for (const id of question) {
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
  return ties.reduce((a, b) => (recencyOf(index, b.fact) > recencyOf(index, a.fact) ? b : a), first);
}

function recencyOf(index: SearchIndex, fact: Fact): number {
  return index.kb.meetings.findIndex((m) => m.id === fact.meeting);
}

function postingHas(index: SearchIndex, termId: number, factIndex: number): boolean {
  return index.postings[termId]!.facts.includes(factIndex);
}

/** The fact's curated question closest to what was asked: the text of a suggestion. */
function bestQuestion(index: SearchIndex, fact: Fact, query: QueryTerm[]): string {
  const factIndex = index.facts.indexOf(fact);
  const ids = new Map(query.filter((t) => t.id !== undefined).map((t) => [t.id!, t.similarity]));
  const questions = index.questionTerms[factIndex] ?? [];
  let bestAt = 0;
  questions.forEach((q, i) => {
    if (questionCoverage(index, q, ids) > questionCoverage(index, questions[bestAt]!, ids)) bestAt = i;
  });
  return capitalize(fact.questions[bestAt] ?? fact.questions[0]!);
}

/** A suggestion that names its meeting, so that asking it picks that meeting. */
function withMeeting(index: SearchIndex, question: string, meetingId: string): string {
  const meeting = index.kb.meetings.find((m) => m.id === meetingId);
  if (!meeting) return question;
  const pattern = index.meetingAliases.find((m) => m.meeting.id === meetingId)?.pattern;
  if (pattern?.test(normalizeText(question))) return question;
  return `${question.replace(/\?$/, '')} (${meeting.name}, ${meeting.date.slice(0, 4)})?`;
}

/** What to ask when we have nothing closer: the question behind each meeting's key fact, newest first. */
function starterQuestions(index: SearchIndex, opts: AnswerOptions): string[] {
  return [...index.kb.meetings]
    .reverse()
    .map((m) => index.kb.facts.find((f) => f.id === m.fact))
    .filter((f): f is Fact => Boolean(f))
    .map((f) => capitalize(f.questions[0]!))
    .slice(0, opts.maxSuggestions);
}

const unique = (list: string[]) => [...new Set(list)];
const round = (x: number) => Math.round(x * 1000) / 1000;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
