import type { Fact } from '../knowledge/index.ts';
import type { Frame } from './frame.ts';
import { factHasTerm, WEIGHT_SCALE, type SearchIndex } from './search-index.ts';

/** How retrieval weighs a question's words (part of AnswerOptions). */
export interface RetrieveOptions {
  /** Share of the score given to how much of the question the fact covers (the rest: how much of one of the fact's curated questions was asked). */
  coverageShare: number;
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
  /** Factor on the words a follow-up inherits from the earlier question. */
  inheritedFactor: number;
}

export interface QueryTerm {
  word: string;
  id: number | undefined;
  similarity: number;
  idf: number;
  /** The word as typed, where spelling read it as another (`word`'s). */
  typed?: string;
  /** The noun a "which" question asks for: the fact must mention it. */
  head?: boolean;
  /** A word of what the question is about: the fact must mention one of them. */
  subject?: boolean;
  /** Inherited by a follow-up from the earlier question, rather than typed in this one. */
  inherited?: boolean;
}

/** A fact retrieved for a question, before and after the constraints. */
export interface Candidate {
  fact: Fact;
  factIndex: number;
  /** The score from the words alone. */
  base: number;
  /** After the constraints (constraints.ts). */
  score: number;
  coverage: number;
  questionMatch: number;
  /** How closely the question matches one of the fact's near misses (`not:`). */
  notMatch: number;
  /**
   * The near miss is closer than any of the fact's questions: it matches more of itself, or as
   * much but more of what was asked ("what years was she council secretary?" matches both
   * "she council secretary" and "how many years was she council secretary?" whole).
   */
  nearMissCloser: boolean;
  /** The constraints that changed the score: id and factor. */
  applied: { id: string; factor: number }[];
}

/**
 * One curated question (a sample question or a near miss) left out of its fact, as if the
 * curator had never written it: how kb:check cross-validates the base. `onlyTerms` are the
 * terms the fact has only because that question has them.
 */
export interface HeldOut {
  factIndex: number;
  question: number;
  onlyTerms: ReadonlySet<number>;
}

/** Terms beyond this many in one question are ignored (a pasted essay is not a question). */
const MAX_QUERY_TERMS = 40;
/** How many facts, best by coverage, are scored in full. */
export const CANDIDATES = 60;

/** The question's terms, each known exactly, corrected to a close known term, or unknown. */
export function queryTerms(index: SearchIndex, frame: Frame, opts: RetrieveOptions): QueryTerm[] {
  const topics = new Set(frame.subjects.map((phrase) => phrase[0]!));
  const subjectWords = new Set(frame.subjects.flat());
  const seen = new Set<string>();
  const own = index.analyzer.termsWithWords(frame.text).map((t) => ({ ...t, weight: 1, inherited: false }));
  const inherited = frame.inherited ? index.analyzer.termsWithWords(frame.inherited).map((t) => ({ ...t, weight: opts.inheritedFactor, inherited: true })) : [];
  const unique = [...own, ...inherited].filter(({ term }) => !seen.has(term) && seen.add(term));
  return unique.slice(0, MAX_QUERY_TERMS).flatMap(({ term: word, word: original, weight, inherited }): QueryTerm | [] => {
    const head = frame.heads.has(original);
    const subject = subjectWords.has(original);
    // A word of one name typed alone ("francisco") stands for the name.
    const id = index.vocabulary.get(word) ?? index.vocabulary.get(index.nameWords.get(original) ?? '');
    if (id !== undefined) {
      const typo = frame.corrections.get(original);
      return { word, id, similarity: typo?.similarity ?? 1, idf: index.idf[id]! * weight, typed: typo?.typed, head, subject, inherited };
    }
    // The first word after "about" is what is asked ("what did Sullivan say about TikTok"); an
    // adverb ("basically") or a number ("2pm") the base does not know rarely is.
    const role = topics.has(original) ? opts.topicFactor : /..ly$|\d/.test(original) ? opts.adverbFactor : 1;
    return { word, id: undefined, similarity: 0, idf: index.maxIdf * opts.unknownWeight * role * weight, head, subject, inherited };
  });
}

/**
 * The facts that share the question's words, best first by the words alone: each fact's
 * share of the question's weight that it covers, scaled by how much of one of its curated
 * questions was asked.
 */
