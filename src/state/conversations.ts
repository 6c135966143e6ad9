import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConversationContext } from '../answer/index.ts';
import { jsonlFile, type JsonlPosition } from './jsonl-file.ts';

/**
 * What a conversation (a thread, a DM) remembers between questions, so that a follow-up
 * ("and AI?") keeps its meeting and subject: the last answer's context, for a while.
 */
export interface ConversationStore {
  /** The context left by the conversation's last answer, unless it is older than its time to live. */
  get(key: string, now: Date): Promise<ConversationContext | undefined>;
  set(key: string, context: ConversationContext, now: Date, ttlMs: number): Promise<void>;
  /** Forgets conversations past their time to live; returns how many. */
  purge(now: Date): Promise<number>;
}

/** A thread keeps its context for a day; a DM only for a few minutes (then it is a new conversation). */
export const THREAD_CONTEXT_TTL_MS = 24 * 3_600_000;
export const DM_CONTEXT_TTL_MS = 10 * 60_000;

interface Record {
  context: ConversationContext;
  expires: number;
}

/** A conversation's key as stored: a hash, so that no channel or thread id is kept. */
export function conversationKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * What is kept of a context, and what is read back of a stored one (a file line, a jsonb
 * value): the question (cut to 1,000 characters), and the meeting, source, person and fact when
 * they are strings. Undefined for anything without a question.
 */
export function storedContext(value: unknown): ConversationContext | undefined {
  const context = value as { question?: unknown; meeting?: unknown; source?: unknown; person?: unknown; fact?: unknown } | null;
  if (typeof context?.question !== 'string') return undefined;
  const text = (key: 'meeting' | 'source' | 'person' | 'fact') => (typeof context[key] === 'string' ? { [key]: context[key] } : {});
  return { question: context.question.slice(0, 1000), ...text('meeting'), ...text('source'), ...text('person'), ...text('fact') };
}

/**
 * `<dir>/conversations.jsonl`: one line per answer in a conversation (its key's hash, the
 * context, when it expires), appended (see jsonl-file.ts), so that replicas sharing the folder
 * and a restart see the same context; for each key, the line that expires last wins. Each process keeps what it
 * has read in memory and reads only the lines added since, so a lookup costs one short read.
 * Keys are hashes: no channel or thread id in the file. The purge keeps each live conversation's
 * latest line only.
 */
export function fileConversationStore(dir: string): ConversationStore {
  const file = jsonlFile(dir, 'conversations.jsonl');
  const known = new Map<string, Record>();
  let position: JsonlPosition | undefined;
  const parse = (line: string): (Record & { key: string }) | undefined => {
    try {
      const entry = JSON.parse(line) as { key?: unknown; expires?: unknown; context?: unknown };
      const context = storedContext(entry.context);
      return typeof entry.key === 'string' && typeof entry.expires === 'number' && context ? { key: entry.key, expires: entry.expires, context } : undefined;
    } catch {
      return undefined; // torn by a crash mid-write
    }
  };
  /**
   * Reads what every process added since the last read (all of it after a purge replaced the
   * file), one read at a time. A conversation's latest context is the one that expires last: a
   * line written again after a purge may come after a newer one.
   */
  let reading: Promise<void> = Promise.resolve();
  const catchUp = () =>
    (reading = reading.then(async () => {
      const { lines, next, restarted } = await file.linesSince(position);
      if (restarted) known.clear();
      for (const line of lines) {
        const entry = parse(line);
        if (entry && entry.expires > (known.get(entry.key)?.expires ?? -Infinity)) known.set(entry.key, { context: entry.context, expires: entry.expires });
      }
      position = next;
    }));
  return {
    async get(key, now) {
      await catchUp();
      const record = known.get(conversationKeyHash(key));
      return record && record.expires > now.getTime() ? record.context : undefined;
    },
    async set(key, context, now, ttlMs) {
      const record: Record = { context: storedContext(context)!, expires: now.getTime() + ttlMs };
      await file.append(JSON.stringify({ key: conversationKeyHash(key), ...record }));
    },
    async purge(now) {
      for (const [key, record] of known) if (record.expires <= now.getTime()) known.delete(key);
      // The folder of one file per conversation that earlier versions kept.
      await rm(join(dir, 'conversations'), { recursive: true, force: true });
      // Each conversation's latest line (the one that expires last) is its context: older ones go, and so do expired ones.
      let forgotten = 0;
      await file.purge((lines) => {
        const latest = new Map<string, { line: string; expires: number }>();
        for (const line of lines) {
          const entry = parse(line);
          if (entry && entry.expires > (latest.get(entry.key)?.expires ?? -Infinity)) latest.set(entry.key, { line, expires: entry.expires });
        }
        const live = new Set<string>();
        for (const { line, expires } of latest.values()) {
          if (expires > now.getTime()) live.add(line);
          else forgotten++;
        }
        return lines.filter((line) => live.delete(line)); // each kept line once
      });
      return forgotten;
    },
  };
}
