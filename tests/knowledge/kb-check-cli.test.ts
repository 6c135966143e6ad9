/** `npm run kb:check` as a curator runs it: a report, and warnings that do not fail the check. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { runCli } from '../helpers/cli.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));

function harborCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'harbor-kb-'));
  cpSync(HARBOR, dir, { recursive: true });
  return dir;
}

describe('kb:check', () => {
  it('reports sources, their kinds, and facts per meeting written before and after it', async () => {
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: HARBOR } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Knowledge base OK/);
    expect(run.stdout).toMatch(/official readout/);
    expect(run.stdout).toMatch(/written before it, \d+ after/);
  });

  it('warns, without failing, when a fact’s sample question is answered by another fact', async () => {
    const dir = harborCopy();
    const file = join(dir, 'facts', 'river-council-kessel-2031.yml');
    const text = readFileSync(file, 'utf8');
    // A fact claims another's sample question: the engine keeps answering it with the other.
    const stolen = /- id: kessel-2031-meeting-date[\s\S]*?questions:\n {4}- (.+)\n/.exec(text)![1]!;
    writeFileSync(file, text.replace(/(- id: kessel-2031-water-quota[\s\S]*?questions:\n)/, `$1    - ${stolen}\n`));
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Warnings \(\d+/);
    expect(run.stdout).toContain(`[fact kessel-2031-water-quota] sample question "${stolen}" is answered by kessel-2031-meeting-date`);
  });

  it('takes "my sources predate that meeting", then the preview fact itself, as its sample question answered', async () => {
    const dir = harborCopy();
    const file = join(dir, 'facts', 'river-council-amberlo-2032.yml');
    // Only the preview is left: nothing says what happened at Amberlo.
    const previewOnly = readFileSync(file, 'utf8').split('- id: amberlo-2032-meeting-date-readout')[0]!;
    rmSync(join(dir, 'sources', 'amberlo-readout-2032.md'));
    const happened = 'did dask raise the dredging of amberlo harbour at the amberlo meeting';
    writeFileSync(file, previewOnly.replace(/(- id: amberlo-2032-dredging-planned[\s\S]*?questions:\n)/, `$1    - ${happened}\n`));
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: dir } });
    expect(run.code).toBe(0);
    const ask = await runCli('ask', [happened], { env: { KNOWLEDGE_DIR: dir } });
    expect(ask.stdout).toMatch(/not-reported/); // the question does read as asking what happened…
    expect(run.stdout).not.toContain(`"${happened}"`); // …and the reply is its fact, as what was expected
  });

  it('warns when a fact lists its passages out of source order, and cites them in source order', async () => {
    const dir = harborCopy();
    const file = join(dir, 'facts', 'river-council-amberlo-2032.yml');
    const text = readFileSync(file, 'utf8');
    const first = '    - >-\n      The two leaders discussed the summer water quota for the Aldra river.\n';
    const second = '    - >-\n      The Prime Minister set out Tessaly’s proposal for a five-year water quota arrangement\n';
    expect(text).toContain(first + second);
    writeFileSync(file, text.replace(first + second, second + first));
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/facts\/river-council-amberlo-2032\.yml:\d+ \[fact [a-z0-9-]+ › quote\]: passages are not in the order the source has them/);
    const fact = loadKnowledgeBase(dir).facts.find((f) => f.quotes.some((q) => q.includes('five-year water quota arrangement')))!;
    expect(fact.quotes[0]).toContain('summer water quota');
  });

  it('fails with file and line when dates cannot tell a preview from a report', async () => {
    const dir = harborCopy();
    const file = join(dir, 'sources', 'amberlo-preview-2032.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^published: .*$/m, 'published: 2032-09'));
    const run = await runCli('kb-check', [], { env: { KNOWLEDGE_DIR: dir } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/facts\/river-council-amberlo-2032\.yml:\d+ \[fact [a-z0-9-]+ › reports\]: cannot tell from the dates/);
  });
});
