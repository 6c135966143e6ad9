import { foldQuotes } from './text.ts';

/**
 * The sentence (or pair of sentences) of `body` that shares the most words with `quote`:
 * shown to a curator whose quote is not verbatim, so the fix is a copy-paste away.
 */
export function closestPassage(quote: string, body: string): string {
  const sentences = body
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const candidates = sentences.flatMap((s, i) => (i + 1 < sentences.length ? [s, `${s} ${sentences[i + 1]}`] : [s]));
  const wanted = words(quote);
  let best = '';
  let bestScore = -1;
  for (const candidate of candidates) {
    const have = words(candidate);
    let shared = 0;
    for (const w of wanted) if (have.has(w)) shared++;
    const score = (2 * shared) / (wanted.size + have.size || 1);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

const words = (s: string) =>
  new Set(
    foldQuotes(s)
      .toLowerCase()
      .match(/[\p{L}\p{N}']+/gu) ?? [],
  );
