/** `npm start` with no Slack credentials: the local console, as a newcomer runs it. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyKnowledgeBase } from '../helpers/kb-fixture.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { agendaFor, formatSourceLine } from '../../src/answer/index.ts';
import { meetingTitle } from '../../src/slack/render.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the start CLI as a child process with `input` on stdin and no Slack variables. */
function runStart(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && !k.startsWith('DIGEST_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    env: { ...clean, DOTENV_CONFIG_PATH: '/nonexistent/.env', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('local console', () => {
  it('prints the latest agenda with citations for `/summit agenda`, then exits 0 at end of input', async () => {
    const expected = agendaFor(liveKb)!;
    const first = [...expected.discussed, ...expected.planned][0]!;
    const { code, stdout } = await runStart('/summit agenda\n');
    expect(code).toBe(0);
    expect(stdout).toContain(`== Agenda: ${meetingTitle(expected.meeting)} ==`);
    expect(stdout).toContain(first.fact.answer.slice(0, 40));
    expect(stdout).toContain(`📰 ${formatSourceLine(first.citation)}`);
  });

  it('answers other lines as mentions, in order, through the same listeners', async () => {
    const { fact, question } = selfAnsweringFact();
    const { code, stdout } = await runStart(`${question}\n\n/summit timeline\nwhat did putin say\n`);
    expect(code).toBe(0);
    const wang = stdout.indexOf(fact.answer.slice(0, 40));
    const timeline = stdout.indexOf(`== ${liveKb.about.subject.replace(/^./, (c) => c.toUpperCase())}, oldest first ==`);
    const unknown = stdout.indexOf("I don't know");
    expect(wang).toBeGreaterThanOrEqual(0);
    expect(timeline).toBeGreaterThan(wang);
    expect(unknown).toBeGreaterThan(timeline);
  });

  it('takes a 👎 on the last answer and shows the curator (the person at the console) the gaps', async () => {
    const { question } = selfAnsweringFact();
    const miss = 'what colour were the curtains';
    const stateDir = mkdtempSync(join(tmpdir(), 'summit-console-'));
    const { code, stdout } = await runStart(`-1\nquick one: ${question}\n-1\n${miss}\n/summit gaps\n`, { STATE_DIR: stateDir });
    expect(code).toBe(0);
    expect(stdout).toContain('Nothing to give a 👎 to yet');
    expect(stdout).toContain("I've noted the question");
    const gaps = stdout.slice(stdout.indexOf('most frequent first'));
    expect(gaps).toContain(question);
    expect(gaps).toContain(miss);
  });

  it('refuses to start on a broken knowledge base, telling the curator file, line and reason', async () => {
    const dir = copyKnowledgeBase();
    const file = join(dir, 'facts', 'g20-2022.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  source: sf-preview-2023$/m, '  source: no-such-source'));
    const { code, stderr, stdout } = await runStart('/summit agenda\n', { KNOWLEDGE_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/facts\/g20-2022\.yml:\d+ \[fact [a-z0-9-]+ › source\]: unknown source "no-such-source"/);
    expect(stdout).not.toMatch(/Agenda/);
  });

  it('refuses to start with half-set credentials, naming the missing variable', async () => {
    const { code, stderr } = await runStart('', { SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(stderr).not.toContain('xoxb-1-2-3');
  });
});