export function retrieve(index: SearchIndex, query: QueryTerm[], opts: RetrieveOptions, heldOut?: HeldOut): Candidate[] {
  const total = query.reduce((sum, t) => sum + t.idf, 0);
  if (total === 0) return [];
  // Accumulate each fact's share of the question's weight over the posting lists.
  const { scratch, touched, postingStart, postingFacts, postingWeights } = index;
  let touchedCount = 0;
  for (const t of query) {
    if (t.id === undefined) continue;
    const gain = (t.idf * t.similarity) / WEIGHT_SCALE;
    const skip = heldOut?.onlyTerms.has(t.id) ? heldOut.factIndex : -1;
    for (let i = postingStart[t.id]!; i < postingStart[t.id + 1]!; i++) {
      const f = postingFacts[i]!;
      if (f === skip) continue;
      // Every gain is above zero (idf, similarity and weights all are), so 0 means "not yet touched".
      if (scratch[f] === 0) touched[touchedCount++] = f;
      scratch[f]! += gain * postingWeights[i]!;
    }
  }
  const facts = touched.subarray(0, touchedCount);
  const best = topK(facts, scratch, CANDIDATES);
  for (const f of facts) scratch[f] = 0;
  // Only the best few by coverage go on to the finer (per-question) scoring.
  return withQueryWeights(index, query, (weights) =>
    best.map(([factIndex, raw]): Candidate => {
      const fact = index.facts[factIndex]!;
      const coverage = raw / total;
      const skip = heldOut?.factIndex === factIndex ? heldOut.question : -1;
      const question = bestQuestionMatch(index, weights, index.factQuestions[factIndex]!, index.factNots[factIndex]!, skip);
      const nearMiss = nearMissMatch(index, weights, factIndex, skip);
      const questionMatch = question.match;
      const notMatch = nearMiss.match;
      const nearMissCloser = notMatch > questionMatch || (notMatch > 0 && notMatch === questionMatch && nearMiss.covered > question.covered);
      // Coverage bounds the score: a fact that explains only part of the question (the rest
      // being words the base has never seen) must not win on a matching sample question.
      const base = Math.min(1, coverage * (opts.coverageShare + (1 - opts.coverageShare) * questionMatch));
      return { fact, factIndex, base, score: base, coverage, questionMatch, notMatch, nearMissCloser, applied: [] };
    }),
  );
}

/** The question's words that fact `factIndex` contains (a typo shown with what it was read as), for `ask --explain`. */
export function matchedWords(index: SearchIndex, query: QueryTerm[], factIndex: number): string[] {
  return query.filter((t) => t.id !== undefined && factHasTerm(index, t.id, factIndex)).map((t) => (t.typed ? `${t.typed}→${t.word}` : t.word));
}

/** A curated question's match: the share of it asked, and the weight of the words that share is (to break ties). */
interface Match {
  match: number;
  covered: number;
}

function bestQuestionMatch(index: SearchIndex, weights: Float64Array, from: number, to: number, skip: number): Match {
  const best = { match: 0, covered: 0 };
  for (let q = from; q < to; q++) if (q !== skip) closer(index, q, questionCoverage(index, q, weights), best);
  return best;
}

/** Keeps question `q` in `best` if it matches more, or as much with more of the asked words. */
function closer(index: SearchIndex, q: number, match: number, best: Match): void {
  const covered = match * index.questionWeights[q]!;
  if (match > best.match || (match === best.match && covered > best.covered)) {
    best.match = match;
    best.covered = covered;
  }
}

/**
 * How much of the fact's closest near miss the asker's words cover, counting only near misses
 * asked whole (a question pasted into `not:` is declined) or sharing a word with the question
 * that none of the fact's own questions has: what sets a near miss apart ("outcome" in "what was
 * the outcome of the minister's visit?") must be asked, not just the words it shares with the
 * fact ("the minister's visit").
 */
function nearMissMatch(index: SearchIndex, weights: Float64Array, factIndex: number, skip: number): Match {
  const from = index.factQuestions[factIndex]!;
  const nots = index.factNots[factIndex]!;
  const inOwnQuestions = (id: number) => {
    for (let q = from; q < nots; q++) {
      if (q === skip) continue;
      for (let i = index.questionOffsets[q]!; i < index.questionOffsets[q + 1]!; i++) if (index.questionTermIds[i] === id) return true;
    }
    return false;
  };
  const best = { match: 0, covered: 0 };
  for (let q = nots; q < index.factQuestions[factIndex + 1]!; q++) {
    if (q === skip) continue;
    const match = questionCoverage(index, q, weights);
    if (match === 0 || match < best.match) continue;
    if (match >= WHOLE) {
      closer(index, q, match, best);
      continue;
    }
    for (let i = index.questionOffsets[q]!; i < index.questionOffsets[q + 1]!; i++) {
      const id = index.questionTermIds[i]!;
      if (weights[id] && !inOwnQuestions(id)) {
        closer(index, q, match, best);
        break;
      }
    }
  }
  return best;
}

/** A near miss covered this much is asked whole (a corrected typo weighs a little less than 1). */
const WHOLE = 0.99;

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

/**
 * Runs `score` with the question's known terms as weights by term id (1, or less for a
 * corrected typo; 0 for any other term), in the index's reusable array, cleared after:
 * array reads, where a Map's lookups were a third of a whole answer's time.
 */
export function withQueryWeights<T>(index: SearchIndex, query: QueryTerm[], score: (weights: Float64Array) => T): T {
  const weights = index.termScratch;
  for (const t of query) if (t.id !== undefined) weights[t.id] = t.similarity;
  try {
    return score(weights);
  } finally {
    for (const t of query) if (t.id !== undefined) weights[t.id] = 0;
  }
}

/** How much of curated question `q` the asker's words cover, weighted by rarity (`weights`: see withQueryWeights). */
export function questionCoverage(index: SearchIndex, q: number, weights: Float64Array): number {
  const all = index.questionWeights[q]!;
  if (!all) return 0;
  let have = 0;
  for (let i = index.questionOffsets[q]!; i < index.questionOffsets[q + 1]!; i++) {
    const id = index.questionTermIds[i]!;
    const weight = weights[id]!;
    if (weight) have += index.idf[id]! * weight;
  }
  return have / all;
}
