import { doubleMetaphone } from 'double-metaphone';
import Fuse from 'fuse.js';
import { normalizeText, type KnowledgeBase } from '../knowledge/index.ts';
import { editDistance } from './edit-distance.ts';
import { areOneWord, isEnglishWord } from './english-words.ts';
import { STOPWORDS, TYPO_PRONE } from './stopwords.ts';

/**
 * The first step of reading a question: a typed word that is neither the base's nor English
 * (WordNet) is read as the base's word it is a typo of, before names, meetings and terms are
 * looked for, so "jake sulivan", "wang yee", "septmber", "fentynal" and "lema" reach the
 * person, the month, the word and the meeting. A candidate is within a few edits (a swap of
 * two letters counts as one), or one edit further when the two sound the same (Double
 * Metaphone); a word of four letters or fewer only when they sound the same. fuse.js ranks
 * the candidates among the base's words of the same first letter and a similar length; a word
 * that completes a name with the word typed next to it ("lin yee" is Lin Yi) wins, then the
 * edit distance decides. An English word is read only as another spelling of itself that the
 * base uses (most of their senses in WordNet are the same: "programme" as "program"), never as another
 * word ("joke" is not "jake").
 */
export interface Speller {
  correct(text: string): Spelled;
}

export interface Spelled {
  /** The text with each typo replaced by the word it was read as. */
  text: string;
  /** Each word read, with the typed word and how close it was (1 − edits / length). */
  corrections: Map<string, { typed: string; similarity: number }>;
}

/** Typed words shorter than this are never corrected: "xi", "ai", "us" are words of their own. */
const MIN_TYPO_LENGTH = 3;
/** fuse.js indexes kept for the buckets typos were looked up in. */
const MAX_CACHED_BUCKETS = 64;

/**
 * `known`: whether the index knows a word (by its term): a word of a curated question, say.
 * What a typo may be read as comes from the facts' answers, the sources and the names, and
 * the index's terms that are English words ("program" of a curated question): reading every
 * curated question again would double the work of building the index.
 */
export function buildSpeller(
  kb: Pick<KnowledgeBase, 'facts' | 'people' | 'meetings' | 'sources' | 'vocabulary'>,
  known: (word: string) => boolean,
  terms: Iterable<string> = [],
  /** How many facts have the word: among equally close words, the commoner is read. */
  frequency: (word: string) => number = () => 0,
): Speller {
  // The base's words, while the buckets are filled: the index knows most of them after (`known`).
  const words = new Set<string>();
  const collect = (text: string) => {
    for (const word of normalizeText(text).split(' ')) if (word) words.add(word);
  };
  for (const f of kb.facts) [f.answer, ...f.topics].forEach(collect);
  for (const p of kb.people) [p.name, ...p.names, p.role].forEach(collect);
  for (const m of kb.meetings) [m.name, m.place ?? '', ...m.aliases].forEach(collect);
  for (const s of kb.sources.values()) [s.title, s.body].forEach(collect);
  for (const [word, target] of [...kb.vocabulary.synonyms, ...kb.vocabulary.phrases]) [word, target].forEach(collect);
  for (const term of terms) if (!words.has(term) && isEnglishWord(term)) words.add(term);
  // What a typo may be read as: the base's words (not its filler), the long function words
  // ("agianst") and the commonest short ones ("wat", "wher").
  const targets = [...words].filter((w) => w.length >= 2 && !/\d/.test(w) && !STOPWORDS.has(w));
  targets.push(...[...STOPWORDS].filter((w) => w.length >= 5 || TYPO_PRONE.includes(w)));
  // Each bucket's words as one string, split when a typo first needs them: a large base has
  // hundreds of thousands, and one string each would take several times the memory.
  const lists = new Map<string, string[]>();
  for (const word of new Set(targets)) push(lists, bucketKey(word[0]!, word.length), word);
  const buckets = new Map([...lists].map(([key, list]) => [key, list.join(' ')]));
  // The base's words the index has no term for (a source's words no fact quotes) are words too.
  const unindexed = new Set([...words].filter((w) => !known(w)));
  // Names are where people spell by ear ("wang yee", "cessel"): their words are found by sound
  // whatever letter they start with; other words among those of their first letter.
  const bySound = new Map<string, string[]>();
  const nameWords = new Set([...kb.people.flatMap((p) => p.names), ...kb.meetings.flatMap((m) => [...m.aliases, m.place ?? ''])].flatMap((n) => normalizeText(n).split(' ')));
  for (const word of nameWords) if (word.length >= 2 && !/\d/.test(word)) for (const code of new Set(doubleMetaphone(word))) push(bySound, code, word);
  // A name typed in pieces ("xi jin ping") is joined later (analyzer.ts): its short pieces are
  // words; a longer one is corrected like any word ("jinpin" → "jinping").
  const namePieces = new Set<string>();
  for (const name of [...kb.people.flatMap((p) => p.names), ...kb.meetings.flatMap((m) => m.aliases)]) {
    const joined = normalizeText(name).replace(/ /g, '');
    for (let n = MIN_TYPO_LENGTH; n <= Math.min(4, joined.length - 1); n++) namePieces.add(joined.slice(0, n)).add(joined.slice(-n));
  }
  // Each bucket's fuse.js index is built when a typo first needs it (most never are), and the
  // latest few are kept, so that a stream of odd words cannot grow them without bound.
  const fuzzy = new Map<string, Fuse<string>>();
  const fuzzyFor = (key: string) => {
    const words = buckets.get(key);
    if (!words) return undefined;
    let fuse = fuzzy.get(key);
    if (!fuse) {
      fuse = new Fuse(words.split(' '), { includeScore: true, threshold: 0.4, ignoreLocation: true, isCaseSensitive: true });
      if (fuzzy.size >= MAX_CACHED_BUCKETS) fuzzy.delete(fuzzy.keys().next().value!);
      fuzzy.set(key, fuse);
    }
    return fuse;
  };

  // Names of two words or more, as word pairs: "lin yee" is read as "lin yi" before "lin joe".
  const namePairs = new Set(
    [...kb.people.flatMap((p) => p.names), ...kb.meetings.flatMap((m) => m.aliases)].flatMap((n) => {
      const parts = normalizeText(n).split(' ');
      return parts.slice(1).map((part, i) => `${parts[i]} ${part}`);
    }),
  );

  const acronyms = acronymsOf(
    [...kb.facts.map((f) => f.answer), ...kb.people.map((p) => p.role), ...kb.meetings.map((m) => m.name), ...[...kb.sources.values()].map((s) => s.title)],
    (a) => !known(a) && !STOPWORDS.has(a) && !isEnglishWord(a),
  );

  /** `before`, `after`: the words typed next to it, as typed (a name's other word, say). */
  const read = (word: string, before = '', after = ''): { word: string; similarity: number } | undefined => {
    if (word.length < MIN_TYPO_LENGTH || /\d/.test(word) || namePieces.has(word) || STOPWORDS.has(word) || unindexed.has(word) || known(word)) return undefined;
    // An English word is read only as the base's spelling of it ("programme" as "program").
    const english = isEnglishWord(word);
    const sounds = new Set(doubleMetaphone(word));
    const candidates = new Set<string>();
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const hit of fuzzyFor(bucketKey(word[0]!, length))?.search(word, { limit: 5 }) ?? []) candidates.add(hit.item);
    }
    for (const code of sounds) for (const w of bySound.get(code) ?? []) candidates.add(w);
    // A word that makes a name with the word next to it wins; then the fewest edits; among
    // equals, one that sounds the same, then a common function word ("wat" is "what", not
    // "wait"), then the commoner in the base.
    let best: { word: string; distance: number; rank: number[] } | undefined;
    for (const candidate of candidates) {
      const alike = doubleMetaphone(candidate).some((c) => sounds.has(c));
      const distance = editDistance(word, candidate);
      if (distance > allowedEdits(word.length, alike) || (english && !areOneWord(word, candidate))) continue;
      const pairs = Number(namePairs.has(`${before} ${candidate}`) || namePairs.has(`${candidate} ${after}`));
      const rank = [pairs, -distance, Number(alike), Number(TYPO_PRONE.includes(candidate)), frequency(candidate)];
      if (!best || isBetter(rank, best.rank)) best = { word: candidate, distance, rank };
    }
    return best && { word: best.word, similarity: 1 - best.distance / Math.max(word.length, best.word.length) };
  };

  return {
    correct(text) {
      const corrections = new Map<string, { typed: string; similarity: number }>();
      // A word as normalizeText reads it: "where'd" is one ("whered"), "xi's" is "xi".
      const tokens = [...text.matchAll(WORD)].map((m) => normalizeText(m[0]));
      let at = 0;
      const corrected = text.replace(WORD, (token) => {
        const i = at++;
        const word = tokens[i]!;
        if (word.includes(' ')) return token;
        // "wh" for the White House, "mss" for the Ministry of State Security.
        const phrase = acronyms.get(word);
        if (phrase) {
          for (const w of phrase.split(' ')) corrections.set(w, { typed: word, similarity: 1 });
          return phrase;
        }
        const spelled = read(word, tokens[i - 1], tokens[i + 1]);
        if (!spelled) return token;
        corrections.set(spelled.word, { typed: word, similarity: spelled.similarity });
        return spelled.word;
      });
      return { text: corrected, corrections };
    },
  };
}

