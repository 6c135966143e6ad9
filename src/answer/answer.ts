import { datingFact, describeSources, formatDate, GENERAL_MEETING, resolveMeeting, scopeLine, type Fact, type KnowledgeBase, type Meeting, type Reports } from '../knowledge/index.ts';
import { chitChat, type ChitChat } from './chit-chat.ts';
import { displayQuestion, readsAsSentence } from './display.ts';
import { citationFor, citationsFor, type Citation } from './citation.ts';
import { constraintById, type ConstraintFactors } from './constraints.ts';
import type { ConversationContext, Frame } from './frame.ts';
import { read, type Reading } from './reading.ts';
import type { Spelled } from './spelling.ts';
import { matchedWords, questionCoverage, withQueryWeights, type Candidate, type HeldOut, type QueryTerm, type RetrieveOptions } from './retrieve.ts';
import type { SearchIndex } from './search-index.ts';
import { MAX_QUESTION_CHARS, normalizeText, stripSlackMarkup } from './text.ts';
import { answerTime } from './time.ts';

/** The engine's options, with their defaults (DEFAULT_ANSWER_OPTIONS). */
export interface AnswerOptions extends RetrieveOptions, ConstraintFactors {
  /** Below this confidence the engine abstains. */
  threshold: number;
  /** A broad question lists the facts at or above this confidence. */
  listThreshold: number;
  /** At most this many facts in a list. */
  maxListed: number;
  /** At most this many suggestions. */
  maxSuggestions: number;
  /** Facts within this share of the best score are a tie (the most recent meeting wins). */
  tieBand: number;
  /** Another meeting's fact within this share of the best is offered as a suggestion. */
  alternativeBand: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  threshold: 0.62,
  listThreshold: 0.45,
  maxListed: 5,
  maxSuggestions: 3,
  coverageShare: 0.8,
  unknownWeight: 0.75,
  topicFactor: 2,
  adverbFactor: 0.3,
  inheritedFactor: 0.6,
  otherMeeting: 0.75,
  wrongKind: 0.5,
  nearMiss: 0.4,
  tieBand: 0.97,
  alternativeBand: 0.85,
};

/** What the answer depends on besides the base and the question. */
export interface AnswerInput extends Partial<AnswerOptions> {
  /** The conversation so far (a thread, a DM): a follow-up inherits its meeting and subject. */
  context?: ConversationContext;
  /** Today, for questions of time (default: the clock). */
  today?: Date;
  /** A curated question left out of the base, as if never written (kb:check's cross-validation). */
  leaveOut?: HeldOut;
}

export interface AnswerResult {
  /** The question as matched: markup stripped, cut to a sane length. */
  question: string;
  answered: boolean;
  /**
   * `answer`: one fact; `list`: several (a broad question); `time`: computed from dates;
   * `partial`: on topic, but the detail asked is not in the sources; `not-reported`: the
   * sources predate the meeting; `no-match`: abstained; `empty`: nothing to match; `chat`:
   * conversation, not a question ("thanks!", "help", "hi"), with its kind in `chat`.
   */
  kind: 'answer' | 'list' | 'time' | 'partial' | 'not-reported' | 'no-match' | 'empty' | 'chat';
  chat?: ChitChat;
  /** The reply's text as shown, or a plain sentence saying why there is none. */
  answer: string;
  confidence: number;
  /** The answering fact (the first, for a list). */
  fact?: Fact;
  /** Every fact the answer rests on, in the order shown. */
  facts: Fact[];
  meeting?: Meeting;
  /** One citation per fact. */
  sources: Citation[];
  /** For a list: its facts by meeting, newest meeting first, and how many more qualified. */
  groups?: { meeting?: Meeting; facts: Fact[] }[];
  more?: number;
  /** For `partial` and `not-reported`: what the sources do say, with its citation. */
  related?: { answer: string; fact: Fact; sources: Citation[] };
  /** Questions the base can answer: alternatives, or what to ask instead. */
  suggestions: string[];
  /** How the question was read, and the best candidates with the words each matched, for `ask --explain`. */
  frame?: Frame;
  candidates: (Candidate & { matched: string[] })[];
  /** What a follow-up in the same conversation inherits. */
  context?: ConversationContext;
}

export type { Candidate } from './retrieve.ts';
export type { ConversationContext, Frame } from './frame.ts';

