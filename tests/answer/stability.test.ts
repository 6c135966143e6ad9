/**
 * Answers stay put as the base grows: a curator adding a meeting of the same people, on the
 * same topics (shared vocabulary, not a disjoint one), changes no answer about any other
 * meeting. The base is the invented one of tests/fixtures/harbor-kb, so that whatever base is
 * installed changes nothing; the meeting added is a video call of its two leaders, on its
 * topics (tests/helpers/answer-harbor.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, type AnswerResult } from '../../src/answer/index.ts';
import { ADDED_MEETING, grownHarborBase, harborIndex, harborKb } from '../helpers/answer-harbor.ts';

const outcome = (r: AnswerResult) => (r.answered ? r.fact!.id : 'abstained');

/** Questions the harbor base cannot answer, some sharing its words. */
const UNANSWERABLE = [
  'tell me a joke',
  'what did chancellor merkel say?',
  'how tall is oren dask',
  'when is the next river council meeting',
  'which hotel did varga and dask meet at in amberlo',
  'what did varga and dask discuss in amberlo in 2034',
  'did brisk talk about dredging in the estuary',
  'how much will the halvik centre cost',
  'did mirela staan meet varga and dask in kessel in march 2031',
  "did varga accept dask's request to pay a third of the dredging",
];

describe('a growing base', () => {
  // Every curated question and near miss, each also rephrased a little, and questions the base cannot answer.
  const curated = harborKb.facts.flatMap((f) => [...f.questions, ...f.not]);
  const questions = [...new Set([...curated, ...curated.map((q) => `${q} in detail?`), ...UNANSWERABLE])];
  const grown = buildSearchIndex(loadKnowledgeBase(grownHarborBase()));

  it('really adds a meeting that shares the base’s vocabulary', () => {
    expect(harborKb.meetings.map((m) => m.id)).not.toContain(ADDED_MEETING);
    expect(grown.kb.meetings.map((m) => m.id)).toContain(ADDED_MEETING);
    const newFacts = grown.kb.facts.filter((f) => f.meeting === ADDED_MEETING);
    expect(newFacts.length).toBeGreaterThan(0);
    const shared = newFacts.flatMap((f) => grown.analyzer.terms(f.answer)).filter((t) => harborIndex.vocabulary.has(t));
    expect(new Set(shared).size).toBeGreaterThanOrEqual(5);
  });

  it('asks questions that are answered and questions that are not', () => {
    const before = questions.map((q) => outcome(answerQuestion(harborIndex, q)));
    expect(before.filter((o) => o !== 'abstained').length).toBeGreaterThan(questions.length / 2);
    expect(before.filter((o) => o === 'abstained').length).toBeGreaterThanOrEqual(UNANSWERABLE.length);
  });

  it('changes no answer outside the added meeting (same fact, same abstention)', () => {
    const changed = questions.flatMap((q) => {
      const before = answerQuestion(harborIndex, q);
      const after = answerQuestion(grown, q);
      if (after.fact?.meeting === ADDED_MEETING || outcome(before) === outcome(after)) return [];
      return [`${q}: ${outcome(before)} (${before.confidence}) → ${outcome(after)} (${after.confidence})`];
    });
    expect(changed).toEqual([]);
  });
});
