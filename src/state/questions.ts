import { z } from 'zod';
import { DEFAULT_ANSWER_OPTIONS, MAX_QUESTION_CHARS, type AnswerResult } from '../answer/index.ts';
import { jsonlFile } from './jsonl-file.ts';

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
/** An answer whose confidence is less than this above the bar it had to clear is `thin`. */
export const DEFAULT_THIN_MARGIN = 0.08;

export interface QuestionLogConfig {
  enabled: boolean;
  /** Records older than this many days are purged (on start and daily) and never reviewed. */
  days: number;
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
 * The record as one JSON object per line in `<dir>/questions.jsonl` (see jsonl-file.ts: shared
 * safely by processes using the folder), readable by its owner only. A line torn by a crash is
 * skipped on read, never fatal.
 */
export function fileQuestionLog(dir: string): QuestionLog {
  const file = jsonlFile(dir, QUESTION_LOG_FILE);
  return {
    append: (record) => file.append(JSON.stringify(toStoredRecord(record))),
    async read(since) {
      const from = since?.getTime() ?? -Infinity;
      return (await file.lines()).map(parseLine).filter((r): r is QuestionRecord => r !== undefined && Date.parse(r.at) >= from);
    },
    purge: (before) =>
      file.purge((lines) =>
        lines.filter((line) => {
          const record = parseLine(line);
          return record !== undefined && Date.parse(record.at) >= before.getTime();
        }),
      ),
  };
}