/** The reply to a message with nothing to match: what the bot is about, from about.yml and the base. */
export function emptyQuestionReply(kb: KnowledgeBase): string {
  return `Ask me a question about ${scopeLine(kb)}.`;
}

/** The honest "I don't know", naming what the sources are. */
export function noAnswerReply(kb: KnowledgeBase): string {
  return `I don't know: my sources (${describeSources(kb)}, about ${kb.about.subject}) don't say.`;
}

/**
 * Answers `question` from the index: a pure function of (base, question, context, today).
 * The pipeline, top to bottom: analyse the text → parse the question into a frame →
 * retrieve candidate facts → apply the named constraints → decide what to reply.
 */
export function answerQuestion(index: SearchIndex, rawQuestion: string, input: AnswerInput = {}): AnswerResult {
  const opts: AnswerOptions = { ...DEFAULT_ANSWER_OPTIONS, ...input };
  // 1. Analyse: markup stripped, cut before any normalisation.
  const question = stripSlackMarkup(rawQuestion.slice(0, MAX_QUESTION_CHARS * 4))
    .slice(0, MAX_QUESTION_CHARS)
    .trim();
  const chat = chitChat(question);
  if (chat) return chatReply(index, question, chat, opts);
  if (!/[\p{L}\p{N}]/u.test(normalizeText(withoutEmoji(question)))) return empty(index, question, opts);
  const today = input.today ?? new Date();
  // Typos read as the base's words, once for every reading below (spelling.ts).
  const spelled = index.speller.correct(question);
  const alone = decide(index, question, readBest(index, spelled, opts, undefined, input.leaveOut), opts, today);
  if (!input.context) return alone;
  // In a conversation, the earlier messages only fill what the question lacks: a question
  // that names its meeting and is answered on its own gets the reply it gets alone; one that
  // is answered only with the context ("who said that?", "and AI?") gets the context's.
  const inThread = decide(index, question, readInThread(index, spelled, opts, input.context, input.leaveOut), opts, today);
  // "He" or "she" is the person the conversation is about, "the one before" the meeting before
  // its meeting, "did that change" its subject: never whoever or whatever the words alone find.
  // A demonstrative does so only in a question that names no one: one that does says what it is about.
  if (inThread.frame?.referent || inThread.frame?.relative || (inThread.frame?.pointsBack && !inThread.frame.people.length)) return inThread;
  const fullySpecified = Boolean(alone.frame?.ownSubject) && (alone.frame?.meeting !== undefined || index.kb.meetings.length <= 1);
  return isAnswer(alone) && (fullySpecified || (Boolean(alone.frame?.ownSubject) && !isAnswer(inThread))) ? alone : inThread;
}

/**
 * Steps 2–4: parse, retrieve and constrain the whole message, and each sentence of a chatty
 * one ("Hey all! … where did they meet before that? Thanks!!"), whichever reads best.
 */
function readBest(index: SearchIndex, spelled: Spelled, opts: AnswerOptions, context: ConversationContext | undefined, leaveOut: HeldOut | undefined): JudgedReading {
  return bestOf([spelled.text, ...questionSentences(spelled.text)].map((text) => judge(index, read(index, text, spelled.corrections, opts, context, leaveOut), opts)));
}

/** The reading whose best candidate scores highest (the first, on a tie). */
const bestOf = (readings: JudgedReading[]) => readings.reduce((a, b) => ((b.best?.score ?? 0) > (a.best?.score ?? 0) ? b : a));

/**
 * A follow-up read with the conversation. One that only names another meeting ("and in
 * December?") asks what the last answer told, of that meeting: it is also read after each of the
 * last answering fact's curated questions, the base's own phrasings of what was asked.
 */
function readInThread(index: SearchIndex, spelled: Spelled, opts: AnswerOptions, context: ConversationContext, leaveOut: HeldOut | undefined): JudgedReading {
  const reading = readBest(index, spelled, opts, context, leaveOut);
  const last = reading.frame.swapsMeeting ? index.facts.find((f) => f.id === context.fact) : undefined;
  if (!last) return reading;
  return bestOf([reading, ...last.questions.slice(0, COUNTERPART_QUESTIONS).map((question) => readBest(index, spelled, opts, { ...context, question }, leaveOut))]);
}
/** Of the last fact's curated questions, this many are read for its counterpart (each is one more reading). */
const COUNTERPART_QUESTIONS = 5;

const isAnswer = (r: AnswerResult) => r.answered || r.kind === 'partial' || r.kind === 'not-reported';

