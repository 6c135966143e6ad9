import { answerQuestion, buildSearchIndex, type AnswerResult, type SearchIndex } from '../answer/index.ts';
import { chitChat } from '../answer/chit-chat.ts';
import { normalizeText, type Fact, type KnowledgeBase } from '../knowledge/index.ts';
import type { QuestionOutcome, QuestionRecord } from '../state/questions.ts';
import { bestParagraph, listAddition, newFactSkeleton, newSourceSkeleton, type Placement } from './changes.ts';

/**
 * The curator's review: the recorded questions grouped by similarity, most frequent first,
 * each with what happened, what the bot does with it now, and one YAML change to paste.
 */
export interface Review {
  /** The window reviewed (ISO 8601); `from` absent when unbounded. */
  from?: string;
  to: string;
  /** Records reviewed. */
  records: number;
  /** The groups that need a change, most frequent first (at most `top`). */
  groups: ReviewGroup[];
  /** Groups that need a change beyond `top`. */
  more: number;
  /** Groups the bot now answers (a change since, or a 👎 that no longer applies): nothing to paste. */
  resolved: ReviewGroup[];
}

export interface ReviewGroup {
  /** How many times it was asked (records in the group). */
  count: number;
  /** Its phrasings, deduplicated, most frequent first; the first is the one re-asked. */
  questions: { text: string; count: number }[];
  outcomes: Partial<Record<QuestionOutcome, number>>;
  channelTypes: Partial<Record<QuestionRecord['channelType'], number>>;
  firstAt: string;
  lastAt: string;
  /** What the bot does with the most frequent phrasing now. */
  now: { kind: AnswerResult['kind']; answered: boolean; confidence: number; fact?: string };
  /** The fact that comes closest now (the answering fact, or what it said instead, or the best candidate). */
  closest?: { id: string; file: string; line: number; answer: string; score: number };
  change: Change;
  /** Another change to consider (e.g. for a thin answer that was right after all). */
  alternative?: Change;
}

export type ChangeAction = 'add-question' | 'add-not' | 'new-fact' | 'new-source' | 'none';

export interface Change {
  action: ChangeAction;
  /** One line: what to do. */
  summary: string;
  /** What to check before pasting it. */
  check: string;
  /** The fact it changes (add-question, add-not). */
  fact?: string;
  /** Ready to paste; empty for `none`. */
  yaml: string;
  placement?: Placement;
  /** What the bot answers once the change is made, tried on a copy of the base in memory. */
  after?: { kind: AnswerResult['kind']; fact?: string; confidence: number; reply?: string };
}

export interface ReviewOptions {
  /** At most this many groups needing a change (default 20; 0 for all). */
  top?: number;
  /** Phrasings whose terms overlap at least this much (Jaccard) are one group (default 0.5). */
  similarity?: number;
  /** A candidate whose score from the words alone reaches this is "close" (default 0.4). */
  closeness?: number;
  /** The window, for the report's header. */
  from?: Date;
  to?: Date;
  /** Try each change on a copy of the base (default: for bases of at most 5,000 facts). */
  verify?: boolean;
}

export const DEFAULT_REVIEW_TOP = 20;
const DEFAULT_SIMILARITY = 0.5;
const DEFAULT_CLOSENESS = 0.4;
const VERIFY_MAX_FACTS = 5_000;
const ANSWERED_KINDS = new Set<string>(['answer', 'list', 'time']);

