import { existsSync } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ANSWER_OPTIONS, MAX_QUESTION_CHARS, type AnswerResult } from '../answer/index.ts';
import { ConfigError, value, type Env } from '../config.ts';
import { writeInFolder } from './folders.ts';

/**
 * The record of questions a curator should look at: those the bot declined, answered only
 * partly, said were not reported, answered with a thin margin, or that got a 👎. Private by
 * design: the question's text (mentions stripped), what happened and when, and where in
 * general it was asked (a DM, a channel…) — never who asked it or in which channel.
 */
export interface QuestionRecord {
  /** When it was asked (ISO 8601). */
  at: string;
  /** The question as the engine matched it, mentions and Slack ids stripped (scrubQuestion). */
  question: string;
  /** `thin`: answered, but with a confidence just above the bar (see shouldRecord). */
  outcome: 'declined' | 'partial' | 'not-reported' | 'thin' | 'thumbs-down';
  /** The engine's AnswerResult.kind. */
  kind: string;
  /** The answering fact's id, or the closest one's. */
  fact?: string;
  confidence: number;
  /** The meeting id the answer was about. */
  meeting?: string;
  channelType: 'channel' | 'dm' | 'command' | 'console' | 'shortcut' | 'assistant';
}

export type QuestionOutcome = QuestionRecord['outcome'];
export const QUESTION_OUTCOMES = ['declined', 'partial', 'not-reported', 'thin', 'thumbs-down'] as const satisfies readonly QuestionOutcome[];
export const CHANNEL_TYPES = ['channel', 'dm', 'command', 'console', 'shortcut', 'assistant'] as const satisfies readonly QuestionRecord['channelType'][];

/**
 * Where the record is kept. Small on purpose, like the digest's store: a shared store
 * (a PostgreSQL table with these columns and an index on `at`) can replace the file when
 * several replicas run. Every implementation must store `toStoredRecord(record)`, which
 * strips mentions and ids again, whatever the caller did.
 */
export interface QuestionLog {
  append(record: QuestionRecord): Promise<void>;
  /** Records at or after `since` (all of them without it), oldest first. */
  read(since?: Date): Promise<QuestionRecord[]>;
  /** Drops records older than `before` (and any unreadable lines); returns how many lines went. */
  purge(before: Date): Promise<number>;
}

export const QUESTION_LOG_FILE = 'questions.jsonl';
export const DEFAULT_QUESTION_LOG_DAYS = 30;
/** The longest retention accepted: the record is for recent gaps, not an archive. */
export const MAX_QUESTION_LOG_DAYS = 3650;
/** An answer whose confidence is less than this above the bar it had to clear is `thin`. */
export const DEFAULT_THIN_MARGIN = 0.08;

export interface QuestionLogConfig {
  enabled: boolean;
  /** Records older than this many days are purged (on start and daily) and never reviewed. */
  days: number;
}

/**
 * QUESTION_LOG (`on`, the default, or `off`) and QUESTION_LOG_DAYS (whole days, default 30).
 * Throws ConfigError naming the variable, as the other settings do.
 */
export function questionLogConfig(env: Env = process.env): QuestionLogConfig {
  return { enabled: parseQuestionLogSwitch(value(env, 'QUESTION_LOG')), days: parseQuestionLogDays(value(env, 'QUESTION_LOG_DAYS')) };
}

export function parseQuestionLogSwitch(raw: string | undefined): boolean {
  if (raw === undefined) return true;
  const v = raw.toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return true;
  if (['off', 'false', 'no', '0'].includes(v)) return false;
  throw new ConfigError(`QUESTION_LOG must be on or off, not "${raw}" (QUESTION_LOG=off stops recording the questions the bot could not answer).`);
}

export function parseQuestionLogDays(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_QUESTION_LOG_DAYS;
  const days = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(days >= 1 && days <= MAX_QUESTION_LOG_DAYS)) {
    throw new ConfigError(
      `QUESTION_LOG_DAYS must be a whole number of days from 1 to ${MAX_QUESTION_LOG_DAYS}, not "${raw}" (e.g. QUESTION_LOG_DAYS=30; to keep nothing, set QUESTION_LOG=off).`,
    );
  }
  return days;
}

