/** Behaviour of the answer engine that the evaluation set does not pin down. */
import { describe, expect, it } from 'vitest';
import { knowledgeDir } from '../../src/config.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, stripSlackMarkup } from '../../src/answer/index.ts';
import { syntheticKnowledgeBase } from '../../src/answer/synthetic.ts';

const kb = loadKnowledgeBase(knowledgeDir({}));
const index = buildSearchIndex(kb);
const ask = (q: string) => answerQuestion(index, q);

describe('input handling', () => {
  it('strips Slack markup before matching, keeping visible text', () => {
    expect(stripSlackMarkup('<@U123> hi <#C1|general> see <https://x.org|the report> *bold* _it_ &amp; <!here>')).toBe('hi general see the report bold it &');
  });

  it('folds case, accents, typographic quotes and punctuation the same way for every input', () => {
    expect(index.analyzer.terms('Xi’s “AGENDA”!')).toEqual(index.analyzer.terms("xi's agenda"));
    expect(index.analyzer.terms('Perú')).toEqual(index.analyzer.terms('peru'));
  });

  it.each(['', '   ', '<@U123>', '?!…', '…'])('asks for a question when given %j', (q) => {
    const r = ask(q);
    expect(r).toMatchObject({ answered: false, kind: 'empty' });
    expect(r.answer).toMatch(/Ask me a question/);
    expect(r.suggestions.length).toBeGreaterThan(0);
  });

  it('cuts a huge question to a sane length, quickly, without crashing', () => {
    const huge = `what was on the lima agenda ${'and so on '.repeat(5000)}`;
    const start = performance.now();
    const r = ask(huge);
    expect(performance.now() - start).toBeLessThan(200);
    expect(r.question.length).toBeLessThanOrEqual(500);
  });
});

describe('queries', () => {
  it('answer the same whatever was asked before (the arrays an index reuses between queries start clean)', () => {
    // Each curated question rephrased a little, plus a typo: sample questions, near misses and corrections all reuse them.
    const questions = kb.facts.flatMap((f) => [...f.questions.slice(0, 2), ...f.not.slice(0, 1)]).map((q, i) => (i % 3 === 0 ? `${q} in detail?` : q));
    const reading = (r: ReturnType<typeof ask>) => [r.kind, r.fact?.id, r.confidence, r.suggestions.join('|')];
    const alone = questions.map((q) => reading(answerQuestion(buildSearchIndex(kb), q)));
    expect(questions.map((q) => reading(ask(q)))).toEqual(alone);
    expect([...questions].reverse().map((q) => reading(ask(q)))).toEqual([...alone].reverse());
  });
});

