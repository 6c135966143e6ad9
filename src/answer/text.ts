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
  return foldQuotes(text.normalize('NFKD'))
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\bu\.s\.a?\b\.?/g, ' usa ')
    .replace(/([a-z])\.(?=[a-z]\.)/g, '$1')
    .replace(/(\w)[-'’](\w)/g, (_m, a: string, b: string) => (b === 's' ? a : `${a}${b}`))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of `text` that carry meaning, as stems: the unit both index and query use. */
export function terms(text: string): string[] {
  return termsWithWords(text).map((t) => t.term);
}

/** Like `terms`, with the word each term came from ("named" for "name"). */
export function termsWithWords(text: string): { term: string; word: string }[] {
  let words = normalizeText(text);
  for (const [phrase, replacement] of PHRASES) words = words.replace(phrase, replacement);
  const out: { term: string; word: string }[] = [];
  for (const word of words.split(' ')) {
    if (!word || STOPWORDS.has(word)) continue;
    out.push({ term: stem(SYNONYMS.get(word) ?? word), word });
  }
  return out;
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size < 100_000) stemCache.set(word, s);
  }
  return s;
}
