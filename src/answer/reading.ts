import { applyConstraints } from './constraints.ts';
import { parseQuestion, type ConversationContext, type Frame } from './frame.ts';
import { queryTerms, retrieve, type Candidate, type HeldOut, type QueryTerm, type RetrieveOptions } from './retrieve.ts';
import type { ConstraintFactors } from './constraints.ts';
import type { SearchIndex } from './search-index.ts';

/** A question read against the base: how it was parsed, its terms, and the candidate facts, best first by score. */
export interface Reading {
  frame: Frame;
  query: QueryTerm[];
  candidates: Candidate[];
}

/**
 * Steps 2–4 of the pipeline, on the text as spelling read it (`corrections`: what it read as
 * what): parse the question into a frame, retrieve candidate facts by its
 * words, and apply the named constraints. `heldOut` leaves one curated question out of the
 * base, as if its curator had never written it (cross-validate.ts).
 */
export function read(index: SearchIndex, text: string, corrections: Frame['corrections'], opts: RetrieveOptions & ConstraintFactors, context?: ConversationContext, heldOut?: HeldOut): Reading {
  const frame = { ...parseQuestion(index.kb, index.analyzer, text, index.latestYear, index.principals, context), corrections };
  const query = heldOut ? asUnknown(index, queryTerms(index, frame, opts), heldOut, opts) : queryTerms(index, frame, opts);
  const candidates = applyConstraints(index, frame, query, retrieve(index, query, opts, heldOut), opts).sort(
    (a, b) => b.score - a.score || index.factRecency[b.factIndex]! - index.factRecency[a.factIndex]!,
  );
  return { frame, query, candidates };
}

/** A held-out question's words that only it brought into the base are words the base does not know. */
function asUnknown(index: SearchIndex, query: QueryTerm[], heldOut: HeldOut, opts: RetrieveOptions): QueryTerm[] {
  return query.map((t) => {
    if (t.id === undefined || !heldOut.onlyTerms.has(t.id) || index.postingStart[t.id + 1]! - index.postingStart[t.id]! > 1) return t;
    return { ...t, id: undefined, similarity: 0, typed: undefined, idf: index.maxIdf * opts.unknownWeight };
  });
}
