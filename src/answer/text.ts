import { stemmer } from 'stemmer';
import { foldQuotes } from '../knowledge/text.ts';
import { STOPWORDS } from './stopwords.ts';
import { PHRASES, SYNONYMS } from './synonyms.ts';

/** Longest question we match on; the rest of a pasted essay adds noise, not meaning. */
export const MAX_QUESTION_CHARS = 500;

/**
 * Slack markup removed, visible text kept: mentions and broadcasts (`<@U1>`, `<!here>`)
 * go, a link keeps its label, `*bold*`/`_it_`/`~strike~`/`code` lose their markers,
 * and Slack's HTML escapes are decoded.
 */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<([@#!][^>|]*)(?:\|([^>]*))?>/g, (_m, _target: string, label?: string) =>
      _target.startsWith('#') && label ? ` ${label} ` : ' ')
    .replace(/<([^>|]+)\|([^>]+)>/g, ' $2 ')
    .replace(/<([^>]+)>/g, ' $1 ')
    .replace(/(^|\s)[*_~`]+|[*_~`]+(?=\s|$|[.,!?;:])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, accents and typographic quotes folded, punctuation to spaces. */
export function normalizeText(text: string): string {
  // Plain ASCII (most text) has no accents or typographic quotes to fold: skip that work,
  // and the rules below that need a dot or an apostrophe run only when there is one.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  let t = (ascii ? text : foldQuotes(text.normalize('NFKD')).replace(/\p{M}+/gu, '')).toLowerCase();
  if (t.includes('.')) t = t.replace(/\bu\.s\.a?\b\.?/g, ' usa ').replace(/([a-z])\.(?=[a-z]\.)/g, '$1');
  // "xi's" → "xi", "wouldn't" → "wouldnt"; hyphens separate words ("biden-xi", "g-20" → "g 20")
  if (t.includes("'")) t = t.replace(/(\w)'(\w)/g, (_m, a: string, b: string) => (b === 's' ? a : `${a}${b}`));
  return (ascii ? t.replace(/[^a-z0-9]+/g, ' ') : t.replace(/[^\p{L}\p{N}]+/gu, ' ')).trim();
}

/** The words of `text` that carry meaning, as stems: the unit both index and query use. */
export function terms(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => out.push(term));
  return out;
}

/** Like `terms`, with the word each term came from ("wher" for a typo'd "where"). */
export function termsWithWords(text: string): { term: string; word: string }[] {
  const out: { term: string; word: string }[] = [];
  forEachTerm(text, (term, word) => out.push({ term, word }));
  return out;
}

function forEachTerm(text: string, use: (term: string, word: string) => void): void {
  for (const word of foldPhrases(normalizeText(text)).split(' ')) {
    const term = word && termOf(word);
    if (term) use(term, word);
  }
}

/** Normalised text with each name of several words as one word: "artificial intelligence" → "ai". */
export function foldPhrases(normalized: string): string {
  return normalized.replace(ANY_PHRASE, phraseReplacement);
}

/** All multi-word names in one pattern: one pass over the text instead of one per phrase. */
const ANY_PHRASE = new RegExp(PHRASES.map(([pattern]) => `(?:${pattern.source})`).join('|'), 'g');
const ANCHORED = PHRASES.map(([pattern, replacement]) => [new RegExp(`^(?:${pattern.source})$`), replacement] as const);
const phraseReplacement = (match: string) => ANCHORED.find(([pattern]) => pattern.test(match))?.[1] ?? match;

/**
 * A word's term: its stem after synonyms, or '' for a filler word. Remembered, because a
 * base repeats its words; bounded, so that a stream of odd questions cannot grow it forever.
 */
function termOf(word: string): string {
  let term = termCache.get(word);
  if (term === undefined) {
    term = STOPWORDS.has(word) ? '' : stem(SYNONYMS.get(word) ?? word);
    if (termCache.size < MAX_CACHED_WORDS) termCache.set(word, term);
  }
  return term;
}
const termCache = new Map<string, string>();
const MAX_CACHED_WORDS = 100_000;

const stem = (word: string) => (/\d/.test(word) || word.length <= 3 ? word : stemmer(word));

/** `text` as a literal inside a regular expression. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
