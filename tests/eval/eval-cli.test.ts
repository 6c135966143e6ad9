/**
 * `npm run eval` on a base of its own (the harbor fixture): questions asked alone, threads as
 * one conversation, and the figures printed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildSearchIndex } from '../../src/answer/index.ts';
import { scoreSet, type EvalItem } from '../../src/eval/score.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { runCli } from '../helpers/cli.ts';
import { selfAnsweringFact } from '../helpers/live-base.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const index = buildSearchIndex(loadKnowledgeBase(HARBOR));
const { fact, question } = selfAnsweringFact(index);
const today = new Date('2040-01-01T12:00:00Z');
const right = { q: question, expect: 'answer' as const, source: fact.source, must: [] };

describe('scoring an evaluation set', () => {
  it('counts right, declined and wrong answers, and a thread right only when every turn is', () => {
    const items: EvalItem[] = [
      { ...right, shape: 'fact' },
      { ...right, shape: 'fact', must: ['zzzunsaid'] }, // answered, but without the word it must have: wrong
      { q: 'what is the capital of mongolia', shape: 'off-topic', expect: 'decline' },
      { shape: 'thread', turns: [right, { ...right }] },
      { shape: 'thread', turns: [right, { ...right, expect: 'decline' }] },
    ];
    const s = scoreSet(index, items, { today });
    expect(s).toMatchObject({ answerable: 2, right: 1, wrong: 1, unanswerable: 1, declined: 1, total: 3, threads: 2, threadsRight: 1 });
    expect(s.misses.join('\n')).toContain(question);
  });

  it('prints the figures from the command line, for the base KNOWLEDGE_DIR names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-set-'));
    const file = join(dir, 'set.yml');
    writeFileSync(
      file,
      stringify([
        { ...right, shape: 'fact' },
        { shape: 'thread', turns: [right] },
      ]),
    );
    const run = await runCli('eval', ['--today', '2040-01-01', file], { env: { KNOWLEDGE_DIR: HARBOR } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/set\.yml: answered right 1\/1 \(100%\), declined 0\/0 \(0%\), wrong answers 0\/1 \(0%\), threads right 1\/1/);
  });

  it('says what is wrong with a set that is not a list, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-set-'));
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'q: not a list\n');
    const run = await runCli('eval', [file], { env: { KNOWLEDGE_DIR: HARBOR } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a YAML list/);
  });
});