/**
 * The base's names of two to four capitalised words ("White House", "Ministry of State
 * Security"), by their initials ("wh", "mss"), where the initials stand for one name only and
 * `usable` says they are no word of their own.
 */
function acronymsOf(texts: string[], usable: (acronym: string) => boolean): Map<string, string> {
  const names = new Map<string, Set<string>>();
  for (const text of texts) {
    for (const [name] of text.matchAll(CAPITALISED_NAME)) {
      const words = normalizeText(name).split(' ');
      const initials = words
        .filter((w) => !CONNECTING.has(w))
        .map((w) => w[0])
        .join('');
      if (!names.has(initials)) names.set(initials, new Set());
      names.get(initials)!.add(words.join(' '));
    }
  }
  return new Map([...names].filter(([initials, set]) => set.size === 1 && usable(initials)).map(([initials, set]) => [initials, [...set][0]!]));
}
/** Not the first word of a sentence: "After Biden…" is no name. */
const CAPITALISED_NAME = /(?<![.!?:]\s|^)\b\p{Lu}\p{Ll}+(?:[ -](?:(?:of|the|and|for) )?\p{Lu}\p{Ll}+){1,3}\b/gu;
const CONNECTING = new Set(['of', 'the', 'and', 'for']);

/** Edits allowed for a typed word of this length: more in a long word, one more when the two sound alike. */
function allowedEdits(length: number, soundAlike: boolean): number {
  const edits = length <= 7 ? 1 : length <= 11 ? 2 : 3;
  if (soundAlike) return length <= 4 ? 2 : edits + 1;
  return length <= 4 ? 0 : edits;
}

/** A word as typed, apostrophes inside it ("where'd", "xi's"). */
const WORD = /[\p{L}'’]*\p{L}/gu;

/** Whether rank `a` beats `b`, compared entry by entry (higher is better). */
function isBetter(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

const bucketKey = (first: string, length: number) => `${first}${length}`;

function push(lists: Map<string, string[]>, key: string, word: string): void {
  const list = lists.get(key);
  if (list) list.push(word);
  else lists.set(key, [word]);
}
