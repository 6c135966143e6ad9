/**
 * The installed base's held-out evaluation sets (knowledge/eval/heldout/, listed with their
 * floors in knowledge/eval/eval.yml), written by people who saw only the source texts, never
 * the base or the engine, each scored once before any change it prompted (docs/engine.md: "How well
 * it answers"). Their misses are never fixed by copying their phrasings into the base. The
 * floors sit just under the figures of the day they were set, per shape, so that a change
 * that makes a kind of question worse fails here. The newer blind sets (knowledge/eval/blind/)
 * are scored with `npm run eval`; here only their absence from the base is checked.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/answer/index.ts';
import { liveKb } from '../helpers/live-base.ts';
import { describeScore, evalConfig, evalIndex, readEvalSet, scoreSet, type Score } from './score.ts';

const config = evalConfig();

describe.skipIf(!config?.heldout)('held-out evaluation sets', () => {
  if (!config?.heldout) return it.skip('(this base has no held-out sets)', () => undefined); // a skipped suite is still collected
  const { sets, floors, maxWrong, writtenBeforeTheSets } = config!.heldout!;
  const read = (name: string) => readEvalSet(join(config!.dir, 'heldout', `${name}.yml`));
  const index = evalIndex(liveKb, config!);
  const scores = new Map<string, Score>(sets.map((name) => [name, scoreSet(config!, index, read(name))]));

  it('are each big enough to mean something, with a third near misses or not reported', () => {
    for (const [, s] of scores) {
      expect(s.total).toBeGreaterThanOrEqual(90);
      const hard = (s.byShape.get('near-miss')?.of ?? 0) + (s.byShape.get('not-reported')?.of ?? 0);
      expect(hard / s.total).toBeGreaterThanOrEqual(1 / 3);
    }
  });

  it('keep their questions out of the knowledge base (no held-out question is a sample question)', () => {
    const samples = new Set(liveKb.facts.flatMap((f) => [...f.questions, ...f.not].map(normalizeText)));
    const leaked = sets
      .flatMap(read)
      .flatMap((i) => [i.q, i.context ?? ''])
      .map(normalizeText)
      .filter((q) => q && samples.has(q) && !writtenBeforeTheSets.has(q));
    expect(leaked).toEqual([]);
  });

  it('keep each shape of question at or above its floor', () => {
    for (const [name, s] of scores) console.log(describeScore(name, s));
    const all = new Map<string, { ok: number; of: number }>();
    for (const s of scores.values()) {
      for (const [shape, v] of s.byShape) {
        const sum = all.get(shape) ?? { ok: 0, of: 0 };
        all.set(shape, { ok: sum.ok + v.ok, of: sum.of + v.of });
      }
    }
    const below = [...all].filter(([shape, v]) => v.ok / v.of < (floors[shape] ?? 1)).map(([shape, v]) => `${shape}: ${v.ok}/${v.of} < ${floors[shape]}`);
    if (below.length) console.log([...scores.values()].flatMap((s) => s.misses).join('\n'));
    expect(below).toEqual([]);
  });

  it('answer wrongly at most rarely', () => {
    const wrong = [...scores.values()].reduce((n, s) => n + s.wrong, 0);
    const total = [...scores.values()].reduce((n, s) => n + s.total, 0);
    expect(wrong / total).toBeLessThanOrEqual(maxWrong);
  });
});

describe.skipIf(!config || !existsSync(join(config.dir, 'blind')))('blind evaluation sets', () => {
  it('keep their questions out of the knowledge base (no blind question is a sample question or near miss)', () => {
    const dir = join(config!.dir, 'blind');
    const samples = new Set(liveKb.facts.flatMap((f) => [...f.questions, ...f.not].map(normalizeText)));
    const questions = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .flatMap((f) => readEvalSet(join(dir, f)))
      .flatMap((item) => ('turns' in item ? (item as unknown as { turns: { q: string }[] }).turns.map((t) => t.q) : [item.q]));
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.map(normalizeText).filter((q) => q && samples.has(q) && !config!.blindWrittenBefore.has(q))).toEqual([]);
  });
});