interface JudgedReading extends Reading {
  best?: Candidate;
}

/** The candidate to answer with, if any clears the threshold. */
function judge(index: SearchIndex, reading: Reading, opts: AnswerOptions): JudgedReading {
  const { candidates, frame } = reading;
  return { ...reading, best: preferReports(pickBest(index, candidates, frame, opts), candidates, frame, opts) };
}

function decide(index: SearchIndex, question: string, reading: JudgedReading, opts: AnswerOptions, today: Date): AnswerResult {
  const { frame, candidates, best } = reading;
  const kb = index.kb;
  const reply = (r: Pick<AnswerResult, 'answered' | 'kind' | 'answer' | 'confidence'> & Partial<AnswerResult>): AnswerResult => ({
    question,
    frame,
    candidates: candidates.slice(0, 5).map((c) => ({ ...c, matched: matchedWords(index, reading.query, c.factIndex) })),
    suggestions: [],
    facts: [],
    sources: [],
    ...r,
  });
  const answering = (facts: Fact[]) => ({ fact: facts[0], facts, sources: facts.flatMap((f) => citationsFor(kb, f)), meeting: meetingOf(kb, facts[0]), context: contextOf(index, frame, facts[0]) });

  // A question of time, computed from the dates the base gives.
  const time = frame.time && answerTime(kb, frame, candidates, today, opts.threshold);
  if (time) return reply({ answered: true, kind: 'time', answer: time.text, confidence: 1, ...answering(time.facts) });

  // Several facts, grouped by meeting: a comparison, or a broad question's list.
  const list = (shown: Candidate[], more: number, confidence: number) => {
    const groups = groupByMeeting(
      kb,
      shown.map((c) => c.fact),
    );
    return reply({ answered: true, kind: 'list', answer: listText(groups, more), confidence: round(confidence), groups, more, ...answering(groups.flatMap((g) => g.facts)) });
  };

  // Meetings or sources compared ("what changed from September to December?"): each one's best fact.
  const compared = frame.compared && comparedFacts(index, candidates, frame, opts);
  if (compared) return list(compared, 0, Math.min(...compared.map((c) => c.score)));

  // A broad question: the best few facts.
  const listed = frame.broad ? listFacts(index, candidates, opts) : undefined;
  if (listed && listed.shown.length > 1) return list(listed.shown, listed.more, listed.shown[0]!.score);

  // What happened at a meeting every source predates: say so, then what was expected.
  const notReported = unreportedMeeting(index, frame);
  if (notReported) {
    const preview = candidates.find((c) => c.fact.meeting === notReported.id && c.base >= opts.listThreshold);
    const answer = `My sources were written before the ${notReported.name} (${formatDate(notReported.date)}): ${describeWritten(kb, notReported)}, so they do not report what happened there.`;
    return reply({
      answered: false,
      kind: 'not-reported',
      answer,
      confidence: round(preview?.base ?? 0),
      meeting: notReported,
      related: preview && related(kb, preview, 'What was expected'),
      context: { question: frame.text, meeting: notReported.id },
    });
  }

  // What a source's front matter does not give ("who published it?"): said plainly.
  if (best && best.score >= opts.threshold && best.fact.derived === 'unstated') {
    return reply({ answered: false, kind: 'partial', answer: best.fact.answer, confidence: round(best.score), sources: [citationFor(kb, best.fact)], context: contextOf(index, frame, best.fact) });
  }

  // One fact.
  if (best && best.score >= opts.threshold) {
    return reply({
      answered: true,
      kind: 'answer',
      answer: frame.whichSource ? namingItsSource(kb, best.fact) : best.fact.answer,
      confidence: round(best.score),
      suggestions: alternatives(index, reading, best, opts),
      ...answering([best.fact]),
    });
  }

  // On topic, but the detail asked is not in the sources.
  const partial = onTopicButLacking(candidates, opts);
  if (partial) {
    const missing = constraintById(partial.applied[0]!.id)!.missing;
    return reply({
      answered: false,
      kind: 'partial',
      answer: `My sources don't say ${missing}.`,
      confidence: round(partial.base),
      related: related(kb, partial, 'What they do say'),
      meeting: meetingOf(kb, partial.fact),
      context: contextOf(index, frame, partial.fact),
    });
  }

  // Nothing: say so plainly, and offer what the base can answer.
  const close = unique(candidates.filter((c) => c.score > 0.2).map((c) => bestQuestion(index, c, reading.query)));
  return reply({
    answered: false,
    kind: 'no-match',
    answer: noAnswerReply(kb),
    confidence: round(best?.score ?? 0),
    suggestions: (close.length ? close : starterQuestions(index, opts)).slice(0, opts.maxSuggestions),
    // The conversation keeps its meeting and its person ("he"), though this had no answer.
    context:
      frame.meeting || frame.referent ? { question: frame.text, ...(frame.meeting ? { meeting: frame.meeting.meeting.id } : {}), ...(frame.referent ? { person: frame.referent } : {}) } : undefined,
  });
}

