/**
 * Every question the bot shows people (suggestions, the Home tab's examples, agent-view
 * prompts) reads as written, on every base: capitalised, names as the sources spell them,
 * a question mark; a sentence chosen over curator shorthand where the fact has one.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion, buildSearchIndex, exampleQuestions } from '../../src/answer/index.ts';
import { displayQuestion, readsAsSentence } from '../../src/answer/display.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { TEST_BASES } from '../helpers/bases.ts';

describe.each(TEST_BASES)('on %s', (_, dir) => {
  const kb = loadKnowledgeBase(dir);
  const index = buildSearchIndex(kb);
  /** Words of people's names as people.yml spells them (capitalised), lower-cased for lookup. */
  const nameWords = new Map(
    kb.people
      .flatMap((p) => p.name.split(/\s+/))
      .filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w))
      .map((w) => [w.toLowerCase(), w]),
  );
  const check = (shown: string) => {
    expect(shown, shown).toMatch(/^\P{Ll}/u);
    expect(shown.endsWith('?'), shown).toBe(true);
    for (const word of shown.match(/\p{L}+/gu) ?? []) {
      const name = nameWords.get(word.toLowerCase());
      if (name) expect(word, shown).toBe(name);
    }
  };

  it('shows the examples and every suggestion as written', () => {
    const shown = [...exampleQuestions(index, 8)];
    for (const fact of kb.facts) {
      // A question with its last word dropped: close to the fact, often not answered, so suggestions show.
      const q = fact.questions[0]!.split(' ').slice(0, -1).join(' ');
      shown.push(...answerQuestion(index, q).suggestions, ...answerQuestion(index, `${q} zzqx`).suggestions);
    }
    expect(shown.length).toBeGreaterThan(kb.meetings.length);
    shown.forEach(check);
  });

  it("prefers a fact's questions that read as sentences for its examples", () => {
    for (const example of exampleQuestions(index, 8)) {
      const fact = kb.facts.find((f) => f.questions.some((q) => displayQuestion(kb, q) === example))!;
      if (fact.questions.some(readsAsSentence)) expect(readsAsSentence(example), example).toBe(true);
    }
  });
});

describe('displayQuestion', () => {
  const kb = loadKnowledgeBase(TEST_BASES[0][1]);
  it('capitalises the first word and the names, and ends with one question mark', () => {
    const person = kb.people.find((p) => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(p.name));
    if (!person) return;
    expect(displayQuestion(kb, `  who is ${person.name.toLowerCase()} ??`)).toBe(`Who is ${person.name}?`);
  });
});