/** The oldest moment a record may be from and still be kept, `days` before `now`. */
export function retentionStart(days: number, now: Date): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** Purges what is past retention: call on start and daily. */
export function purgeExpired(log: QuestionLog, days: number, now: Date): Promise<number> {
  return log.purge(retentionStart(days, now));
}

/**
 * Whether an answer is worth a curator's look, and as what: `declined` (no match), `partial`,
 * `not-reported`, or `thin` (answered, but with a confidence less than `margin` above the bar
 * it had to clear: the threshold for one fact, the list threshold for a list). Undefined for
 * a confident answer, a time span (computed from dates), or an empty message.
 */
export function shouldRecord(result: AnswerResult, margin: number = DEFAULT_THIN_MARGIN): QuestionOutcome | undefined {
  switch (result.kind) {
    case 'no-match':
      return 'declined';
    case 'partial':
      return 'partial';
    case 'not-reported':
      return 'not-reported';
    case 'answer':
      return result.confidence < DEFAULT_ANSWER_OPTIONS.threshold + margin ? 'thin' : undefined;
    case 'list':
      return result.confidence < DEFAULT_ANSWER_OPTIONS.listThreshold + margin ? 'thin' : undefined;
    default:
      return undefined;
  }
}

/** The record of one answer: its fact is the answering one, or else the closest. */
export function questionRecordFor(result: AnswerResult, outcome: QuestionOutcome, channelType: QuestionRecord['channelType'], now: Date): QuestionRecord {
  return toStoredRecord({
    at: now.toISOString(),
    question: result.question,
    outcome,
    kind: result.kind,
    fact: (result.fact ?? result.related?.fact ?? result.candidates[0]?.fact)?.id,
    confidence: result.confidence,
    meeting: result.meeting?.id,
    channelType,
  });
}

/**
 * Records `result` if shouldRecord says so (and the log is on); returns the record. What a
 * listener calls after answering; it should not let a failure here stop the reply.
 */
export async function recordAnswer(
  log: QuestionLog,
  config: QuestionLogConfig,
  result: AnswerResult,
  channelType: QuestionRecord['channelType'],
  now: Date = new Date(),
  margin: number = DEFAULT_THIN_MARGIN,
): Promise<QuestionRecord | undefined> {
  if (!config.enabled) return undefined;
  const outcome = shouldRecord(result, margin);
  if (!outcome) return undefined;
  const record = questionRecordFor(result, outcome, channelType, now);
  if (!record.question) return undefined;
  await log.append(record);
  return record;
}

/**
 * The question with anything that could name a person or a channel removed, defensively
 * (the engine strips Slack markup already): `<@U…>`/`<!…>`/`<#…>` markup, `@handles`,
 * e-mail addresses and bare Slack ids (U…, W…, C… of 9+ capitals and digits).
 */
