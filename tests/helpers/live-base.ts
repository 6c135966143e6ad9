/**
 * Expectations read off the live knowledge base, so that tests check behaviour (the reply
 * shows what the engine answered, cited) without pinning one fact's wording or the base's
 * current counts: a curator adding facts must not break them.
 */
import { knowledgeDir } from '../../src/config.ts';
import { loadKnowledgeBase, type Fact, type KnowledgeBase } from '../../src/knowledge/index.ts';
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
