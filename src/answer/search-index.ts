import { normalizeText, sourceFacts, type Fact, type KnowledgeBase } from '../knowledge/index.ts';
import { createAnalyzer, type Analyzer } from './analyzer.ts';
import { isEnglishWord } from './english-words.ts';
import { buildSpeller, type Speller } from './spelling.ts';
import { featureFlags, meetingsNamed, placesNamed, speakerPatterns, speakersOf } from './features.ts';

/**
 * How much a term counts in each part of a fact. Curated questions and people's names are
 * the strongest evidence of what a fact answers; meeting aliases ("lima", "2023") only
 * say which meeting it is about.
 */
export const FIELD_WEIGHTS = { questions: 1, people: 1, topics: 0.9, answer: 0.85, quote: 0.7, meeting: 0.6 } as const;

/** Weights are stored as one byte each (hundredths): a 100,000-fact base has ~10 million postings. */
export const WEIGHT_SCALE = 100;

/** A person tagged in at least this share of facts is a principal (see SearchIndex.principals). */
const PRINCIPAL_SHARE = 0.25;

/**
 * The engine's view of a knowledge base, built once at start-up. Flat typed arrays keep a
 * 100,000-fact base small and each query to a few passes over short posting lists.
 */
export interface SearchIndex {
  /** The base as curated; `facts` adds the facts made from its sources' front matter. */
  kb: KnowledgeBase;
  /** How text becomes terms, for the base and for questions alike. */
  analyzer: Analyzer;
  facts: Fact[];
  /** Position of each fact's meeting in time (0 = oldest); -1 for `general`. */
  factRecency: Int16Array;
  vocabulary: Map<string, number>;
  /** Posting lists, flat: term t's facts (ascending) and its weight in each are at
   *  postingStart[t]..postingStart[t+1]-1 of postingFacts and postingWeights. */
  postingStart: Int32Array;
  postingFacts: Int32Array;
  /** In hundredths (see FIELD_WEIGHTS). */
  postingWeights: Uint8Array;
  /** Per-fact score accumulator reused by every query (queries are synchronous, so never shared). */
  scratch: Float64Array;
  /** The facts a query has scored so far, reused like `scratch`: no per-query garbage in proportion to the base. */
  touched: Int32Array;
  /** Per-term weights of the query being scored, reused like `scratch` (see withQueryWeights). */
  termScratch: Float64Array;
  idf: Float64Array;
  /** Idf of a word seen in only one fact; a word the base has never seen weighs this times `unknownWeight`. */
  maxIdf: number;
  /** Curated questions as term ids: fact f owns questions factQuestions[f]..factNots[f]-1, then its
   *  near misses (`not:`) up to factQuestions[f+1]-1; question q's terms are
   *  questionTermIds[questionOffsets[q]..questionOffsets[q+1]-1]. */
  factQuestions: Int32Array;
  factNots: Int32Array;
  questionOffsets: Int32Array | Uint16Array;
  /** Two bytes an id while the vocabulary allows (at 100,000 facts, 11 million ids: 45 MB less). */
  questionTermIds: Int32Array | Uint16Array;
  /** Per curated question: the idf of all its terms, what an asker's words are a share of. */
  questionWeights: Float64Array;
  /** People named in so many facts (Biden, Xi) that naming them says little about which fact is meant. */
  principals: ReadonlySet<string>;
  /** Per fact: the people it quotes speaking, and the people it is about. */
  speakers: ReadonlyArray<readonly string[]>;
  about: ReadonlyArray<readonly string[]>;
  /** Per fact: what it can answer (FEATURE bits, see features.ts). */
  features: Uint8Array;
  /** Per fact: the meetings whose place its answer names, and those it names by name. */
  placesNamed: ReadonlyArray<readonly string[]>;
  meetingsNamed: ReadonlyArray<readonly string[]>;
  /** The year of the newest source: the sources cannot know what came after it. */
  latestYear: number;
  /** Reads typos as the base's words, before anything else (spelling.ts). */
  speller: Speller;
  /** A word of one name only, typed alone ("francisco"), and the term of that name. */
  nameWords: ReadonlyMap<string, string>;
}