describe('matching', () => {
  it('reads common misspellings as the words they meant', () => {
    expect(ask('fentanil').fact?.topics).toContain('fentanyl');
    expect(ask('sulivan').fact?.people).toContain('jake-sullivan');
    expect(ask('semiconducter export controls').answer).toMatch(/semiconductor/);
  });

  it('finds the question inside a chatty message', () => {
    const chatty = 'Hey all! Quick one before my 2pm standup, prepping a deck for the leadership offsite. Who is Wang Yi? Thanks so much!!';
    expect(ask(chatty).fact?.id).toBe(ask('who is wang yi').fact?.id);
  });

  it('answers about the meeting a question names', () => {
    expect(ask('what was on the agenda in 2023').meeting?.id).toBe('apec-sf-2023');
    expect(ask('what was on the agenda in lima').meeting?.id).toBe('apec-lima-2024');
    expect(ask('what tensions were there at the g20').meeting?.id).toBe('g20-2022');
  });

  it('reads "where had they met before Lima" as a question about the meeting before Lima', () => {
    const r = ask('where had biden and xi met before the lima summit');
    expect(r.meeting?.id).toBe('apec-sf-2023');
    expect(r.answer).toMatch(/San Francisco/);
    // No source says where the G20 meeting was, but naming it answers "where had they met".
    expect(ask('where had biden and xi last met before the sf summit').answer).toMatch(/G20 summit/);
    // The sources know no meeting before the G20: that question stays about the G20.
    expect(ask('where had biden and xi met before the g20').meeting?.id ?? 'g20-2022').toBe('g20-2022');
  });

  it('answers an ambiguous question for the most recent meeting and offers the other', () => {
    const r = ask('what was on the agenda');
    expect(r.meeting?.id).toBe('apec-lima-2024');
    const other = r.suggestions.find((s) => /san francisco|california|\bsf\b|2023/i.test(s));
    expect(other).toBeDefined();
    // …and asking the suggestion answers for that meeting.
    expect(ask(other!).meeting?.id).toBe('apec-sf-2023');
  });

  it('abstains on what the sources do not say, with suggestions, even when words overlap', () => {
    for (const q of ['tell me a joke', 'what did putin say?', 'how tall is xi jinping', 'when is the next apec summit']) {
      const r = ask(q);
      expect(r.answered, q).toBe(false);
      expect(r.kind).toBe('no-match');
      expect(r.sources).toEqual([]);
      expect(r.suggestions.length).toBeGreaterThan(0);
      expect(r.suggestions.length).toBeLessThanOrEqual(3);
    }
  });

  it('answers what a meeting settled only from a fact that reports an outcome', () => {
    expect(ask("did xi accept biden's warning about attacks on us networks").answered).toBe(false);
    expect(ask('what did biden and xi agree to after the g20').answer).toMatch(/agreed/);
  });

  it('declines a "which X" question when no fact mentions an X', () => {
    expect(ask('which venue in san francisco hosted the biden xi meeting').answered).toBe(false);
    expect(ask('which companies did the chinese hackers breach').answered).toBe(false);
    expect(ask('which city hosted apec 2024').answer).toMatch(/Lima/);
  });

  it('declines a question about a year after the newest source', () => {
    expect(ask('what did biden and xi talk about in lima in 2026')).toMatchObject({ answered: false, kind: 'no-match' });
    // The same question about the meeting's own year is about that meeting, not after the sources.
    expect(ask('what did biden and xi talk about in lima in 2024').kind).not.toBe('no-match');
  });

  it('declines a question about a subject the matching fact never mentions', () => {
    expect(ask('did sullivan talk about semiconductors on face the nation').answered).toBe(false);
    expect(ask('did sullivan talk about the hacking on face the nation').answer).toMatch(/Sullivan/);
    // …also when the subject is a name of several words.
    expect(ask('did sullivan talk about artificial intelligence on face the nation').answered).toBe(false);
  });

  it('declines a question for a figure or a name that the matching fact does not give', () => {
    expect(ask("what was biden's approval rating in 2023").answered).toBe(false);
    expect(ask("what's biden's approval rating").answered).toBe(false);
    expect(ask("how were biden's approval ratings in 2023").answer).toMatch(/approval ratings/);
    expect(ask("what about biden's approval ratings").answer).toMatch(/approval ratings/);
    expect(ask("who's the nsc spokesperson that spoke to bloomberg").answered).toBe(false);
    expect(ask('who is the national security advisor').answer).toMatch(/Jake Sullivan/);
    // Named, though the fact also calls him "a senior State Department official".
    expect(ask('who is the asia society expert').answer).toMatch(/Danny Russel/);
  });

  it("declines questions about someone no matching fact is about, or about words nobody reports", () => {
    expect(ask('did trump attend the apec summit in lima').answered).toBe(false);
    expect(ask('what did xi say to biden during the peru meeting').answered).toBe(false);
    expect(ask('what did sullivan say about the hacking').answer).toMatch(/Sullivan/);
  });

  it('cites the verbatim quote and the source with its date', () => {
    const r = ask('who is wang yi');
    expect(r.sources[0]).toMatchObject({ id: 'sf-preview-2023', publisher: 'donga.com', published: '2023-10' });
    expect(kb.sources.get('sf-preview-2023')!.body).toContain(r.sources[0]!.quote);
  });

  it('is a pure function of (base, question)', () => {
    expect(ask('fentanyl lima')).toEqual(ask('fentanyl lima'));
    expect(answerQuestion(buildSearchIndex(kb), 'fentanyl lima').fact?.id).toBe(ask('fentanyl lima').fact?.id);
  });

  it('still finds the real facts inside a large synthetic base', () => {
    const big = buildSearchIndex(syntheticKnowledgeBase(kb, 3000));
    expect(answerQuestion(big, 'who is wang yi').fact?.id).toBe('person-wang-yi');
  });
});
