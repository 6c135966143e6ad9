/**
 * Expectations read off the live knowledge base, so that tests check behaviour (the reply
 * shows what the engine answered, cited) without pinning one fact's wording or the base's
 * current counts: a curator adding facts must not break them.
 */
import { knowledgeDir } from '../../src/config.ts';
import { loadKnowledgeBase, MONTHS, type Fact, type KnowledgeBase } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, type SearchIndex } from '../../src/answer/index.ts';

export const liveKb: KnowledgeBase = loadKnowledgeBase(knowledgeDir({}));
export const liveIndex: SearchIndex = buildSearchIndex(liveKb);

/**
 * A fact whose own first sample question the engine answers with it, and whose answer has
 * no character Slack escapes: a question a test can ask and know the right answer to.
 */
export function selfAnsweringFact(index: SearchIndex = liveIndex, exclude: (f: Fact) => boolean = () => false): { fact: Fact; question: string } {
  for (const fact of index.kb.facts) {
    if (exclude(fact) || /[&<>]/.test(fact.answer)) continue;
    const question = fact.questions[0]!;
    if (answerQuestion(index, question).fact?.id === fact.id) return { fact, question };
  }
  throw new Error('no fact answers its own first sample question: the knowledge base or the engine is broken');
}

/**
 * The proper nouns of a base's subject, read off the base itself: the capitalised words of
 * people's names (less titles: words of a role, such as "Minister", or of several people's
 * names, such as "President"), of meeting names and places, and of the subject line.
 */
export function properNouns(kb: KnowledgeBase): Set<string> {
  const capitalised = (text: string) => (text.match(/\p{Lu}[\p{L}\p{N}]*/gu) ?? []).map((w) => w.toLowerCase());
  const owners = new Map<string, Set<string>>();
  for (const p of kb.people) {
    for (const word of p.names.flatMap(capitalised)) owners.set(word, (owners.get(word) ?? new Set()).add(p.id));
  }
  const roles = new Set(kb.people.flatMap((p) => p.role.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
  const words = [...owners].filter(([word, who]) => who.size === 1 && !roles.has(word)).map(([word]) => word);
  for (const m of kb.meetings) words.push(...capitalised(m.name), ...capitalised(m.place ?? ''));
  words.push(...capitalised(kb.about.subject.replace(/[–-]/g, ' ')));
  // Months and weekdays are capitalised, but English, not the subject ("FOMC meeting of September 2012").
  return new Set(words.filter((w) => w.length > 1 && !CALENDAR_WORDS.has(w)));
}

const CALENDAR_WORDS = new Set([...MONTHS.map((m) => m.toLowerCase()), ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']]);
