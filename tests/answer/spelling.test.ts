/**
 * Typos read as the base's words before anything else (src/answer/spelling.ts), on the harbor
 * base: a misspelt name, meeting alias or word gets the answer its right spelling gets, and
 * English words, numbers and short words are never "corrected" into the base's.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion, buildSearchIndex } from '../../src/answer/index.ts';
import { harborIndex, harborKb } from '../helpers/answer-harbor.ts';

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

  it("reads a name's initials as the name, when they stand for one of the base's names and are no word", () => {
    // "River Council" is a name of capitalised words in the base's facts.
    expect(harborIndex.speller.correct('who chairs the rc?').text).toBe('who chairs the river council?');
    const expected = ask('when did the river council first meet');
    expect(expected.answered).toBe(true);
    expect(ask('when did the rc first meet').fact?.id).toBe(expected.fact?.id);
    // Initials that are a word ("pm" is in WordNet: "2 pm") stay as typed.
    expect(harborIndex.speller.correct('the pm spoke at 2 pm').text).toBe('the pm spoke at 2 pm');
  });

  it('leaves English words, numbers, short words and a name typed in pieces alone', () => {
    const { speller } = harborIndex;
    for (const text of ['the cord was cut', 'in 2031', 'ok so', 'who is ilse varga']) expect(speller.correct(text).text).toBe(text);
    // "Dusk" is English: it is not Dask, however close.
    expect(speller.correct('dusk in amberlo').corrections.size).toBe(0);
  });

  it('reads a typo next to a word of a name as the word that completes the name, and a short one as a common function word', () => {
    // Two people whose names hold words as far from "yee" and sounding alike ("yi", "joe"),
    // the second the commoner in the facts.
    const people = [
      { id: 'lin-yi', name: 'Lin Yi', names: ['Lin Yi'], role: 'an envoy' },
      { id: 'joe-lark', name: 'Joe Lark', names: ['Joe Lark', 'Joe'], role: 'a harbour master' },
    ];
    const facts = [1, 2, 3].map((n) => ({ ...harborKb.facts[0]!, id: `joe-${n}`, answer: `Joe Lark had to wait at pier ${n}.`, people: ['joe-lark'] }));
    const { speller } = buildSearchIndex({ ...harborKb, people: [...harborKb.people, ...people], facts: [...harborKb.facts, ...facts] });
    expect(speller.correct('who is lin yee').text).toBe('who is lin yi');
    expect(speller.correct('who is yee lark').text).toBe('who is joe lark');
    // As close and as alike, a common function word wins over the base's commoner word.
    expect(speller.correct('wat did joe lark do').text).toBe('what did joe lark do');
  });

  it('reads a misspelt meeting alias as the meeting, so that the question is scoped to it', () => {
    expect(ask('what happened in kesel').frame?.meeting?.meeting.id).toBe(ask('what happened in kessel').frame?.meeting?.meeting.id);
    expect(ask('what happened in kessel').frame?.meeting).toBeDefined();
  });
});