export function buildSearchIndex(curated: KnowledgeBase): SearchIndex {
  // The sources' own front matter answers questions about them, like any fact.
  const kb: KnowledgeBase = { ...curated, facts: [...curated.facts, ...sourceFacts(curated)] };
  // WordNet (spelling's English words) is read first, at build rather than at the first typo,
  // and before the index, which then reuses the memory its reading freed.
  isEnglishWord('a');
  const analyzer = createAnalyzer(kb);
  const vocabulary = new Map<string, number>();
  const ids = analyzer.termIdReader(vocabulary);
  const idOf = (term: string) => vocabulary.get(term) ?? vocabulary.set(term, vocabulary.size).size - 1;
  const meetingIndex = new Map(kb.meetings.map((m, i) => [m.id, i]));
  // A fact's meeting, as the term all its aliases fold into, and its year.
  const meetingTerms = new Map(kb.meetings.map((m) => [m.id, [idOf(analyzer.entityTerms.get(m.id)!), idOf(m.date.slice(0, 4))]]));
  const peopleTerms = new Map(kb.people.map((p) => [p.id, p.names.flatMap(ids)]));
  const speakerRules = speakerPatterns(kb.people);
  const nameTerms = kb.people.map((p) => ({ id: p.id, names: p.names.map(ids) }));
  const n = kb.facts.length;
  const factRecency = new Int16Array(n);
  const factQuestions = new Int32Array(n + 1);
  const factNots = new Int32Array(n);
  const features = new Uint8Array(n);
  const places: (readonly string[])[] = [];
  const named: (readonly string[])[] = [];
  const nameAliases = kb.meetings.map((m) => {
    const name = ` ${normalizeText(m.name)} `;
    return { meeting: m.id, aliases: m.aliases.map(normalizeText).filter((a) => a && name.includes(` ${a} `)) };
  });
  const questionOffsets = new Growable(4);
  questionOffsets.push(0);
  const questionTermIds = new Growable(2);
  const speakers: (readonly string[])[] = [];
  const about: (readonly string[])[] = [];
  const none: readonly string[] = [];
  const documentFrequency: number[] = [];
  // Rarity is the curated facts' alone: facts made from front matter must not shift how the
  // curated ones score against each other.
  const curatedFrequency: number[] = [];

  /**
   * A fact's terms, each with its weight in the strongest field it appears in. Its questions
   * are read back as ids from questionTermIds (filled in pass 1), so that pass 2 tokenises
   * only the short fields again. Built afresh for each fact rather than cleared: V8 links a
   * cleared map's old table to its new one, which kept every fact's table alive until a full
   * garbage collection (measured: 140 MB of garbage per collection while indexing 100,000 facts).
   */
  const factTerms = (fact: Fact, factIndex: number): Map<number, number> => {
    const weights = new Map<number, number>();
    const add = (id: number, weight: number) => {
      if ((weights.get(id) ?? 0) < weight) weights.set(id, weight);
    };
    const addAll = (list: number[], weight: number) => {
      for (const id of list) add(id, weight);
    };
    for (let i = questionOffsets.at(factQuestions[factIndex]!); i < questionOffsets.at(factNots[factIndex]!); i++) {
      add(questionTermIds.at(i), FIELD_WEIGHTS.questions);
    }
    for (const topic of fact.topics) addAll(ids(topic), FIELD_WEIGHTS.topics);
    addAll(meetingTerms.get(fact.meeting) ?? [], FIELD_WEIGHTS.meeting);
    // Who a source quotes, what it cites: such a fact answers questions about the source, not
    // about the names it lists or what its quoted sentences say.
    if (fact.derived && fact.quotes.length) return weights;
    for (const id of fact.people) addAll(peopleTerms.get(id) ?? [], FIELD_WEIGHTS.people);
    addAll(ids(fact.answer), FIELD_WEIGHTS.answer);
    for (const quote of fact.quotes) addAll(ids(quote), FIELD_WEIGHTS.quote);
    return weights;
  };

  // Pass 1: each question's terms as ids, and how many facts each term is in. No buffer of
  // (fact, term) pairs: at 100,000 facts it was 40 MB of garbage left behind by the build.
  kb.facts.forEach((fact, factIndex) => {
    factRecency[factIndex] = meetingIndex.get(fact.meeting) ?? -1;
    const addQuestion = (question: string) => {
      const start = questionTermIds.length;
      for (const id of ids(question)) {
        if (!questionTermIds.has(id, start)) questionTermIds.push(id);
      }
      questionOffsets.push(questionTermIds.length);
    };
    fact.questions.forEach(addQuestion);
    factNots[factIndex] = questionOffsets.length - 1;
    fact.not.forEach(addQuestion);
    factQuestions[factIndex + 1] = questionOffsets.length - 1;
    features[factIndex] = featureFlags(fact);
    const placed = placesNamed(fact, kb.meetings);
    places.push(placed.length ? placed : none);
    const names = meetingsNamed(normalizeText(fact.answer), nameAliases);
    named.push(names.length ? names : none);
    const weights = factTerms(fact, factIndex);
    for (const id of weights.keys()) documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
    if (!fact.derived) for (const id of weights.keys()) curatedFrequency[id] = (curatedFrequency[id] ?? 0) + 1;
    const spoke = speakersOf(fact, speakerRules);
    speakers.push(spoke.length ? spoke : none);
    // About a person: tagged with them, or naming them (all words of one of their names).
    about.push(nameTerms.filter(({ names }) => names.some((ids) => ids.every((id) => weights.has(id)))).map(({ id }) => id));
  });

  // Pass 2: the posting lists, exactly sized, filled in fact order so that each is ascending.
  const termCount = vocabulary.size;
  const postingStart = new Int32Array(termCount + 1);
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const df = documentFrequency[t] ?? 0;
    postingStart[t + 1] = postingStart[t]! + df;
    idf[t] = Math.log(1 + curated.facts.length / Math.max(1, curatedFrequency[t] ?? 0));
  }
  const questionCount = questionOffsets.length - 1;
  const questionWeights = new Float64Array(questionCount);
  for (let q = 0; q < questionCount; q++) {
    for (let i = questionOffsets.at(q); i < questionOffsets.at(q + 1); i++) questionWeights[q]! += idf[questionTermIds.at(i)]!;
  }
  const postingFacts = new Int32Array(postingStart[termCount]!);
  const postingWeights = new Uint8Array(postingStart[termCount]!);
  const fill = postingStart.slice(0, termCount);
  kb.facts.forEach((fact, factIndex) => {
    for (const [t, weight] of factTerms(fact, factIndex)) {
      const at = fill[t]!++;
      postingFacts[at] = factIndex;
      postingWeights[at] = Math.round(weight * WEIGHT_SCALE);
    }
  });
  // Tokenising is deterministic, so pass 2 meets only the terms pass 1 counted.
  if (vocabulary.size !== termCount) throw new Error('search index: pass 2 met terms that pass 1 did not count');

  return {
    kb: curated,
    analyzer,
    facts: kb.facts,
    factRecency,
    vocabulary,
    postingStart,
    postingFacts,
    postingWeights,
    scratch: new Float64Array(n),
    touched: new Int32Array(n),
    termScratch: new Float64Array(vocabulary.size),
    idf,
    maxIdf: Math.log(1 + curated.facts.length),
    factQuestions,
    factNots,
    questionOffsets: questionOffsets.view(),
    questionTermIds: questionTermIds.view(),
    questionWeights,
    speakers,
    about,
    features,
    placesNamed: places,
    meetingsNamed: named,
    principals: new Set(kb.people.filter((p) => curated.facts.filter((f) => f.people.includes(p.id)).length >= PRINCIPAL_SHARE * curated.facts.length).map((p) => p.id)),
    latestYear: Math.max(...[...kb.sources.values()].map((s) => Number(s.published.slice(0, 4)))),
    speller: buildSpeller(
      kb,
      (word) => analyzer.terms(word).every((t) => vocabulary.has(t)),
      vocabulary.keys(),
      (word) => {
        const id = vocabulary.get(analyzer.terms(word)[0] ?? '');
        return id === undefined ? 0 : postingStart[id + 1]! - postingStart[id]!;
      },
    ),
    nameWords: new Map([...analyzer.nameWords()].filter(([, term]) => vocabulary.has(term))),
  };
}

