/** The question record: real files in a temp folder; what is stored, kept, skipped and purged. */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, type Env } from '../../src/config.ts';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, DEFAULT_ANSWER_OPTIONS, type AnswerResult } from '../../src/answer/index.ts';
import { DEFAULT_THIN_MARGIN, fileQuestionLog, purgeExpired, QUESTION_LOG_FILE, recordAnswer, scrubQuestion, shouldRecord, type QuestionRecord } from '../../src/state/questions.ts';

const questionLogConfig = (env: Env) => readConfig(env).questionLog;
const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'summit-questions-'));
const day = (d: number, hour = 12) => new Date(Date.UTC(2026, 10, d, hour));
const record = (question: string, at: Date, extra: Partial<QuestionRecord> = {}): QuestionRecord => ({
  at: at.toISOString(),
  question,
  outcome: 'declined',
  kind: 'no-match',
  confidence: 0.41,
  channelType: 'dm',
  ...extra,
});

describe('file question log', () => {
  it('appends records and reads them back, oldest first, from a second instance too', async () => {
    const dir = tempDir();
    const log = fileQuestionLog(dir);
    await log.append(record('what is the river council budget', day(1)));
    await log.append(record('who chaired the talks', day(2), { outcome: 'thumbs-down', kind: 'answer', fact: 'some-fact', meeting: 'm-1', confidence: 0.7, channelType: 'channel' }));
    const read = await fileQuestionLog(dir).read();
    expect(read.map((r) => r.question)).toEqual(['what is the river council budget', 'who chaired the talks']);
    expect(read[1]).toEqual({
      at: day(2).toISOString(),
      question: 'who chaired the talks',
      outcome: 'thumbs-down',
      kind: 'answer',
      fact: 'some-fact',
      confidence: 0.7,
      meeting: 'm-1',
      channelType: 'channel',
    });
    expect((await log.read(day(2))).map((r) => r.question)).toEqual(['who chaired the talks']);
    expect(readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(statSync(join(dir, QUESTION_LOG_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reads an empty or missing record as no questions', async () => {
    expect(await fileQuestionLog(join(tempDir(), 'not-yet')).read()).toEqual([]);
    expect(await fileQuestionLog(join(tempDir(), 'not-yet')).purge(day(30))).toBe(0);
  });

  it('skips a torn or corrupt line, never failing, and keeps the record appended after a torn one', async () => {
    const dir = tempDir();
    const log = fileQuestionLog(dir);
    await log.append(record('first', day(1)));
    // A crash mid-write leaves half a line with no newline; the next append lands on the same line.
    appendFileSync(join(dir, QUESTION_LOG_FILE), '{"at":"2026-11-01T12:00:00.000Z","question":"tor');
    await log.append(record('after the tear', day(2)));
    appendFileSync(join(dir, QUESTION_LOG_FILE), 'not json at all\n{"at":"yesterday","question":1}\n[]\n\n');
    await log.append(record('last', day(3)));
    expect((await log.read()).map((r) => r.question)).toEqual(['first', 'after the tear', 'last']);
  });

  it('loses no line when several processes append at once', async () => {
    const dir = tempDir();
    const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
    const run = promisify(execFile);
    await Promise.all(['a', 'b', 'c'].map((tag) => run(process.execPath, ['--import', 'tsx', worker, dir, tag, '60'], { cwd: ROOT })));
    const read = await fileQuestionLog(dir).read();
    expect(read).toHaveLength(180);
    for (const tag of ['a', 'b', 'c']) expect(read.filter((r) => r.question.startsWith(`${tag} `))).toHaveLength(60);
    expect(readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8').trim().split('\n')).toHaveLength(180);
  });

  it('purges what is past retention, keeps the rest, and drops unreadable lines', async () => {
    const dir = tempDir();
    const log = fileQuestionLog(dir);
    for (const d of [1, 2, 10, 20, 29]) await log.append(record(`asked on day ${d}`, day(d)));
    appendFileSync(join(dir, QUESTION_LOG_FILE), 'garbage\n');
    // 30 days kept, as of 10 December: everything from 10 November on stays.
    expect(await purgeExpired(log, 30, new Date(Date.UTC(2026, 11, 10, 12)))).toBe(3);
    expect((await log.read()).map((r) => r.question)).toEqual(['asked on day 10', 'asked on day 20', 'asked on day 29']);
    expect(await log.purge(day(10))).toBe(0);
    expect(readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8')).not.toContain('garbage');
    expect(statSync(join(dir, QUESTION_LOG_FILE)).mode & 0o777).toBe(0o600);
    await log.append(record('after the purge', day(30)));
    expect((await log.read()).at(-1)?.question).toBe('after the purge');
  });

  it('loses no append made while it purges, and purges once when two replicas purge at once', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = tempDir();
      const log = fileQuestionLog(dir);
      for (let i = 0; i < 50; i++) await log.append(record(`old ${i}`, day(1)));
      const other = fileQuestionLog(dir); // another replica on the same folder
      const [first, second] = await Promise.all([log.purge(day(5)), other.purge(day(5)), ...Array.from({ length: 40 }, (_, i) => other.append(record(`new ${i}`, day(6))))]);
      expect(first! + second!).toBe(50);
      const left = (await log.read()).map((r) => r.question);
      expect(left.filter((q) => q.startsWith('old'))).toEqual([]);
      expect(new Set(left.filter((q) => q.startsWith('new'))).size).toBe(40);
      expect(existsSync(join(dir, `${QUESTION_LOG_FILE}.purge-lock`))).toBe(false);
    }
  });

  it('stores no user, channel or e-mail identifiers, whatever the caller passes', async () => {
    const dir = tempDir();
    const log = fileQuestionLog(dir);
    await log.append(record('<@U0123ABCD> what did @U123 say to <@W0ABCDEF12|sam> in <#C0123456789|general> <!here> about silt? cc U0999ZZZ99 ops@example.org', day(1)));
    const text = readFileSync(join(dir, QUESTION_LOG_FILE), 'utf8');
    for (const id of ['U0123ABCD', 'U123', 'W0ABCDEF12', 'sam', 'C0123456789', 'here', 'U0999ZZZ99', 'ops@example.org', 'example.org', '@']) expect(text).not.toContain(id);
    const [stored] = await log.read();
    expect(stored!.question).toBe('what did say to in about silt? cc');
    expect(Object.keys(stored!).sort()).toEqual(['at', 'channelType', 'confidence', 'kind', 'outcome', 'question']);
    // Words that merely look like ids are kept: short codes, capitals without digits.
    expect(scrubQuestion('did the G20 or UNCLOS or the U2 matter to WASHINGTON')).toBe('did the G20 or UNCLOS or the U2 matter to WASHINGTON');
  });
});

describe('question log settings', () => {
  it('is on, for 30 days, by default; QUESTION_LOG=off turns it off', () => {
    expect(questionLogConfig({})).toEqual({ enabled: true, days: 30 });
    expect(questionLogConfig({ QUESTION_LOG: 'off', QUESTION_LOG_DAYS: '7' })).toEqual({ enabled: false, days: 7 });
    expect(questionLogConfig({ QUESTION_LOG: ' ON ', QUESTION_LOG_DAYS: '' })).toEqual({ enabled: true, days: 30 });
  });

  it('names the variable and a valid value when a setting is wrong', () => {
    expect(() => questionLogConfig({ QUESTION_LOG: 'sometimes' })).toThrow(ConfigError);
    expect(() => questionLogConfig({ QUESTION_LOG: 'sometimes' })).toThrow(/QUESTION_LOG must be on or off, not "sometimes"/);
    for (const bad of ['0', '-3', '7d', '1.5', 'month', '100000']) {
      expect(() => questionLogConfig({ QUESTION_LOG_DAYS: bad })).toThrow(new RegExp(`QUESTION_LOG_DAYS must be a whole number of days.*not "${bad.replace('.', '\\.')}"`));
    }
  });

  it('records nothing when off', async () => {
    const dir = tempDir();
    const index = buildSearchIndex(loadKnowledgeBase(HARBOR));
    const result = answerQuestion(index, 'what is the weather like on the moon');
    expect(shouldRecord(result)).toBe('declined');
    expect(await recordAnswer(fileQuestionLog(dir), questionLogConfig({ QUESTION_LOG: 'off' }), result, 'dm', day(1))).toBeUndefined();
    expect(await fileQuestionLog(dir).read()).toEqual([]);
    expect(await recordAnswer(fileQuestionLog(dir), questionLogConfig({}), result, 'dm', day(1))).toMatchObject({ outcome: 'declined', kind: 'no-match', channelType: 'dm' });
    expect(await fileQuestionLog(dir).read()).toHaveLength(1);
  });
});

describe('what is recorded', () => {
  const index = buildSearchIndex(loadKnowledgeBase(HARBOR));
  const base = (kind: AnswerResult['kind'], confidence: number): AnswerResult => ({ ...answerQuestion(index, 'x'), kind, confidence });
  const { threshold, listThreshold } = DEFAULT_ANSWER_OPTIONS;

  it('records declines, partial answers, "not reported" and thin answers; not confident answers, time spans or empty messages', () => {
    expect(shouldRecord(base('no-match', 0.3))).toBe('declined');
    expect(shouldRecord(base('partial', 0.8))).toBe('partial');
    expect(shouldRecord(base('not-reported', 0.5))).toBe('not-reported');
    expect(shouldRecord(base('answer', threshold + DEFAULT_THIN_MARGIN / 2))).toBe('thin');
    expect(shouldRecord(base('answer', threshold + DEFAULT_THIN_MARGIN))).toBeUndefined();
    expect(shouldRecord(base('answer', threshold + 0.02), 0.01)).toBeUndefined();
    expect(shouldRecord(base('list', listThreshold + 0.01))).toBe('thin');
    expect(shouldRecord(base('list', 0.95))).toBeUndefined();
    expect(shouldRecord(base('time', 1))).toBeUndefined();
    expect(shouldRecord(answerQuestion(index, '  :wave: <@U0123ABCD> '))).toBeUndefined();
  });

  it("records the engine's reading: the question without markup, the closest fact and the meeting", async () => {
    const dir = tempDir();
    const result = answerQuestion(index, '<@U0123ABCD> how big is the *aldra estuary*?');
    const stored = await recordAnswer(fileQuestionLog(dir), { enabled: true, days: 30 }, result, 'channel', day(3));
    expect(stored).toEqual((await fileQuestionLog(dir).read())[0]);
    expect(stored!.question).toBe('how big is the aldra estuary?');
    expect(stored!.fact).toBe((result.fact ?? result.related?.fact ?? result.candidates[0]?.fact)?.id);
    expect(stored!.confidence).toBe(result.confidence);
  });
});