/** The short reply to conversation: never a fact; help and hello offer questions to ask. */
function chatReply(index: SearchIndex, question: string, chat: ChitChat, opts: AnswerOptions): AnswerResult {
  const kb = index.kb;
  const text: Record<ChitChat, string> = {
    help: emptyQuestionReply(kb),
    greeting: `Hi! I answer questions about ${scopeLine(kb)}.`,
    thanks: "You're welcome! Ask me anything else when you need it.",
    acknowledgement: '👍',
    farewell: "Bye! I'm here when you have another question.",
  };
  const suggestions = chat === 'help' || chat === 'greeting' ? starterQuestions(index, opts) : [];
  return { question, answered: false, kind: 'chat', chat, answer: text[chat], confidence: 0, facts: [], sources: [], suggestions, candidates: [] };
}

function empty(index: SearchIndex, question: string, opts: AnswerOptions): AnswerResult {
  return { question, answered: false, kind: 'empty', answer: emptyQuestionReply(index.kb), confidence: 0, facts: [], sources: [], suggestions: starterQuestions(index, opts), candidates: [] };
}

/** Best candidate; among near-ties about different meetings, the most recent meeting's. */
function pickBest(index: SearchIndex, candidates: Candidate[], frame: Frame, opts: AnswerOptions): Candidate | undefined {
  const first = candidates[0];
  if (!first || frame.meeting) return first;
  const ties = candidates.filter((c) => c.score >= first.score * opts.tieBand);
  return ties.reduce((a, b) => (index.factRecency[b.factIndex]! > index.factRecency[a.factIndex]! ? b : a), first);
}

/**
 * Among candidates about the same meeting, the fact that reports the way the question asks:
 * what was expected (a preview) when it says so, else what happened (a later report). Asked
 * outright, any such fact that clears the threshold answers; asked neither way, the later
 * report wins only a near-tie.
 */
function preferReports(best: Candidate | undefined, candidates: Candidate[], frame: Frame, opts: AnswerOptions): Candidate | undefined {
  const wanted: Reports = frame.expected ? 'expected' : 'happened';
  if (!best || best.fact.reports === undefined || best.fact.reports === wanted) return best;
  const floor = frame.expected || frame.happened ? opts.threshold : best.score * opts.tieBand;
  return candidates.find((c) => c.fact.meeting === best.fact.meeting && c.fact.reports === wanted && c.score >= floor) ?? best;
}

/**
 * A question about what happened at the meeting it names (or a follow-up inherits) that no
 * source reports on (every source about it was written before it): the meeting.
 */
function unreportedMeeting(index: SearchIndex, frame: Frame): Meeting | undefined {
  if (frame.expected || !(frame.happened || frame.outcome) || frame.future) return undefined;
  const meeting = frame.meeting?.meeting;
  if (!meeting) return undefined;
  const facts = index.kb.facts.filter((f) => f.meeting === meeting.id);
  return facts.length && facts.every((f) => f.reports === 'expected') ? meeting : undefined;
}

/** "the latest, a news article, is from November 2024". */
function describeWritten(kb: KnowledgeBase, meeting: Meeting): string {
  const sources = [...new Set(kb.facts.filter((f) => f.meeting === meeting.id).map((f) => f.source))].map((id) => kb.sources.get(id)!);
  const latest = sources.reduce((a, b) => (b.published > a.published ? b : a));
  return sources.length === 1 ? `the one that covers it, a ${latest.kind}, is from ${formatDate(latest.published)}` : `the latest, a ${latest.kind}, is from ${formatDate(latest.published)}`;
}

/**
 * The best candidate that would have answered but for a detail the question asks (a name,
 * a number, a place) that the fact lacks: on topic, so "my sources don't say …" beats silence.
 */
