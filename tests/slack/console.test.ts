/** `npm start` with no Slack credentials: the local console, as a newcomer runs it. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knowledgeDir } from '../../src/config.ts';
import { copyKnowledgeBase } from '../helpers/kb-fixture.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { agendaFor } from '../../src/answer/index.ts';
import { escapeRegExp } from '../../src/knowledge/index.ts';
import { citationLine, meetingTitle } from '../../src/slack/render.ts';
import { messageToText } from '../../src/slack/terminal.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the start CLI as a child process with `input` on stdin and no Slack variables. */
function runStart(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && !k.startsWith('DIGEST_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    // The base the expectations are read from (live-base.ts), unless the test gives its own.
    env: { ...clean, DOTENV_CONFIG_PATH: '/nonexistent/.env', KNOWLEDGE_DIR: knowledgeDir({}), STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-console-state-')), ...env },
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
    // The source line as the console prints it: its kind's icon, linked where it has an address.
    expect(stdout).toContain(messageToText({ text: citationLine(first.citation) }));
  });

  it('answers other lines as mentions, in order, through the same listeners', async () => {
    const { fact, question } = selfAnsweringFact();
    // A question no base answers, whatever its subject: declined.
    const { code, stdout } = await runStart(`${question}\n\n/summit timeline\ntell me a joke\n`);
    expect(code).toBe(0);
    const answer = stdout.indexOf(fact.answer.slice(0, 40));
    const timeline = stdout.indexOf(`== ${liveKb.about.subject.replace(/^./, (c) => c.toUpperCase())}, oldest first ==`);
    const unknown = stdout.indexOf("I don't know");
    expect(answer).toBeGreaterThanOrEqual(0);
    expect(timeline).toBeGreaterThan(answer);
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
    // Whatever the base: the first fact file that names a source gets one that does not exist.
    const dir = copyKnowledgeBase();
    const name = readdirSync(join(dir, 'facts'))
      .sort()
      .find((f) => f.endsWith('.yml') && /^ {2}source: \S+$/m.test(readFileSync(join(dir, 'facts', f), 'utf8')))!;
    expect(name, 'a fact file that names a source').toBeDefined();
    const file = join(dir, 'facts', name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^ {2}source: \S+$/m, '  source: no-such-source'));
    const { code, stderr, stdout } = await runStart('/summit agenda\n', { KNOWLEDGE_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`facts/${escapeRegExp(name)}:\\d+ \\[fact [a-z0-9-]+ › source\\]: unknown source "no-such-source"`));
    expect(stdout).not.toMatch(/Agenda/);
  });

  it('refuses to start with half-set credentials, naming the missing variable', async () => {
    const { code, stderr } = await runStart('', { SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(stderr).not.toContain('xoxb-1-2-3');
  });
});
