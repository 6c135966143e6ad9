/**
 * A second base, about an invented subject (tests/fixtures/harbor-kb: its own people,
 * meetings and vocabulary, a preview and a later official readout of the same meeting),
 * proves that the subject is data: every command works on it, and nothing of the real
 * base's subject shows in any output.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agendaFor, buildSearchIndex, timeline } from '../../src/answer/index.ts';
import { loadKnowledgeBase, meetingHandle } from '../../src/knowledge/index.ts';
import { runCli, type CliRun } from '../helpers/cli.ts';
import { liveKb, properNouns } from '../helpers/live-base.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const harbor = loadKnowledgeBase(HARBOR);
const env = () => ({ KNOWLEDGE_DIR: HARBOR, STATE_DIR: mkdtempSync(join(tmpdir(), 'harbor-state-')) });
const realNouns = properNouns(liveKb);

/** The real base's proper nouns that appear in `text`. */
const leaks = (text: string) => [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => realNouns.has(w)))];

const ok = (run: CliRun) => {
  expect(run.stderr.split('\n').filter((l) => /error|cannot/i.test(l))).toEqual([]);
  expect(run.code).toBe(0);
  expect(leaks(run.stdout + run.stderr)).toEqual([]);
  return run.stdout;
};

describe('a second base on an invented subject', () => {
  const [first, last] = [harbor.meetings[0]!, harbor.meetings.at(-1)!];

  it('has what the design needs: a preview and a later report of one meeting, of different kinds', () => {
    const later = harbor.facts.filter((f) => f.meeting === last.id);
    expect(later.some((f) => f.reports === 'expected')).toBe(true);
    expect(later.some((f) => f.reports === 'happened')).toBe(true);
    expect(new Set([...harbor.sources.values()].map((s) => s.kind)).size).toBeGreaterThan(1);
    expect(realNouns.size).toBeGreaterThan(0);
  });

  it('passes kb:check', async () => {
    expect(ok(await runCli('kb-check', [], { env: env() }))).toMatch(/Knowledge base OK/);
  });

  it('answers with ask, preferring the later report for what happened and the preview for what was expected', async () => {
    const index = buildSearchIndex(harbor);
    const dated = timeline(harbor).find((e) => e.meeting.id === last.id)!;
    expect(dated.fact.reports).toBe('happened');
    const handle = meetingHandle(last);
    const out = ok(await runCli('ask', ['--json'], { env: env(), input: `when was the ${handle} meeting\nwhat was discussed at ${handle}\nwhat was expected at ${handle}\n` }));
    const [when, discussed, expected] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(when).toMatchObject({ answered: true, fact: dated.fact.id });
    expect(discussed.sources[0].reports).toBe('happened');
    expect(expected.sources[0].reports).toBe('expected');
    expect(index.kb.about.name).not.toBe(liveKb.about.name);
  });

  it('runs the console: help, agenda (planned and discussed), timeline, sources, a question and a miss', async () => {
    const input = [
      '/summit help',
      '/summit agenda',
      `/summit agenda ${meetingHandle(first)}`,
      '/summit timeline',
      '/summit sources',
      `when was the ${meetingHandle(first)} meeting`,
      'tell me a joke',
      '',
    ].join('\n');
    const out = ok(await runCli('start', [], { env: env(), input }));
    expect(out).toContain(harbor.about.name);
    expect(out).toContain(harbor.about.subject);
    const agenda = agendaFor(harbor)!;
    expect(agenda.discussed.length).toBeGreaterThan(0);
    expect(agenda.planned.length).toBeGreaterThan(0);
    expect(out).toMatch(/Discussed \(reported after the meeting\)[\s\S]*Planned \(reported before the meeting\)/);
    for (const s of harbor.sources.values()) expect(out).toContain(s.title);
    expect(out).toContain("I don't know");
  });

  it('previews the digest', async () => {
    const out = ok(await runCli('digest', ['--dry-run'], { env: env() }));
    expect(out).toContain(harbor.about.digestTitle);
    expect(out).toContain(harbor.about.subject);
  });
});