function onTopicButLacking(candidates: Candidate[], opts: AnswerOptions): Candidate | undefined {
  const best = [...candidates].sort((a, b) => b.base - a.base)[0];
  if (!best || best.base < opts.threshold || !best.applied.length) return undefined;
  return best.applied.every((a) => constraintById(a.id)!.kind === 'detail') ? best : undefined;
}

function related(kb: KnowledgeBase, candidate: Candidate, lead: string): AnswerResult['related'] {
  return { answer: `${lead}: ${candidate.fact.answer}`, fact: candidate.fact, sources: [citationFor(kb, candidate.fact)] };
}

/** The facts a broad question lists: the best few above the list threshold, and how many more. */
function listFacts(index: SearchIndex, candidates: Candidate[], opts: AnswerOptions): { shown: Candidate[]; more: number } {
  const qualifying = candidates.filter((c) => c.score >= opts.listThreshold);
  const shown = qualifying.slice(0, opts.maxListed).sort((a, b) => index.factRecency[b.factIndex]! - index.factRecency[a.factIndex]! || b.score - a.score);
  return { shown, more: qualifying.length - shown.length };
}

/**
 * A question that compares meetings or sources: the best fact about each that clears the
 * list threshold, newest meeting first, when at least two do.
 */
function comparedFacts(index: SearchIndex, candidates: Candidate[], frame: Frame, opts: AnswerOptions): Candidate[] | undefined {
  const about = (c: Candidate) => (frame.compared === 'meetings' ? c.fact.meeting : c.fact.source);
  const ids = frame.compared === 'meetings' ? frame.meetings.map((m) => m.id) : frame.sources.length ? frame.sources : [...index.kb.sources.keys()];
  const best = ids.map((id) => candidates.find((c) => about(c) === id && !c.fact.derived && c.score >= opts.listThreshold)).filter((c) => c !== undefined);
  return best.length > 1 ? best.sort((a, b) => index.factRecency[b.factIndex]! - index.factRecency[a.factIndex]!) : undefined;
}

/** Facts by meeting, in the order given (newest meeting first). */
function groupByMeeting(kb: KnowledgeBase, facts: Fact[]): { meeting?: Meeting; facts: Fact[] }[] {
  const groups: { meeting?: Meeting; facts: Fact[] }[] = [];
  for (const fact of facts) {
    const last = groups.at(-1);
    if (last && (last.meeting?.id ?? GENERAL_MEETING) === fact.meeting) last.facts.push(fact);
    else groups.push({ meeting: meetingOf(kb, fact), facts: [fact] });
  }
  return groups;
}

/** A list as shown: each meeting, then its facts as bullets. */
function listText(groups: { meeting?: Meeting; facts: Fact[] }[], more: number): string {
  const lines = groups.flatMap((g) => [g.meeting ? `${g.meeting.name} (${formatDate(g.meeting.date)}):` : 'In general:', ...g.facts.map((f) => `• ${f.answer}`)]);
  if (more > 0) lines.push(`…and ${more} more: ask about one of them.`);
  return lines.join('\n');
}

/** Other meetings' facts nearly as good: offered as suggestions that name their meeting. */
function alternatives(index: SearchIndex, reading: JudgedReading, best: Candidate, opts: AnswerOptions): string[] {
  if (reading.frame.meeting) return [];
  const seen = new Set<string>();
  return reading.candidates
    .filter((c) => c.fact.meeting !== best.fact.meeting && c.fact.meeting !== GENERAL_MEETING && c.score >= best.score * opts.alternativeBand)
    .filter((c) => !seen.has(c.fact.meeting) && seen.add(c.fact.meeting))
    .map((c) => withMeeting(index, bestQuestion(index, c, reading.query), c.fact.meeting))
    .slice(0, opts.maxSuggestions);
}

const QUESTION_START = /^(is|are|was|were|did|does|do|can|could|will|would|should|has|have|had)\b/i;
const QUESTION_WORD = /\b(what|who|whom|whose|when|where|why|how|which)\b/i;

/** The sentences of a message of several that read as questions; none for a one-sentence message. */
function questionSentences(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?])\s+|\s+[—–]\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (sentences.length < 2) return [];
  return sentences.filter((s) => s.endsWith('?') || QUESTION_START.test(s) || QUESTION_WORD.test(s));
}

