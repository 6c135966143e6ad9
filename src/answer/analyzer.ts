import { stemmer } from 'stemmer';
import { normalizedWords, normalizeText, type KnowledgeBase } from '../knowledge/index.ts';
import { GENERAL_PHRASES, GENERAL_SYNONYMS } from './english.ts';
import { STOPWORDS } from './stopwords.ts';

/**
 * How text becomes terms, the unit both the index and a question are read in. Built from
 * the base, because a subject's names and words are data:
 *  1. normalise (case, accents, punctuation);
 *  2. fold every name of a person (people.yml) and every alias of a meeting (meetings.yml)
 *     into one term for that person or meeting, so "Jake Sullivan", "Sullivan" and "NSA"
 *     are one term, as are "San Francisco" and "sf";
 *  3. fold the vocabulary's phrases ("artificial intelligence" → "ai");
 *  4. per word: drop filler words, apply synonyms ("chips" → "semiconductor"), stem.
 */
export interface Analyzer {
  /** The meaningful terms of curated text (the base's own, where names are spelt whole). */
  terms(text: string): string[];
  /**
   * A reader of curated text into term ids of `vocabulary`, a term met for the first time
   * given the next id: how the index reads the base. It remembers each word's id, which
   * spares two lookups a word, and its memory goes when the index is built.
   */
  termIdReader(vocabulary: Map<string, number>): (text: string) => number[];
  /** The terms of what someone typed, with the word each came from ("wher" for a typo'd "where"). */
  termsWithWords(text: string): { term: string; word: string }[];
  /** Typed text normalised, with names (also typed in pieces) and phrases folded into one word each. */
  fold(text: string): string;
  isStopword(word: string): boolean;
  /** The term of each person and meeting, by id. */
  entityTerms: ReadonlyMap<string, string>;
  /**
   * Words that stand for a term when typed alone: a synonym ("jinpin" → "jinping" → Xi), or a
   * distinctive word of a name of several words ("francisco" → San Francisco).
   */
  nameWords(): Map<string, string>;
}

export function createAnalyzer(kb: Pick<KnowledgeBase, 'people' | 'meetings' | 'vocabulary'>): Analyzer {
  const entityTerms = new Map<string, string>();
  const names = new Map<string, string>();
  const entities = [...kb.people.map((p) => ({ id: p.id, names: p.names })), ...kb.meetings.map((m) => ({ id: m.id, names: m.aliases }))];
  for (const { id, names: list } of entities) {
    const term = id.replace(/-/g, '');
    entityTerms.set(id, term);
    for (const name of list) {
      const key = normalizeText(name);
      if (key && !names.has(key)) names.set(key, term);
    }
  }
  const entityTermSet = new Set(entityTerms.values());
  const phrases = new Map([...GENERAL_PHRASES, ...kb.vocabulary.phrases]);
  const stopwords = new Set([...STOPWORDS, ...kb.vocabulary.stopwords]);
  const synonyms = new Map([...GENERAL_SYNONYMS, ...kb.vocabulary.synonyms]);
  const foldNames = wordFolder(names);
  const foldVocabulary = wordFolder(phrases);
  // A name typed in pieces ("xi jin ping", "wang yi" as "wangyi" is handled by typo lookup).
  const joined = new Map([...names].filter(([name]) => name.replace(/ /g, '').length >= 5).map(([name, term]) => [name.replace(/ /g, ''), term]));
  const joinSplitNames = splitNameJoiner(joined);
  const words = normalizedWords;
  /** Curated text's words, names and phrases folded; typed text's also joins names typed in pieces. */
  const foldedCurated = (text: string) => foldVocabulary(foldNames(words(text)));
  const folded = (text: string) => foldVocabulary(foldNames(joinSplitNames(words(text))));
  const fold = (text: string) => folded(text).join(' ');

  const cache = new Map<string, string>();
  /**
   * A word's term: its stem after synonyms, or '' for a filler word. Remembered, because a
   * base repeats its words; bounded, so that a stream of odd questions cannot grow it forever.
   */
  // A synonym's target is read like text (it may be a name: "peruvian" → "peru" → the meeting).
  const synonymTerms = new Map<string, string>();
  for (const [word, target] of synonyms) {
    const folded = fold(target);
    synonymTerms.set(word, entityTermSet.has(folded) ? folded : stem(folded.split(' ')[0]!));
  }
  const termOf = (word: string): string => {
    let term = cache.get(word);
    if (term === undefined) {
      term = entityTermSet.has(word) ? word : stopwords.has(word) ? '' : (synonymTerms.get(word) ?? stem(word));
      if (cache.size < MAX_CACHED_WORDS) cache.set(word, term);
    }
    return term;
  };
  const each = (list: string[], use: (term: string, word: string) => void) => {
    for (const word of list) {
      const term = termOf(word);
      if (term) use(term, word);
    }
  };

  return {
    terms(text) {
      const out: string[] = [];
      each(foldedCurated(text), (term) => out.push(term));
      return out;
    },
    termIdReader(vocabulary) {
      const byWord = new Map<string, number>();
      return (text) => {
        const out: number[] = [];
        for (const word of foldedCurated(text)) {
          let id = byWord.get(word);
          if (id === undefined) {
            const term = termOf(word);
            id = !term ? -1 : (vocabulary.get(term) ?? vocabulary.set(term, vocabulary.size).size - 1);
            if (byWord.size < MAX_CACHED_WORDS) byWord.set(word, id);
          }
          if (id >= 0) out.push(id);
        }
        return out;
      };
    },
    termsWithWords(text) {
      const out: { term: string; word: string }[] = [];
      each(folded(text), (term, word) => out.push({ term, word }));
      return out;
    },
    fold,
    isStopword: (word) => stopwords.has(word),
    entityTerms,
    nameWords() {
      const targets = new Map<string, string>();
      for (const word of synonyms.keys()) targets.set(word, termOf(word));
      // A word of one name only, that means nothing on its own: "francisco", not "meeting".
      const owners = new Map<string, Set<string>>();
      for (const [name, term] of [...names, ...phrases]) {
        for (const word of name.split(' ')) {
          if (word.length < 5 || stopwords.has(word)) continue;
          if (!owners.has(word)) owners.set(word, new Set());
          owners.get(word)!.add(entityTermSet.has(term) ? term : termOf(term));
        }
      }
      for (const [word, owner] of owners) if (owner.size === 1 && !targets.has(word)) targets.set(word, [...owner][0]!);
      return targets;
    },
  };
}