export function reviewQuestions(index: SearchIndex, records: QuestionRecord[], options: ReviewOptions = {}): Review {
  const top = options.top ?? DEFAULT_REVIEW_TOP;
  const verify = options.verify ?? index.kb.facts.length <= VERIFY_MAX_FACTS;
  const closeness = options.closeness ?? DEFAULT_CLOSENESS;
  // Every group is re-asked; only those shown have their changes tried on a copy of the base.
  const groups = groupQuestions(index, records, options.similarity ?? DEFAULT_SIMILARITY).map((phrasings) => ({ phrasings, review: reviewGroup(index, phrasings, closeness, false) }));
  const order = (a: { review: ReviewGroup }, b: { review: ReviewGroup }) => b.review.count - a.review.count || b.review.lastAt.localeCompare(a.review.lastAt);
  const open = groups.filter((g) => g.review.change.action !== 'none').sort(order);
  const shown = (top > 0 ? open.slice(0, top) : open).map((g) => (verify ? reviewGroup(index, g.phrasings, closeness, true) : g.review));
  return {
    from: options.from?.toISOString(),
    to: (options.to ?? new Date()).toISOString(),
    records: records.length,
    groups: shown,
    more: open.length - shown.length,
    resolved: groups
      .filter((g) => g.review.change.action === 'none')
      .sort(order)
      .map((g) => g.review),
  };
}

interface Phrasing {
  key: string;
  /** Its most frequent spelling (the latest of equals). */
  text: string;
  spellings: Map<string, number>;
  records: QuestionRecord[];
  terms: Set<string>;
}

/**
 * Phrasings (the same text once normalised) grouped with the most frequent phrasing whose
 * terms (the index's analyzer: names folded, synonyms applied, stems) they share at least
 * `similarity` of (Jaccard). Each group is compared with its first, most frequent phrasing,
 * so groups do not drift by chaining.
 */
function groupQuestions(index: SearchIndex, records: QuestionRecord[], similarity: number): Phrasing[][] {
  const byKey = new Map<string, Phrasing>();
  for (const record of records) {
    const key = normalizeText(record.question);
    // "+1", "thanks!", "help": conversation, not a question a fact could answer.
    if (!key || chitChat(record.question) || !index.analyzer.termsWithWords(record.question).length) continue;
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { key, text: record.question, spellings: new Map(), records: [], terms: new Set(index.analyzer.termsWithWords(record.question).map((t) => t.term)) }));
    p.records.push(record);
    p.spellings.set(record.question, (p.spellings.get(record.question) ?? 0) + 1);
    if (p.spellings.get(record.question)! >= p.spellings.get(p.text)!) p.text = record.question;
  }
  const phrasings = [...byKey.values()].sort((a, b) => b.records.length - a.records.length || latest(b.records).localeCompare(latest(a.records)));
  const groups: Phrasing[][] = [];
  for (const p of phrasings) {
    const group = p.terms.size ? groups.find((g) => jaccard(g[0]!.terms, p.terms) >= similarity) : undefined;
    if (group) group.push(p);
    else groups.push([p]);
  }
  return groups;
}

function reviewGroup(index: SearchIndex, phrasings: Phrasing[], closeness: number, verify: boolean): ReviewGroup {
  const records = phrasings.flatMap((p) => p.records).sort((a, b) => a.at.localeCompare(b.at));
  const asked = phrasings[0]!.text;
  const result = answerQuestion(index, asked);
  const closestFact = result.fact ?? result.related?.fact ?? result.candidates[0]?.fact;
  const closestScore = closestFact ? (result.candidates.find((c) => c.fact === closestFact)?.base ?? result.confidence) : 0;
  // Wrong: a 👎 on an answer, or an answer with a thin margin. Missed: everything else.
  const wrong = records.filter((r) => r.outcome === 'thin' || (r.outcome === 'thumbs-down' && ANSWERED_KINDS.has(r.kind)));
  const recordedFact = mostCommon(wrong.map((r) => r.fact).filter((f): f is string => Boolean(f)));
  const ctx: ChangeContext = { index, asked, result, verify };
  const { change, alternative } =
    wrong.length * 2 > records.length
      ? wrongAnswerChange(
          ctx,
          recordedFact,
          wrong.some((r) => r.outcome === 'thumbs-down'),
          closeness,
        )
      : missedChange(ctx, closestFact, closestScore, closeness);
  return {
    count: records.length,
    questions: phrasings.map((p) => ({ text: p.text, count: p.records.length })),
    outcomes: countBy(records.map((r) => r.outcome)),
    channelTypes: countBy(records.map((r) => r.channelType)),
    firstAt: records.reduce((a, r) => (r.at < a ? r.at : a), records[0]!.at),
    lastAt: latest(records),
    now: { kind: result.kind, answered: result.answered, confidence: result.confidence, fact: result.fact?.id },
    closest: closestFact && { id: closestFact.id, file: closestFact.file, line: closestFact.line, answer: closestFact.answer, score: round(closestScore) },
    change,
    alternative,
  };
}

