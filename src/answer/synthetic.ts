import type { Fact, KnowledgeBase } from '../knowledge/index.ts';

/**
 * A synthetic knowledge base of `size` facts for benchmarks: the real facts repeated with
 * some of their words swapped for invented ones, so that the vocabulary, the postings and
 * the typo buckets grow with the base the way a real, larger base would.
 */
export function syntheticKnowledgeBase(real: KnowledgeBase, size: number, seed = 1): KnowledgeBase {
  const random = mulberry32(seed);
  const inventedWords = Array.from({ length: Math.max(500, Math.floor(size / 2)) }, (_, i) => inventWord(i, random));
  const swap = (text: string) => text.replace(/[A-Za-z]{5,}/g, (word) => (random() < 0.3 ? inventedWords[Math.floor(random() * inventedWords.length)]! : word));
  const facts: Fact[] = [];
  for (let i = 0; i < size; i++) {
    const base = real.facts[i % real.facts.length]!;
    const copy = i < real.facts.length;
    facts.push({
      ...base,
      id: copy ? base.id : `${base.id}-${i}`,
      answer: copy ? base.answer : swap(base.answer),
      questions: copy ? base.questions : base.questions.map(swap),
      quotes: copy ? base.quotes : base.quotes.map(swap),
    });
  }
  return { ...real, facts };
}

const SYLLABLES = ['ka', 'lo', 'mer', 'tiv', 'sun', 'dra', 'pel', 'qui', 'bor', 'zen', 'fal', 'rux', 'mon', 'vet', 'sha', 'gri'];
function inventWord(i: number, random: () => number): string {
  let w = '';
  for (let k = 0; k < 3 + Math.floor(random() * 2); k++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return `${w}${i.toString(36)}`;
}

/** A small, seeded PRNG, so that every run benchmarks the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic queries: sample questions as asked, with a typo, keyword-only, and off-topic. */
export function benchmarkQueries(kb: KnowledgeBase, count: number, seed = 2): string[] {
  const random = mulberry32(seed);
  const place = kb.meetings.at(-1)?.aliases[0] ?? 'there';
  const offTopic = ['tell me a joke', `what is the weather in ${place} today`, 'who won the world cup', 'how many people attended'];
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const fact = kb.facts[Math.floor(random() * kb.facts.length)]!;
    const q = fact.questions[Math.floor(random() * fact.questions.length)]!;
    const kind = i % 4;
    if (kind === 0) queries.push(q);
    else if (kind === 1) queries.push(q.replace(/([a-z]{6,})/, (w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4)));
    else if (kind === 2)
      queries.push(
        q
          .split(' ')
          .filter((w) => w.length > 3)
          .slice(0, 3)
          .join(' '),
      );
    else queries.push(random() < 0.5 ? offTopic[i % offTopic.length]! : `hey, quick one: ${q}? thanks!`);
  }
  return queries;
}
