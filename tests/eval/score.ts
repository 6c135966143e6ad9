/**
 * The installed base's own evaluation sets (knowledge/eval/, described by its eval.yml),
 * scored with src/eval/score.ts on the day they were written for and on the sources they
 * were written from. A base without them has its evaluation tests skipped, loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildSearchIndex, type AnswerResult, type SearchIndex } from '../../src/answer/index.ts';
import { knowledgeDir } from '../../src/config.ts';
import * as score from '../../src/eval/score.ts';
import type { KnowledgeBase } from '../../src/knowledge/index.ts';

export { describeScore, type Score } from '../../src/eval/score.ts';
export type EvalItem = score.EvalQuestion;

export interface EvalConfig {
  dir: string;
  writtenFrom: string[];
  today: Date;
  curated?: { right: number; declined: number };
  heldout?: { sets: string[]; floors: Record<string, number>; maxWrong: number; writtenBeforeTheSets: Set<string> };
  /** Blind sets' questions that a curator had written into the base before the set existed. */
  blindWrittenBefore: Set<string>;
}

/** The installed base's eval.yml, or undefined (and one loud line) when it has none. */
export function evalConfig(): EvalConfig | undefined {
  const dir = join(knowledgeDir({}), 'eval');
  const file = join(dir, 'eval.yml');
  if (!existsSync(file)) {
    console.warn(`\n*** SKIPPED: the installed base has no evaluation sets (${file}); its own eval sets are scored when it brings them ***\n`);
    return undefined;
  }
  const raw = parse(readFileSync(file, 'utf8')) as {
    written_from: string[];
    today: string;
    curated?: { right: number; declined: number };
    heldout?: { sets: string[]; floors: Record<string, number>; max_wrong: number; written_before_the_sets?: string[] };
    blind?: { written_before_the_sets?: string[] };
  };
  return {
    dir,
    writtenFrom: raw.written_from,
    today: new Date(`${raw.today}T12:00:00Z`),
    curated: raw.curated,
    heldout: raw.heldout && {
      sets: raw.heldout.sets,
      floors: raw.heldout.floors,
      maxWrong: raw.heldout.max_wrong,
      writtenBeforeTheSets: new Set(raw.heldout.written_before_the_sets ?? []),
    },
    blindWrittenBefore: new Set(raw.blind?.written_before_the_sets ?? []),
  };
}

export const readEvalSet = (path: string) => score.readEvalSet(path) as EvalItem[];

/**
 * The base as the evaluation sets knew it: only the facts of the sources they were written
 * from. A later source a curator adds may rightly answer what they expect declined ("what was
 * agreed in Lima?" once a readout exists), so the sets are scored on their own sources.
 */
export function evalIndex(kb: KnowledgeBase, config: EvalConfig): SearchIndex {
  const from = new Set(config.writtenFrom);
  return buildSearchIndex({ ...kb, facts: kb.facts.filter((f) => from.has(f.source)), sources: new Map([...kb.sources].filter(([id]) => from.has(id))) });
}

export const isRight = (config: EvalConfig, item: Pick<EvalItem, 'must' | 'source'>, r: AnswerResult) => score.isRight(item, r, config.writtenFrom);
export const scoreSet = (config: EvalConfig, index: SearchIndex, items: EvalItem[]) => score.scoreSet(index, items, { today: config.today, writtenFrom: config.writtenFrom });
