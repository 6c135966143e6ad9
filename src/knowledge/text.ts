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

/** Whether `quote` stands word for word in `body`. */
export function isVerbatim(quote: string, body: string): boolean {
  const q = normalizeForQuote(quote);
  return q.length > 0 && normalizeForQuote(body).includes(q);
}

/** A date as people read it: `16 November 2024` or `November 2024`. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const monthName = MONTHS[(month ?? 1) - 1];
  return day ? `${day} ${monthName} ${year}` : `${monthName} ${year}`;
}

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

export function datePrecision(date: string): 'day' | 'month' {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? 'day' : 'month';
}