interface ChangeContext {
  index: SearchIndex;
  asked: string;
  result: AnswerResult;
  verify: boolean;
}

/** Declined, partly answered or "not reported": what would make the bot answer it. */
function missedChange(ctx: ChangeContext, closest: Fact | undefined, score: number, closeness: number): { change: Change; alternative?: Change } {
  const { index, asked, result } = ctx;
  const kb = index.kb;
  if (result.answered) {
    return {
      change: none(
        `It is answered now, by ${result.fact?.id ?? 'a computed answer'} (confidence ${result.confidence.toFixed(2)}): nothing to paste.`,
        "Check that the answer is right; if not, add the phrasing to that fact's not: list.",
      ),
    };
  }
  if (result.kind === 'not-reported' && result.meeting) {
    const { yaml, placement } = newSourceSkeleton(kb, result.meeting.id);
    return {
      change: {
        action: 'new-source',
        summary: `needs a source written after the ${result.meeting.name}: every source about it predates it`,
        check:
          'The bot replied correctly that its sources were written before the meeting. Only a later report (a readout, an article) lets it answer; add one and its facts as in "Walk-through: adding a source".',
        yaml,
        placement,
      },
    };
  }
  if (result.kind === 'partial') {
    const change = newFact(
      ctx,
      `The bot said "${result.answer}", citing ${closest?.id ?? 'a fact'}: the detail asked is in no fact. If a source gives it, add a fact quoting that passage; if none does, the reply was right and nothing needs changing.`,
    );
    return { change: { ...change, summary: 'needs a new fact, if a source gives the detail asked' } };
  }
  if (closest && score >= closeness && !includes(closest.not, asked)) {
    const add = addToList(ctx, closest, 'questions');
    if (!add.after || add.after.fact === closest.id) return { change: add };
    return { change: newFact(ctx, `Adding it to ${closest.id}'s questions would not make the bot answer with it (it would answer ${describeAfter(add.after)}), so it needs a fact of its own.`) };
  }
  return { change: newFact(ctx, closest ? `No fact comes close (the closest, ${closest.id}, scores ${score.toFixed(2)} from the words).` : 'No fact shares its words.') };
}

/** A 👎 on an answer, or a thin answer: keep the fact that answered from answering it. */
function wrongAnswerChange(ctx: ChangeContext, recordedFact: string | undefined, thumbsDown: boolean, closeness: number): { change: Change; alternative?: Change } {
  const { asked, result } = ctx;
  const fact = result.fact;
  if (!result.answered || !fact) {
    return { change: none(`It is not answered now (${result.kind}): nothing to paste.`, "Check that declining it is right; if a fact answers it, add the phrasing to that fact's questions.") };
  }
  if (recordedFact && recordedFact !== fact.id) {
    return { change: none(`It is answered now by ${fact.id}, not ${recordedFact} as when it was recorded: nothing to paste.`, `Check ${fact.id}'s answer: "${fact.answer}"`) };
  }
  if (includes(fact.questions, asked)) {
    return { change: none(`It is one of ${fact.id}'s own sample questions.`, `If ${fact.id} does not answer it, reword or remove that sample question in ${fact.file}.`) };
  }
  const addNot = addToList(ctx, fact, 'not');
  const why = thumbsDown ? `Someone marked the answer from ${fact.id} as not what they asked.` : `The bot answered with ${fact.id}, but only just (confidence ${result.confidence.toFixed(2)}).`;
  const still = addNot.after?.fact === fact.id ? ` (Even then it would still answer with it, ${describeAfter(addNot.after)}: reword the sample questions of ${fact.id} that are closest to it.)` : '';
  addNot.check = `${why} If its answer (above) does not answer the question, paste this: the bot will no longer answer it with that fact.${still}`;
  // A right fact close behind is the better fix: make it answer instead.
  // A right fact close behind is the better fix, if adding the phrasing to it makes it answer.
  const runnerUp = result.candidates.find((c) => c.fact !== fact && c.base >= closeness && !includes(c.fact.not, asked));
  const instead = runnerUp && addToList(ctx, runnerUp.fact, 'questions');
  const alternative = thumbsDown
    ? instead && (!instead.after || instead.after.fact === runnerUp.fact.id)
      ? withCheck(instead, `If ${runnerUp.fact.id} answers it ("${runnerUp.fact.answer}"), add the phrasing to its questions instead.`)
      : undefined
    : withCheck(addToList(ctx, fact, 'questions'), `If ${fact.id}'s answer is right, add the phrasing to its questions instead: the bot will answer it with confidence.`);
  return { change: addNot, alternative };
}

