/**
 * Answers stay put as the base grows: a curator adding a meeting of the same people, on the
 * same topics (shared vocabulary, not a disjoint one), changes no answer about any other
 * meeting. The added files are in tests/fixtures/added-meeting.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, type AnswerResult } from '../../src/answer/index.ts';
import { copyKnowledgeBase } from '../helpers/kb-fixture.ts';
import { liveIndex } from '../helpers/live-base.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/added-meeting/', import.meta.url));
const EVAL = fileURLToPath(new URL('../eval/', import.meta.url));

/** The live base with the fixture's source, facts and meeting added, as a curator's pull request would. */
function grownBase(): string {
  const dir = copyKnowledgeBase();
  cpSync(join(FIXTURE, 'sources'), join(dir, 'sources'), { recursive: true });
  cpSync(join(FIXTURE, 'facts'), join(dir, 'facts'), { recursive: true });
  writeFileSync(join(dir, 'meetings.yml'), `${readFileSync(join(FIXTURE, 'meeting.yml'), 'utf8')}${readFileSync(join(dir, 'meetings.yml'), 'utf8')}`);
  return dir;
}

const outcome = (r: AnswerResult) => (r.answered ? r.fact!.id : 'abstained');

describe('a growing base', () => {
  const questions = ['answerable.yml', 'unanswerable.yml'].flatMap((f) => (parse(readFileSync(join(EVAL, f), 'utf8')) as { q: string }[]).map((i) => i.q));
  const grown = buildSearchIndex(loadKnowledgeBase(grownBase()));
  const added = parse(readFileSync(join(FIXTURE, 'meeting.yml'), 'utf8'))[0].id as string;

  it('really adds a meeting that shares the base’s vocabulary', () => {
    expect(grown.kb.meetings.map((m) => m.id)).toContain(added);
    const newFacts = grown.kb.facts.filter((f) => f.meeting === added);
    expect(newFacts.length).toBeGreaterThan(0);
    const shared = newFacts.flatMap((f) => grown.analyzer.terms(f.answer)).filter((t) => liveIndex.vocabulary.has(t));
    expect(new Set(shared).size).toBeGreaterThanOrEqual(5);
  });

  it('changes no eval answer outside the added meeting (same fact, same abstention)', () => {
    const changed = questions.flatMap((q) => {
      const before = answerQuestion(liveIndex, q);
      const after = answerQuestion(grown, q);
      if (after.fact?.meeting === added || outcome(before) === outcome(after)) return [];
      return [`${q}: ${outcome(before)} (${before.confidence}) → ${outcome(after)} (${after.confidence})`];
    });
    expect(changed).toEqual([]);
  });
});
