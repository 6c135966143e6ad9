/**
 * Scoring an evaluation set against a base: each question asked as a person would, on its
 * own; a thread's turns in one conversation (each turn inherits what the last answer was
 * about, as in Slack). Today is fixed by the set, so that "how long ago" is stable.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { answerQuestion, normalizeText, type AnswerResult, type ConversationContext, type SearchIndex } from '../answer/index.ts';

/** One question: asked alone, or as a turn of a thread. */
export interface EvalQuestion {
  q: string;
  shape?: string;
  expect: 'answer' | 'decline';
  /** Words the answer (or its quotes) must contain; `a|b` is either. */
  must?: string[];
  /** The source that answers it; `a|b` is either; a list: every one of them must be cited. */
  source?: string | string[];
  /** The question asked just before, in the same thread (older sets' one-turn follow-ups). */
  context?: string;
}

/** A set's item: a question, or a thread of them scored as one conversation. */
export type EvalItem = EvalQuestion | { shape: 'thread'; turns: EvalQuestion[] };

export const isThread = (item: EvalItem): item is { shape: 'thread'; turns: EvalQuestion[] } => 'turns' in item;

export function readEvalSet(path: string | URL): EvalItem[] {
  const items = parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(items)) throw new Error(`${String(path)}: an evaluation set is a YAML list of questions and threads`);
  return items as EvalItem[];
}

/**
 * Right: answered with every `must` (any of its `a|b`) in the answer or a quote, citing the
 * expected source (any of `a|b`), or a source not in `writtenFrom` when that is given (one
 * added to the base after the set was written may answer it too).
 */
export function isRight(item: Pick<EvalQuestion, 'must' | 'source'>, r: AnswerResult, writtenFrom?: string[]): boolean {
  const cites = (source: string) => {
    const expected = source.split('|');
    return r.sources.some((c) => expected.includes(c.id) || (writtenFrom !== undefined && !writtenFrom.includes(c.id)));
  };
  if (!r.answered || !(Array.isArray(item.source) ? item.source.every(cites) : cites(String(item.source)))) return false;
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
  /** Questions asked alone (threads' turns are counted under `threads`). */
  total: number;
  threads: number;
  threadsRight: number;
  byShape: Map<string, { ok: number; of: number }>;
  misses: string[];
}

export interface ScoreOptions {
  today: Date;
  writtenFrom?: string[];
}

interface Judged {
  ok: boolean;
  wrong: boolean;
  result: AnswerResult;
}

function judge(index: SearchIndex, item: EvalQuestion, context: ConversationContext | undefined, opts: ScoreOptions): Judged {
  const result = answerQuestion(index, item.q, { today: opts.today, context });
  if (item.expect === 'answer') {
    const ok = isRight(item, result, opts.writtenFrom);
    return { ok, wrong: !ok && result.answered, result };
  }
  return { ok: !result.answered, wrong: result.answered, result };
}

const describeMiss = (item: EvalQuestion, r: AnswerResult) => `${JSON.stringify(item.q)} → ${r.answered ? `${r.kind} ${r.fact?.id ?? ''} (${r.confidence})` : `${r.kind} (${r.confidence})`}`;

export function scoreSet(index: SearchIndex, items: EvalItem[], opts: ScoreOptions): Score {
  const score: Score = { answerable: 0, right: 0, unanswerable: 0, declined: 0, wrong: 0, total: 0, threads: 0, threadsRight: 0, byShape: new Map(), misses: [] };
  const tally = (shape: string, ok: boolean) => {
    const s = score.byShape.get(shape) ?? { ok: 0, of: 0 };
    s.of++;
    if (ok) s.ok++;
    score.byShape.set(shape, s);
  };
  for (const item of items) {
    if (isThread(item)) {
      let context: ConversationContext | undefined;
      const turns: string[] = [];
      let allOk = true;
      for (const turn of item.turns) {
        const j = judge(index, turn, context, opts);
        context = j.result.context ?? context;
        allOk &&= j.ok;
        turns.push(`${j.ok ? '   ' : ' ✗ '}${describeMiss(turn, j.result)}`);
      }
      score.threads++;
      if (allOk) score.threadsRight++;
      tally('thread', allOk);
      if (!allOk) score.misses.push(`  [thread]\n${turns.map((t) => `    ${t}`).join('\n')}`);
      continue;
    }
    const context = item.context ? answerQuestion(index, item.context, { today: opts.today }).context : undefined;
    const j = judge(index, item, context, opts);
    score.total++;
    if (item.expect === 'answer') {
      score.answerable++;
      if (j.ok) score.right++;
    } else {
      score.unanswerable++;
      if (j.ok) score.declined++;
    }
    if (j.wrong) score.wrong++;
    tally(item.shape ?? item.expect, j.ok);
    if (!j.ok) score.misses.push(`  [${item.shape ?? item.expect}] ${describeMiss(item, j.result)}`);
  }
  return score;
}

const pct = (a: number, b: number) => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;

export function describeScore(name: string, s: Score): string {
  return [
    `${name}: answered right ${pct(s.right, s.answerable)}, declined ${pct(s.declined, s.unanswerable)}, wrong answers ${pct(s.wrong, s.total)}` +
      (s.threads ? `, threads right ${pct(s.threadsRight, s.threads)}` : ''),
    `  by shape: ${[...s.byShape].map(([k, v]) => `${k} ${v.ok}/${v.of}`).join(', ')}`,
  ].join('\n');
}