/** Whether fact `factIndex` contains term `termId` (binary search in its ascending posting list). */
export function factHasTerm(index: SearchIndex, termId: number, factIndex: number): boolean {
  const list = index.postingFacts;
  let lo = index.postingStart[termId]!;
  let hi = index.postingStart[termId + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === factIndex) return true;
    if (v < factIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * A typed array that grows as it is filled: long lists without boxed numbers. Two bytes a
 * value until a value needs four (then all four), or four from the start.
 */
class Growable {
  private data: Int32Array | Uint16Array;
  length = 0;
  constructor(width: 2 | 4) {
    this.data = width === 2 ? new Uint16Array(4096) : new Int32Array(4096);
  }
  push(value: number): void {
    const wider = this.data instanceof Uint16Array && value > 0xffff;
    if (this.length === this.data.length || wider) {
      const length = Math.ceil(this.data.length * 1.5);
      const bigger = wider || this.data instanceof Int32Array ? new Int32Array(length) : new Uint16Array(length);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  at(i: number): number {
    return this.data[i]!;
  }
  /** Whether `value` is among the values pushed since position `from` (a short tail). */
  has(value: number, from: number): boolean {
    for (let i = from; i < this.length; i++) if (this.data[i] === value) return true;
    return false;
  }
  /** The filled part, without a copy: a copy would leave the full buffer behind as garbage. */
  view(): Int32Array | Uint16Array {
    return this.data.subarray(0, this.length);
  }
}
