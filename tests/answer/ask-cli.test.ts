/**
 * `npm run ask`: the JSON contract, one question and many on standard input, and --explain.
 * On the installed base, asking a question read off it; standard input on the harbor fixture
 * (KNOWLEDGE_DIR), whose misspellings the test can know.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { citationFor, formatSourceLine } from '../../src/answer/index.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { HARBOR_DIR, harborIndex } from '../helpers/answer-harbor.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { KNOWLEDGE_DIR: _, ...inherited } = process.env;
/** The CLI on the installed base, or on the base in `knowledgeDir`. */
const ask = (args: string[], input?: string, knowledgeDir?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...inherited, DOTENV_CONFIG_PATH: '/nonexistent/.env', ...(knowledgeDir && { KNOWLEDGE_DIR: knowledgeDir }) },
  });

const KEYS = ['question', 'answered', 'kind', 'answer', 'confidence', 'fact', 'facts', 'sources', 'related', 'suggestions'];
const sample = selfAnsweringFact();

describe('ask CLI', () => {
  it('prints one JSON object with exactly the contract fields', () => {
    const out = ask(['--json', sample.question]);
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json).toMatchObject({ question: sample.question, answered: true, fact: sample.fact.id });
    expect(Object.keys(json.sources[0])).toEqual(['id', 'title', 'publisher', 'kind', 'url', 'published', 'quote', 'passages', 'reports']);
    expect(json.sources[0].quote).toBe(json.sources[0].passages.join(' … '));
    expect(json.sources[0].published).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    expect(typeof json.confidence).toBe('number');
  });

  it('reads questions from standard input, one per line, and answers each in order', () => {
    const harbor = selfAnsweringFact(harborIndex);
    // "fishng" is no word of the harbor base: answered only as the misspelling of "fishing" it is.
    const out = ask(['--json'], `${harbor.question}\ntell me a joke\n\nfishng rights\n`, HARBOR_DIR);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual([harbor.question, 'tell me a joke', '', 'fishng rights']);
    expect(lines.map((l) => l.answered)).toEqual([true, false, false, true]);
    expect(lines[0].fact).toBe(harbor.fact.id);
    expect(lines[3].fact).toBe('kessel-2031-fishing-rights');
    expect(lines[1].sources).toEqual([]);
    for (const l of lines) expect(Object.keys(l)).toEqual(KEYS);
  });

  it('prints a readable answer with its citation, and the candidates with --explain', () => {
    const { fact, question } = selfAnsweringFact();
    const out = ask(['--explain', question]);
    expect(out.stdout).toContain(`Source: ${formatSourceLine(citationFor(liveKb, fact))}`);
    expect(out.stdout).toMatch(/How the question was read:\n {2}asks for: /);
    expect(out.stdout).toMatch(/Top candidates/);
    expect(out.stdout).toContain(fact.id);
    expect(out.stdout).toMatch(/matched: \w/);
  });
});
