/**
 * Scoring an evaluation set: each question asked as a person would (a follow-up after its
 * earlier question, in the same conversation; today fixed, so that "how long ago" is stable).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { answerQuestion, buildSearchIndex, normalizeText, type AnswerResult, type SearchIndex } from '../../src/answer/index.ts';
import type { KnowledgeBase } from '../../src/knowledge/index.ts';

export interface EvalItem {
  q: string;
  shape: string;
  expect: 'answer' | 'decline';
  must?: string[];
  source?: string;
  /** For a follow-up: the question asked just before, in the same thread. */
  context?: string;
}

/** The day the held-out sets were written for: their time questions count from it. */
export const EVAL_TODAY = new Date('2026-11-30T12:00:00Z');

export const readEvalSet = (url: URL): EvalItem[] => parse(readFileSync(url, 'utf8'));

export function ask(index: SearchIndex, item: EvalItem): AnswerResult {
  const context = item.context ? answerQuestion(index, item.context, { today: EVAL_TODAY }).context : undefined;
  return answerQuestion(index, item.q, { today: EVAL_TODAY, context });
}

/**
 * The sources an evaluation set was written from: a source added to the base later (a
 * readout after a preview) may answer its questions too, and is right if it says what is needed.
 */
export const WRITTEN_FROM = ['lima-preview-2024', 'sf-preview-2023'];

/**
 * The base as the evaluation sets knew it: only the facts of the sources they were written
 * from. A later source a curator adds may rightly answer what they expect declined ("what was
 * agreed in Lima?" once a readout exists), so the sets are scored on their own sources.
 */
export function evalIndex(kb: KnowledgeBase): SearchIndex {
  const from = new Set(WRITTEN_FROM);
  return buildSearchIndex({ ...kb, facts: kb.facts.filter((f) => from.has(f.source)), sources: new Map([...kb.sources].filter(([id]) => from.has(id))) });
}

/**
 * Right: answered with every `must` (any of its `a|b`) in the answer or a quote, citing the
 * expected source (any of `a|b`) or one the set was not written from (added to the base since).
 */
export function isRight(item: Pick<EvalItem, 'must' | 'source'>, r: AnswerResult): boolean {
  const expected = String(item.source).split('|');
  if (!r.answered || !r.sources.some((c) => expected.includes(c.id) || !WRITTEN_FROM.includes(c.id))) return false;
  const text = normalizeText(`${r.answer} ${r.sources.map((s) => s.quote).join(' ')}`);
  return (item.must ?? []).every((m) => m.split('|').some((alt) => text.includes(normalizeText(alt))));
}

export interface Score {
  answerable: number;
  right: number;
  unanswerable: number;
  declined: number;
  /** Answered, but not right: the costliest mistake. */
  wrong: number;
  total: number;
  byShape: Map<string, { ok: number; of: number }>;
  misses: string[];
}

export function scoreSet(index: SearchIndex, items: EvalItem[]): Score {
  const score: Score = { answerable: 0, right: 0, unanswerable: 0, declined: 0, wrong: 0, total: items.length, byShape: new Map(), misses: [] };
  for (const item of items) {
    const r = ask(index, item);
    let ok: boolean;
    if (item.expect === 'answer') {
      score.answerable++;
      ok = isRight(item, r);
      if (ok) score.right++;
      else if (r.answered) score.wrong++;
    } else {
      score.unanswerable++;
      ok = !r.answered;
      if (ok) score.declined++;
      else score.wrong++;
    }
    const shape = score.byShape.get(item.shape) ?? { ok: 0, of: 0 };
    shape.of++;
    if (ok) shape.ok++;
    score.byShape.set(item.shape, shape);
    if (!ok) score.misses.push(`  [${item.shape}] ${JSON.stringify(item.q)} → ${r.answered ? `${r.kind} ${r.fact?.id ?? ''} (${r.confidence})` : `${r.kind} (${r.confidence})`}`);
  }
  return score;
}

export function describeScore(name: string, s: Score): string {
  const pct = (a: number, b: number) => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
  return [
    `${name}: answered right ${pct(s.right, s.answerable)}, declined ${pct(s.declined, s.unanswerable)}, wrong answers ${pct(s.wrong, s.total)}`,
    `  by shape: ${[...s.byShape].map(([k, v]) => `${k} ${v.ok}/${v.of}`).join(', ')}`,
  ].join('\n');
}
