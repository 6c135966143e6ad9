/**
 * The answer engine against the installed base's curated evaluation set (knowledge/eval/
 * answerable.yml and unanswerable.yml), written from the sources alone, without seeing the
 * base. Keep these questions out of knowledge/facts: the engine is judged on held-out
 * questions, so copying these there would only overfit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion, normalizeText, type AnswerResult } from '../../src/answer/index.ts';
import { liveKb } from '../helpers/live-base.ts';
import { evalConfig, evalIndex, isRight, readEvalSet } from './score.ts';

const config = evalConfig();
const has = (name: string) => config !== undefined && config.curated !== undefined && existsSync(join(config.dir, name));

describe.skipIf(!has('answerable.yml') || !has('unanswerable.yml'))("the base's curated evaluation set", () => {
  if (!has('answerable.yml') || !has('unanswerable.yml')) return it.skip('(this base has no curated evaluation set)', () => undefined); // a skipped suite is still collected
  const answerable = readEvalSet(join(config!.dir, 'answerable.yml'));
  const unanswerable = readEvalSet(join(config!.dir, 'unanswerable.yml'));
  // Scored on the sources the set was written from (see evalIndex).
  const index = evalIndex(liveKb, config!);
  const describeMiss = (q: string, r: AnswerResult) => `  ${JSON.stringify(q)} → ${r.answered ? `${r.fact?.id} (${r.confidence})` : `abstained (${r.confidence})`}`;

  it('has the size the issue asks for', () => {
    expect(answerable.length).toBeGreaterThanOrEqual(80);
    expect(unanswerable.length).toBeGreaterThanOrEqual(25);
  });

  it('keeps its questions out of the knowledge base (no eval question is a sample question)', () => {
    const samples = new Set(liveKb.facts.flatMap((f) => f.questions.map(normalizeText)));
    const leaked = [...answerable, ...unanswerable].map((i) => i.q).filter((q) => samples.has(normalizeText(q)));
    expect(leaked).toEqual([]);
  });

  it('answers the share of answerable questions right that eval.yml asks', () => {
    const misses = answerable.map((item) => ({ item, r: answerQuestion(index, item.q) })).filter(({ item, r }) => !isRight(config!, item, r));
    const rate = 1 - misses.length / answerable.length;
    console.log(`answerable: ${answerable.length - misses.length}/${answerable.length} right (${(rate * 100).toFixed(1)}%)`);
    if (misses.length) console.log(`misses:\n${misses.map(({ item, r }) => describeMiss(item.q, r)).join('\n')}`);
    expect(rate).toBeGreaterThanOrEqual(config!.curated!.right);
  });

  it('abstains on the share of questions the base cannot answer that eval.yml asks', () => {
    const misses = unanswerable.map(({ q }) => ({ q, r: answerQuestion(index, q) })).filter(({ r }) => r.answered);
    const rate = 1 - misses.length / unanswerable.length;
    console.log(`unanswerable: ${unanswerable.length - misses.length}/${unanswerable.length} abstained (${(rate * 100).toFixed(1)}%)`);
    if (misses.length) console.log(`answered anyway:\n${misses.map(({ q, r }) => describeMiss(q, r)).join('\n')}`);
    expect(rate).toBeGreaterThanOrEqual(config!.curated!.declined);
  });
});
