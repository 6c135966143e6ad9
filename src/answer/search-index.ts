import Fuse from 'fuse.js';
import type { Fact, KnowledgeBase, Meeting } from '../knowledge/index.ts';
import { normalizeText, terms } from './text.ts';

/**
 * How much a term counts in each part of a fact. Curated questions and people's names are
 * the strongest evidence of what a fact answers; meeting aliases ("lima", "2023") only
 * say which meeting it is about.
 */
export const FIELD_WEIGHTS = { questions: 1, people: 1, topics: 0.9, answer: 0.85, meeting: 0.6 } as const;

/** Query terms shorter than this are never fuzzy-matched ("xi" must not become "yi"). */
const MIN_FUZZY_LENGTH = 4;

export interface SearchIndex {
  kb: KnowledgeBase;
  facts: Fact[];
  /** Position of each fact's meeting in time (0 = oldest); -1 for `general`. */
  factRecency: Int16Array;
  vocabulary: Map<string, number>;
  /** Per term: the facts containing it and the term's weight in each. */
  postings: { facts: Int32Array; weights: Float32Array }[];
  idf: Float64Array;
  /** Idf given to a query word the base has never seen: as rare as anything known. */
  unknownIdf: number;
  /** Per fact, per curated question: its term ids (for how much of a question was asked). */
  questionTerms: Int32Array[][];
  /** Per meeting: the normalised phrases that point at it in a question. */
  meetingAliases: { meeting: Meeting; pattern: RegExp }[];
  fuzzy: Map<string, Fuse<string>>;
}

export function buildSearchIndex(kb: KnowledgeBase): SearchIndex {
  const vocabulary = new Map<string, number>();
  const idOf = (term: string) => {
    let id = vocabulary.get(term);
    if (id === undefined) vocabulary.set(term, (id = vocabulary.size));
    return id;
  };
  const postingFacts: number[][] = [];
  const postingWeights: number[][] = [];
  const meetingIndex = new Map(kb.meetings.map((m, i) => [m.id, i]));
  const meetingTerms = new Map(kb.meetings.map((m) => [m.id, m.aliases.map(terms).filter((t) => t.length === 1).flat()]));
  const peopleById = new Map(kb.people.map((p) => [p.id, p]));
  const factRecency = new Int16Array(kb.facts.length);
  const questionTerms: Int32Array[][] = [];

  kb.facts.forEach((fact, factIndex) => {
    factRecency[factIndex] = meetingIndex.get(fact.meeting) ?? -1;
    const weights = new Map<number, number>();
    const add = (text: string, weight: number) => {
      for (const t of terms(text)) {
        const id = idOf(t);
        if ((weights.get(id) ?? 0) < weight) weights.set(id, weight);
      }
    };
    const questions = fact.questions.map((q) => {
      add(q, FIELD_WEIGHTS.questions);
      return Int32Array.from(new Set(terms(q).map(idOf)));
    });
    questionTerms.push(questions);
    for (const id of fact.people) for (const name of peopleById.get(id)?.names ?? []) add(name, FIELD_WEIGHTS.people);
    for (const topic of fact.topics) add(topic, FIELD_WEIGHTS.topics);
    add(fact.answer, FIELD_WEIGHTS.answer);
    for (const t of meetingTerms.get(fact.meeting) ?? []) add(t, FIELD_WEIGHTS.meeting);
    for (const [id, weight] of weights) {
      (postingFacts[id] ??= []).push(factIndex);
      (postingWeights[id] ??= []).push(weight);
    }
  });

  const n = kb.facts.length;
  const idf = new Float64Array(vocabulary.size);
  const postings = postingFacts.map((list, id) => {
    idf[id] = Math.log(1 + n / list.length);
    return { facts: Int32Array.from(list), weights: Float32Array.from(postingWeights[id] ?? []) };
  });

  return {
    kb,
    facts: kb.facts,
    factRecency,
    vocabulary,
    postings,
    idf,
    unknownIdf: Math.log(1 + n),
    questionTerms,
    meetingAliases: kb.meetings.map((meeting) => ({
      meeting,
      pattern: new RegExp(`\\b(${meeting.aliases.map((a) => escapeRegExp(normalizeText(a))).join('|')})\\b`),
    })),
    fuzzy: buildFuzzyBuckets([...vocabulary.keys()]),
  };
}

/**
 * Misspellings are looked up with fuse.js, but only among known terms that start with the
 * same letter and have a similar length: a few hundred short strings, not the whole base.
 */
function buildFuzzyBuckets(vocabulary: string[]): Map<string, Fuse<string>> {
  const lists = new Map<string, string[]>();
  for (const term of vocabulary) {
    if (term.length < MIN_FUZZY_LENGTH || /\d/.test(term)) continue;
    const key = bucketKey(term[0]!, term.length);
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push(term);
  }
  const buckets = new Map<string, Fuse<string>>();
  for (const [key, list] of lists) {
    buckets.set(key, new Fuse(list, { includeScore: true, threshold: 0.34, ignoreLocation: true, isCaseSensitive: true }));
  }
  return buckets;
}

const bucketKey = (first: string, length: number) => `${first}${length}`;

/** The known term closest to an unknown one, with a similarity from 0 to 1. */
export function closestTerm(index: SearchIndex, term: string): { term: string; similarity: number } | undefined {
  if (term.length < MIN_FUZZY_LENGTH || /\d/.test(term)) return undefined;
  let best: { term: string; similarity: number } | undefined;
  for (let length = term.length - 2; length <= term.length + 2; length++) {
    const fuse = index.fuzzy.get(bucketKey(term[0]!, length));
    const hit = fuse?.search(term, { limit: 1 })[0];
    if (!hit) continue;
    const similarity = 1 - (hit.score ?? 1);
    if (!best || similarity > best.similarity) best = { term: hit.item, similarity };
  }
  return best;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