/** Slack's emoji shortcodes (":wave:", ":+1:") are not words of a question. */
const withoutEmoji = (text: string) => text.replace(/:[a-z0-9_+'-]+:/gi, ' ');

/**
 * The fact's curated question closest to what was asked, shown as people read it: the text of
 * a suggestion. One that reads as a sentence wins over shorthand as close.
 */
function bestQuestion(index: SearchIndex, candidate: Candidate, query: QueryTerm[]): string {
  const first = index.factQuestions[candidate.factIndex]!;
  const questions = candidate.fact.questions;
  const bestAt = withQueryWeights(index, query, (weights) => {
    const value = (q: number) => questionCoverage(index, q, weights) + (readsAsSentence(questions[q - first] ?? '') ? SENTENCE_BONUS : 0);
    let at = first;
    for (let q = first; q < index.factNots[candidate.factIndex]!; q++) if (value(q) > value(at)) at = q;
    return at;
  });
  return displayQuestion(index.kb, questions[bestAt - first] ?? questions[0]!);
}

/** How much closer shorthand must be to be shown rather than a sentence ("Ai lima" against "What did they say about AI in Lima?"). */
const SENTENCE_BONUS = 0.3;

/** A suggestion that names its meeting, so that asking it picks that meeting. */
function withMeeting(index: SearchIndex, question: string, meetingId: string): string {
  const meeting = index.kb.meetings.find((m) => m.id === meetingId);
  if (!meeting) return question;
  if (resolveMeeting(index.kb, question)?.meeting.id === meetingId) return question;
  return `${question.replace(/\?$/, '')} (${meeting.name}, ${meeting.date.slice(0, 4)})?`;
}

/** What to ask when we have nothing closer: the question behind each meeting's dating fact, newest first. */
function starterQuestions(index: SearchIndex, opts: AnswerOptions): string[] {
  return exampleQuestions(index, opts.maxSuggestions);
}

/**
 * Questions the base answers well, to offer people who do not know what to ask: each
 * meeting's date, newest first, then its agenda, each a fact's own first sample question.
 */
export function exampleQuestions(index: SearchIndex, count: number): string[] {
  const meetings = [...index.kb.meetings].reverse();
  const dating = meetings.map((m) => datingFact(index.kb, m));
  const agenda = meetings.map((m) => index.kb.facts.find((f) => f.meeting === m.id && f.topics.includes('agenda')));
  return unique([...dating, ...agenda].filter((f): f is Fact => Boolean(f)).map((f) => displayQuestion(index.kb, f.questions.find(readsAsSentence) ?? f.questions[0]!))).slice(0, count);
}

/** "Which article mentions the ferry?": the answer, after the source that gives it. */
function namingItsSource(kb: KnowledgeBase, fact: Fact): string {
  const source = kb.sources.get(fact.source);
  return source ? `The ${source.kind} “${source.title}” (${formatDate(source.published)}): ${fact.answer}` : fact.answer;
}

const meetingOf = (kb: KnowledgeBase, fact: Fact | undefined) => kb.meetings.find((m) => m.id === fact?.meeting);
const contextOf = (index: SearchIndex, frame: Frame, fact: Fact | undefined): ConversationContext => ({
  // A reply about a source keeps the words that named it: "and the Lima one?" reads them.
  question: [frame.text, frame.inherited, fact?.derived && frame.sourceSpan].filter(Boolean).join(' '),
  meeting: fact && fact.meeting !== GENERAL_MEETING ? fact.meeting : frame.meeting?.meeting.id,
  ...(fact ? { source: fact.source } : frame.sources.length === 1 ? { source: frame.sources[0] } : {}),
  ...personOf(index, frame, fact),
  ...(fact ? { fact: fact.id } : {}),
});

/**
 * The one person a reply is about, for "he" in the next question: the one the question named
 * (or pointed at with "he"), unless it asked who ("who told the radio that the Prime Minister…"
 * is answered about whoever did); else the one its fact names besides the principals.
 */
function personOf(index: SearchIndex, frame: Frame, fact: Fact | undefined): { person?: string } {
  const named = frame.people.length === 1 ? frame.people[0]!.id : frame.people.length ? undefined : frame.referent;
  if (named && !` ${normalizeText(frame.text)} `.includes(' who ')) return { person: named };
  const others = fact ? fact.people.filter((id) => !index.principals.has(id)) : [];
  if (others.length === 1) return { person: others[0] };
  return named ? { person: named } : {};
}
const unique = (list: string[]) => [...new Set(list)];
const round = (x: number) => Math.round(x * 1000) / 1000;
