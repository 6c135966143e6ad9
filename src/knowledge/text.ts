/**
 * Text rules shared by the knowledge checker and the answer engine.
 * One place for them, so that "verbatim" means the same thing everywhere.
 */

/** Typographic quotes and apostrophes folded to their ASCII forms. */
export function foldQuotes(text: string): string {
  return text.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"');
}

/**
 * The form in which a quote must appear in its source: white space collapsed and
 * typographic quotes folded, nothing else (case, punctuation and words must match).
 */
export function normalizeForQuote(text: string): string {
  return foldQuotes(text).replace(/\s+/g, ' ').trim();
}

/** Question words and pronouns whose "'s" is "is" ("who's", "what's", "it's"), not a possessive. */
const IS_CONTRACTION = /\b(who|what|where|when|why|how|which|that|there|here|it|he|she)'s\b/g;
/** The same typed without the apostrophe ("whos", "whats"); not "its", "hes", "shes", which are words. */
const BARE_CONTRACTION = /\b(who|what|where|how|that|there)s\b/g;
/** What every bare contraction ends in: a quick test that spares most texts the one above. */
const BARE_CONTRACTION_ENDING = /(?:o|at|ere|ow)s\b/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower case, accents and typographic quotes folded, punctuation to spaces. */
export function normalizeText(text: string): string {
  const ascii = !NON_ASCII.test(text);
  return (ascii ? withWordRules(text, ascii).replace(/[^a-z0-9]+/g, ' ') : withWordRules(text, ascii).replace(/[^\p{L}\p{N}]+/gu, ' ')).trim();
}

/**
 * The words of `normalizeText(text)`, found in one pass rather than by replacing and
 * splitting: the index reads every text of the base this way (a quarter of its build time).
 */
export function normalizedWords(text: string): string[] {
  const ascii = !NON_ASCII.test(text);
  return withWordRules(text, ascii).match(ascii ? ASCII_WORD : WORD) ?? [];
}
const ASCII_WORD = /[a-z0-9]+/g;
const WORD = /[\p{L}\p{N}]+/gu;

/** Case, accents and quotes folded, and the rules that join or split words applied; punctuation kept. */
function withWordRules(text: string, ascii: boolean): string {
  // Plain ASCII (most text) has no accents or typographic quotes to fold: skip that work,
  // and the rules below that need a dot or an apostrophe run only when there is one.
  let t = (ascii ? text : foldQuotes(text.normalize('NFKD')).replace(/\p{M}+/gu, '')).toLowerCase();
  if (t.includes('.')) t = t.replace(/\bu\.s\.a?\b\.?/g, ' usa ').replace(/([a-z])\.(?=[a-z]\.)/g, '$1');
  // "who's" → "who is" (a contraction, not a possessive); "xi's" → "xi", "wouldn't" → "wouldnt";
  // hyphens separate words ("biden-xi", "g-20" → "g 20")
  if (t.includes("'")) t = t.replace(IS_CONTRACTION, '$1 is').replace(/(\w)'(\w)/g, (_m, a: string, b: string) => (b === 's' ? a : `${a}${b}`));
  if (BARE_CONTRACTION_ENDING.test(t)) t = t.replace(BARE_CONTRACTION, '$1 is');
  return t;
}

/** Whether `quote` stands word for word in `body`. */
export function isVerbatim(quote: string, body: string): boolean {
  const q = normalizeForQuote(quote);
  return q.length > 0 && normalizeForQuote(body).includes(q);
}

/**
 * `text` as V8 stores it most compactly: one byte per character where every character is
 * Latin-1. A string the YAML parser slices out of a file that holds even one character beyond
 * Latin-1 (a typographic quote) takes two bytes per character, so a large base would take
 * almost twice the memory it needs (measured: 348 MB against 228 MB for 100,000 facts).
 */
export function compactText(text: string): string {
  return LATIN1.test(text) ? Buffer.from(text, 'latin1').toString('latin1') : text;
}
const LATIN1 = /^[\x00-\xff]*$/;

/** A date as people read it: `16 November 2024` or `November 2024`. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const monthName = MONTHS[(month ?? 1) - 1];
  return day ? `${day} ${monthName} ${year}` : `${monthName} ${year}`;
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

export function datePrecision(date: string): 'day' | 'month' {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? 'day' : 'month';
}

/** `text` as a literal inside a regular expression. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
