import { normalizeForQuote } from './text.ts';
import type { KnowledgeBase } from './types.ts';
import type { KnowledgeProblem } from './errors.ts';

/**
 * What a curator should look at but that does not stop the base loading: passages of a fact
 * quoted out of the order they appear in the source (citations read in article order).
 */
export function passageOrderWarnings(kb: KnowledgeBase): KnowledgeProblem[] {
  const warnings: KnowledgeProblem[] = [];
  for (const fact of kb.facts) {
    const body = normalizeForQuote(kb.sources.get(fact.source)?.body ?? '');
    const at = fact.quotes.map((q) => body.indexOf(normalizeForQuote(q)));
    if (at.some((p, i) => i > 0 && p < at[i - 1]!)) {
      warnings.push({ file: fact.file, line: fact.line, factId: fact.id, field: 'quote', message: 'passages are not in the order the source has them: list them as they appear' });
    }
  }
  return warnings;
}