export function scrubQuestion(text: string): string {
  return text
    .replace(/<[@!#][^>]*>/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/(^|[^\w])@[\w.-]+/g, '$1 ')
    .replace(/\b[UWBCDGTE](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUESTION_CHARS);
}

/** The record as stored: the question scrubbed, nothing but the record's own fields, `at` first. */
export function toStoredRecord(record: QuestionRecord): QuestionRecord {
  const stored: QuestionRecord = {
    at: new Date(record.at).toISOString(),
    question: scrubQuestion(record.question),
    outcome: record.outcome,
    kind: record.kind,
    confidence: Math.round(record.confidence * 1000) / 1000,
    channelType: record.channelType,
  };
  if (record.fact) stored.fact = record.fact;
  if (record.meeting) stored.meeting = record.meeting;
  return stored;
}

const recordSchema = z.object({
  at: z.iso.datetime(),
  question: z.string(),
  outcome: z.enum(QUESTION_OUTCOMES),
  kind: z.string(),
  fact: z.string().optional(),
  confidence: z.number(),
  meeting: z.string().optional(),
  channelType: z.enum(CHANNEL_TYPES),
});

/** A stored line as a record, or undefined for a torn or foreign one. */
function parseLine(line: string): QuestionRecord | undefined {
  const parse = (text: string) => {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
  const whole = parse(line);
  if (whole || !line.trim()) return whole;
  // A line torn by a crash mid-write has the next record appended to it: every record starts
  // with `{"at":`, so the last one on the line is still readable.
  const start = line.lastIndexOf('{"at":');
  return start > 0 ? parse(line.slice(start)) : undefined;
}

/**
 * The record as one JSON object per line in `<dir>/questions.jsonl`, readable by its owner only.
 *
 * Each append is a single write to the file opened with O_APPEND, so processes sharing the
 * folder never interleave within a line; a line torn by a crash is skipped on read, never fatal.
 *
 * Purge rewrites the file (temp file, then rename), one process at a time (a lock file; a
 * replica that finds it held skips, the holder is purging). No append is lost to it: the purge
 * keeps the old file open and, after the rename, copies over what was appended to it meanwhile;
 * an appender whose file was replaced after it wrote checks that its line reached the new file
 * and writes it again if not. In that rare race a line may be stored twice, never lost.
 */
export function fileQuestionLog(dir: string): QuestionLog {
  const path = join(dir, QUESTION_LOG_FILE);
  const lockPath = join(dir, `${QUESTION_LOG_FILE}.purge-lock`);

  const appendBytes = async (bytes: Buffer): Promise<boolean> => {
    const file = await open(path, 'a', 0o600);
    try {
      const { bytesWritten } = await file.write(bytes);
      if (bytesWritten !== bytes.length) throw new Error(`short write to ${path} (${bytesWritten} of ${bytes.length} bytes)`);
      const [mine, current] = await Promise.all([file.stat(), stat(path).catch(() => undefined)]);
      return mine.ino === current?.ino;
    } finally {
      await file.close();
    }
  };

  /** Runs `fn` holding the purge lock; undefined if another process holds it. */
  const withPurgeLock = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(lockPath, token, { flag: 'wx', mode: 0o600 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (attempt > 0 || age < STALE_PURGE_LOCK_MS) return undefined;
        await rm(lockPath, { force: true }); // left by a crashed purge
      }
    }
    try {
      return await fn();
    } finally {
      if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === token) await rm(lockPath, { force: true });
    }
  };

  return {
    async append(record) {
      const line = `${JSON.stringify(toStoredRecord(record))}\n`;
      if (await writeInFolder(dir, () => appendBytes(Buffer.from(line)))) return;
      // A purge replaced the file after we opened it: our line went to the old one. The purge
      // copies such lines over, unless it had finished copying before we wrote.
      if (!(await readFile(path, 'utf8').catch(() => '')).includes(line)) await appendBytes(Buffer.from(line));
    },

    async read(since) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const from = since?.getTime() ?? -Infinity;
      return text
        .split('\n')
        .map(parseLine)
        .filter((r): r is QuestionRecord => r !== undefined && Date.parse(r.at) >= from);
    },

    async purge(before) {
      if (!existsSync(path)) return 0;
      const purged = await withPurgeLock(async () => {
        let old: FileHandle;
        try {
          old = await open(path, 'r');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
          throw error;
        }
        try {
          const bytes = await old.readFile();
          const lines = bytes.toString('utf8').split('\n').filter((l) => l.length);
          const kept = lines.filter((l) => {
            const record = parseLine(l);
            return record !== undefined && Date.parse(record.at) >= before.getTime();
          });
          if (kept.length === lines.length) return 0;
          const temp = join(dir, `.${QUESTION_LOG_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
          try {
            const file = await open(temp, 'wx', 0o600);
            try {
              await file.writeFile(kept.map((l) => `${l}\n`).join(''));
              await file.sync();
            } finally {
              await file.close();
            }
            await rename(temp, path);
          } catch (error) {
            await rm(temp, { force: true });
            throw error;
          }
          // What was appended to the old file since we read it: new records, so kept.
          const late = Buffer.alloc((await old.stat()).size - bytes.length);
          if (late.length) {
            await old.read(late, 0, late.length, bytes.length);
            await appendBytes(late);
          }
          return lines.length - kept.length;
        } finally {
          await old.close();
        }
      });
      return purged ?? 0;
    },
  };
}

/** A purge lock older than this was left by a crashed process (a purge takes milliseconds). */
const STALE_PURGE_LOCK_MS = 60_000;
