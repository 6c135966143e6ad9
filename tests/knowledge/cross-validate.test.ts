/**
 * kb:check's cross-validation on a base of its own: a question left out of its fact is asked
 * as a new phrasing would be, so a fact whose only phrasing is that question no longer
 * answers it, and a near miss left out no longer declines itself.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion, buildSearchIndex, crossValidate } from '../../src/answer/index.ts';
import { heldOutQuestion } from '../../src/answer/cross-validate.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { runCli } from '../helpers/cli.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const index = buildSearchIndex(loadKnowledgeBase(HARBOR));

describe('cross-validation', () => {
  it('counts every sample question and near miss of every fact once', () => {
    const cv = crossValidate(index);
    expect(cv.asked).toBe(index.kb.facts.reduce((n, f) => n + f.questions.length, 0));
    expect(cv.nots).toBe(index.kb.facts.reduce((n, f) => n + f.not.length, 0));
    expect(cv.answered + cv.wrong).toBeLessThanOrEqual(cv.asked);
    expect(cv.facts.map((r) => r.id)).toEqual(index.kb.facts.map((f) => f.id));
  });

  it('leaves the question out: its match to itself and the words only it brought no longer count', () => {
    // A fact's sample question whose words no other of its questions has all of.
    const terms = (q: number) => [...index.questionTermIds.subarray(index.questionOffsets[q]!, index.questionOffsets[q + 1]!)];
    const f = index.kb.facts.findIndex((_, f) => {
      const [first, ...others] = Array.from({ length: index.factNots[f]! - index.factQuestions[f]! }, (_, i) => index.factQuestions[f]! + i);
      return first !== undefined && others.every((o) => !terms(first).every((t) => terms(o).includes(t)));
    });
    const fact = index.kb.facts[f]!;
    const question = fact.questions[0]!;
    const alone = answerQuestion(index, question);
    const left = answerQuestion(index, question, { leaveOut: heldOutQuestion(index, f, index.factQuestions[f]!) });
    const own = (r: typeof alone) => r.candidates.find((c) => c.fact.id === fact.id);
    expect(own(alone)!.questionMatch).toBe(1);
    expect(own(left)?.questionMatch ?? 0).toBeLessThan(1);
  });

  it('is printed by kb:check with the weakest facts and what to do', async () => {
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: HARBOR } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Cross-validated .*\n {2}sample questions answered by their fact \d+\/\d+ \(\d+%\), by another fact \d+\/\d+ \(\d+%\); near misses declined \d+\/\d+/);
  });
});