function addToList(ctx: ChangeContext, fact: Fact, field: 'questions' | 'not'): Change {
  const { yaml, placement } = listAddition(ctx.index.kb, fact, field, ctx.asked);
  const after = ctx.verify ? tryOn(ctx.index, ctx.asked, (f) => (f.id === fact.id ? { ...f, [field]: [...f[field], ctx.asked] } : f)) : undefined;
  return field === 'questions'
    ? {
        action: 'add-question',
        summary: `add this phrasing to ${fact.id}'s questions`,
        check: `Paste it only if ${fact.id}'s answer (above) answers the question.`,
        fact: fact.id,
        yaml,
        placement,
        after,
      }
    : { action: 'add-not', summary: `add it to ${fact.id}'s near misses (not:)`, check: '', fact: fact.id, yaml, placement, after };
}

function newFact(ctx: ChangeContext, check: string): Change {
  const found = bestParagraph(ctx.index, ctx.asked);
  const { yaml, placement } = newFactSkeleton(ctx.index.kb, ctx.asked, found);
  const start = found
    ? `The closest source paragraph (${found.source.id}, line ${found.paragraph.line}) is quoted as a starting point; trim the quote to the passage that answers it, and write the answer.`
    : 'No source paragraph shares its words: the sources may not cover it.';
  return { action: 'new-fact', summary: 'needs a new fact', check: `${check} ${start}`, yaml, placement };
}

/** What the bot answers `question` with once `edit` is applied to a copy of the base. */
function tryOn(index: SearchIndex, question: string, edit: (f: Fact) => Fact): Change['after'] {
  const kb: KnowledgeBase = { ...index.kb, facts: index.kb.facts.map(edit) };
  const r = answerQuestion(buildSearchIndex(kb), question);
  return { kind: r.kind, fact: r.fact?.id, confidence: r.confidence, reply: r.fact ? undefined : r.answer };
}

export function describeAfter(after: NonNullable<Change['after']>): string {
  if (after.fact) return `with ${after.fact} (confidence ${after.confidence.toFixed(2)})`;
  if (after.kind === 'no-match') return `with nothing: it declines it (best ${after.confidence.toFixed(2)})`;
  return `${after.kind === 'partial' ? 'partly' : `as ${after.kind}`}${after.reply ? `: "${after.reply}"` : ''}`;
}

const none = (summary: string, check: string): Change => ({ action: 'none', summary, check, yaml: '' });
const withCheck = (change: Change, check: string): Change => ({ ...change, check });
const includes = (list: string[], question: string) => list.some((q) => normalizeText(q) === normalizeText(question));
const latest = (records: QuestionRecord[]) => records.reduce((a, r) => (r.at > a ? r.at : a), records[0]!.at);
const round = (x: number) => Math.round(x * 1000) / 1000;

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

function countBy<T extends string>(list: T[]): Partial<Record<T, number>> {
  const counts: Partial<Record<T, number>> = {};
  for (const x of list) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
}

function mostCommon<T>(list: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of list) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
