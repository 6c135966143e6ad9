/**
 * Typos read as the base's words before anything else (src/answer/spelling.ts), on the harbor
 * base: a misspelt name, meeting alias or word gets the answer its right spelling gets, and
 * English words, numbers and short words are never "corrected" into the base's.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/index.ts';
import { harborIndex } from '../helpers/answer-harbor.ts';

const today = new Date('2040-01-01T12:00:00Z');
const ask = (q: string) => answerQuestion(harborIndex, q, { today });

describe('spelling', () => {
  it.each([
    ['what did teodor brisk say about fishing rights', 'what did teodor brsik say about fishing rights'],
    ['when did varga meet dask in amberlo', 'when did varga meet dask in amberloo'],
    ['who wants the ferry line to grenz reopened', 'who wants the ferry line to grens reopend'],
    ['who should pay for dredging amberlo harbour', 'who should pay for dreging amberlo harbour'],
    // The base's spelling of an English word: "neighbors" is "neighbours" (one WordNet sense).
    ['what forum did the two neighbours set up', 'what forum did the two neighbors set up'],
  ])('answers "%s" misspelt as "%s" with the same fact', (right, typed) => {
    const expected = ask(right);
    expect(expected.answered, right).toBe(true);
    const r = ask(typed);
    expect(r.fact?.id, typed).toBe(expected.fact?.id);
    expect(r.frame?.corrections.size, typed).toBeGreaterThan(0);
  });

  it('leaves English words, numbers, short words and a name typed in pieces alone', () => {
    const { speller } = harborIndex;
    for (const text of ['the cord was cut', 'in 2031', 'ok so', 'who is ilse varga']) expect(speller.correct(text).text).toBe(text);
    // "Dusk" is English: it is not Dask, however close.
    expect(speller.correct('dusk in amberlo').corrections.size).toBe(0);
  });

  it('reads a misspelt meeting alias as the meeting, so that the question is scoped to it', () => {
    expect(ask('what happened in kesel').frame?.meeting?.meeting.id).toBe(ask('what happened in kessel').frame?.meeting?.meeting.id);
    expect(ask('what happened in kessel').frame?.meeting).toBeDefined();
  });
});
