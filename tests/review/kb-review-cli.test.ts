/**
 * `npm run kb:review` as a curator runs it: records written by the store into a temp
 * STATE_DIR, the CLI run as a child process on a copy of the invented harbor base.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileQuestionLog, type QuestionRecord } from '../../src/state/questions.ts';
import type { Review } from '../../src/review/index.ts';
import { runCli } from '../helpers/cli.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const HOUR = 3_600_000;

async function recordedState(records: [question: string, hoursAgo: number, outcome?: QuestionRecord['outcome']][]): Promise<string> {
  const dir = temp('summit-review-state-');
  const log = fileQuestionLog(dir);
  const now = Date.now();
  for (const [question, hoursAgo, outcome = 'declined'] of records) {
    await log.append({ at: new Date(now - hoursAgo * HOUR).toISOString(), question, outcome, kind: outcome === 'declined' ? 'no-match' : 'answer', confidence: 0.5, channelType: 'dm' });
  }
  return dir;
}

function harborCopy(): string {
  const dir = temp('summit-review-kb-');
  cpSync(HARBOR, dir, { recursive: true });
  return dir;
}

const FIXTURE: [string, number, QuestionRecord['outcome']?][] = [
  ['who is the mayor of grenz', 1],
  ['how many people live in kessel', 2],
  ['who runs the fishers guild', 3],
  ['who is the mayor of grenz', 4],
  ['Who is the mayor of Grenz?', 5],
  ['who runs the fishers guild', 6],
  ['who is oren dask', 7, 'thumbs-down'],
  ['how many people live in kessel', 24 * 3],
  ['how many people live in kessel', 24 * 4],
];

describe('kb:review CLI', () => {
  it('prints the groups most frequent first, each with a YAML change and where to paste it', async () => {
    const env = { STATE_DIR: await recordedState(FIXTURE), KNOWLEDGE_DIR: harborCopy() };
    const out = await runCli('kb-review', [], { env });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const headings = [...out.stdout.matchAll(/^(\d+)\. Asked (once|twice|\d+ times): "(.*)"$/gm)].map((m) => [m[2], m[3]]);
    expect(headings).toEqual([
      ['3 times', 'who is the mayor of grenz'], // asked last: first of equals
      ['3 times', 'how many people live in kessel'],
      ['twice', 'who runs the fishers guild'],
      ['once', 'who is oren dask'],
    ]);
    expect(out.stdout).toMatch(/^Questions recorded .*: 9, in 4 groups; 4 need a change\.$/m);
    // Each group: its change, then the YAML to paste and where (some offer an alternative too).
    const groups = out.stdout.split(/\n(?=\d+\. Asked )/).slice(1);
    expect(groups).toHaveLength(4);
    for (const g of groups) expect(g).toMatch(/ {3}Change: [^\n]+\n(?: {5}[^\n]+\n)? {5}── (paste after line \d+ of|paste at the end of) facts\/[\w-]+\.yml ──\n/);
    expect(out.stdout).toContain('Change: needs a new fact.');
    expect(out.stdout).toContain('near misses (not:)');
  });

  it('--json gives the same review for machines; --since keeps only recent records; --top cuts it short', async () => {
    const env = { STATE_DIR: await recordedState(FIXTURE), KNOWLEDGE_DIR: harborCopy() };
    const all = JSON.parse((await runCli('kb-review', ['--json'], { env })).stdout) as Review;
    expect(all.records).toBe(9);
    expect(all.groups.map((g) => g.count)).toEqual([3, 3, 2, 1]);
    for (const g of all.groups) {
      expect(g.change.yaml.length).toBeGreaterThan(0);
      expect(g.change.placement?.file).toMatch(/^facts\//);
    }
    const recent = JSON.parse((await runCli('kb-review', ['--json', '--since', '24h'], { env })).stdout) as Review;
    expect(recent.records).toBe(7);
    expect(recent.groups.map((g) => [g.questions[0]!.text, g.count])).toEqual([
      ['who is the mayor of grenz', 3],
      ['who runs the fishers guild', 2],
      ['how many people live in kessel', 1],
      ['who is oren dask', 1],
    ]);
    const top = JSON.parse((await runCli('kb-review', ['--json', '--since=7d', '--top', '1'], { env })).stdout) as Review;
    expect(top.groups).toHaveLength(1);
    expect(top.more).toBe(3);
  });

  it('says plainly when nothing is recorded, and exits 0', async () => {
    const out = await runCli('kb-review', ['--since', '7d'], { env: { STATE_DIR: temp('summit-review-empty-'), KNOWLEDGE_DIR: harborCopy() } });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^No questions recorded in the last 7d /);
    const old = await runCli('kb-review', [], { env: { STATE_DIR: await recordedState([['who runs the fishers guild', 24 * 40]]), KNOWLEDGE_DIR: harborCopy() } });
    expect(old.stdout).toMatch(/^No questions recorded in the last 30 days/);
  });

  it('rejects what it does not understand, with the usage', async () => {
    for (const args of [['--since', 'last week'], ['--top', 'ten'], ['--verbose']]) {
      const out = await runCli('kb-review', args, { env: { STATE_DIR: temp('summit-review-empty-') } });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('Usage: npm run kb:review');
    }
    const bad = await runCli('kb-review', [], { env: { STATE_DIR: temp('summit-review-empty-'), QUESTION_LOG_DAYS: 'forever' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('QUESTION_LOG_DAYS must be');
  });
});