/** Words that together spell a name ("xi jin ping" → the name's term), up to three at a time. */
function splitNameJoiner(joined: ReadonlyMap<string, string>): (words: string[]) => string[] {
  // Only a word that starts some name can start a split one: most words are passed at once.
  const starts = new Set<string>();
  for (const name of joined.keys()) for (let n = 1; n < name.length; n++) starts.add(name.slice(0, n));
  return (words) => {
    if (!joined.size) return words;
    let out: string[] | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (i + 1 < words.length && starts.has(word) && !joined.has(word)) {
        const two = word + words[i + 1]!;
        const three = i + 2 < words.length ? two + words[i + 2]! : '';
        const whole = three && joined.has(three) ? three : joined.has(two) ? two : '';
        if (whole) {
          out ??= words.slice(0, i);
          out.push(joined.get(whole)!);
          i += whole === three ? 2 : 1;
          continue;
        }
      }
      out?.push(word);
    }
    return out ?? words;
  };
}

/**
 * Several words read as one ("san francisco" → its term), longest first at each word: a
 * lookup by first word rather than a pattern over the text, since every text of the base
 * passes through here twice while the index is built.
 */
function wordFolder(phrases: ReadonlyMap<string, string>): (words: string[]) => string[] {
  const byFirst = new Map<string, { words: string[]; to: string }[]>();
  for (const [key, to] of phrases) {
    const words = key.split(' ');
    if (words.length === 1 && to === key) continue;
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ words, to });
    byFirst.set(words[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return (words) => {
    let out: string[] | undefined;
    for (let i = 0; i < words.length; ) {
      const match = byFirst.get(words[i]!)?.find((c) => c.words.every((w, k) => words[i + k] === w));
      if (match) {
        out ??= words.slice(0, i);
        out.push(match.to);
        i += match.words.length;
      } else {
        out?.push(words[i]!);
        i++;
      }
    }
    return out ?? words;
  };
}

const MAX_CACHED_WORDS = 100_000;

const stem = (word: string) => (/\d/.test(word) || word.length <= 3 ? word : stemmer(word));
