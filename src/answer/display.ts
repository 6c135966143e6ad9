import type { KnowledgeBase } from '../knowledge/index.ts';

/**
 * Curated questions as people see them (suggestion buttons, the Home tab, agent-view prompts):
 * a curator types "when did biden meet xi in peru"; people read "When did Biden meet Xi in
 * Peru?". Each word takes the casing the sources give it most often (names, "APEC", "AI"),
 * so no list of names is needed, and a question that reads as a sentence is preferred over
 * curator shorthand ("ai lima").
 */
export function displayQuestion(kb: KnowledgeBase, question: string): string {
  const casing = casingOf(kb);
  const words = question
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*[?!.]+$/, '')
    .replace(/[\p{L}][\p{L}\p{N}]*/gu, (w) => casing.get(w.toLowerCase()) ?? w);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}?`;
}

/** Whether a curated question reads as a sentence ("what did they agree in lima"), not shorthand ("lima outcomes"). */
export function readsAsSentence(question: string): boolean {
  const words = question.trim().split(/\s+/);
  return words.length >= 4 && SENTENCE_START.test(question.trim());
}

const SENTENCE_START = /^(what|who|whom|whose|when|where|why|how|which|is|are|was|were|did|does|do|can|could|will|would|has|have|had|should|tell|give|list)\b/i;

const cache = new WeakMap<KnowledgeBase, Map<string, string>>();

/** Each word's commonest written form in the sources and the names files, where it is not all lower case. */
function casingOf(kb: KnowledgeBase): Map<string, string> {
  let casing = cache.get(kb);
  if (casing) return casing;
  const counts = new Map<string, Map<string, number>>();
  const count = (text: string, weight: number) => {
    // A word that starts a sentence is capitalised for that reason alone: it does not count.
    for (const m of text.matchAll(/(^|[.!?]\s+|\s|[(“"'‘-])([\p{L}][\p{L}\p{N}]*)/gu)) {
      if (m[1] === '' || /[.!?]/.test(m[1]!)) continue;
      const word = m[2]!;
      const forms = counts.get(word.toLowerCase()) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + weight);
      counts.set(word.toLowerCase(), forms);
    }
  };
  for (const s of kb.sources.values()) count(` ${s.body}`, 1);
  // The names files spell names as they should be shown: they outweigh the text.
  for (const p of kb.people) for (const n of [p.name, ...p.names]) count(` ${n}`, 10);
  for (const m of kb.meetings) count(` ${m.name}`, 10);
  casing = new Map();
  for (const [lower, forms] of counts) {
    const [best] = [...forms].sort((a, b) => b[1] - a[1]);
    if (best && best[0] !== lower) casing.set(lower, best[0]);
  }
  cache.set(kb, casing);
  return casing;
}
