/**
 * The older held-out sets (tests/eval/heldout/), scored with src/eval/score.ts on the day they
 * were written for and on the sources they were written from.
 */
import { buildSearchIndex, type AnswerResult, type SearchIndex } from '../../src/answer/index.ts';
import * as score from '../../src/eval/score.ts';
import type { KnowledgeBase } from '../../src/knowledge/index.ts';

export { describeScore, type Score } from '../../src/eval/score.ts';
export type EvalItem = score.EvalQuestion;

/** The day the held-out sets were written for: their time questions count from it. */
export const EVAL_TODAY = new Date('2026-11-30T12:00:00Z');

/** The sources the evaluation sets were written from. */
export const WRITTEN_FROM = ['lima-preview-2024', 'sf-preview-2023'];

export const readEvalSet = (url: URL) => score.readEvalSet(url) as EvalItem[];

/**
 * The base as the evaluation sets knew it: only the facts of the sources they were written
 * from. A later source a curator adds may rightly answer what they expect declined ("what was
 * agreed in Lima?" once a readout exists), so the sets are scored on their own sources.
 */
export function evalIndex(kb: KnowledgeBase): SearchIndex {
  const from = new Set(WRITTEN_FROM);
  return buildSearchIndex({ ...kb, facts: kb.facts.filter((f) => from.has(f.source)), sources: new Map([...kb.sources].filter(([id]) => from.has(id))) });
}

export const isRight = (item: Pick<EvalItem, 'must' | 'source'>, r: AnswerResult) => score.isRight(item, r, WRITTEN_FROM);
export const scoreSet = (index: SearchIndex, items: EvalItem[]) => score.scoreSet(index, items, { today: EVAL_TODAY, writtenFrom: WRITTEN_FROM });
