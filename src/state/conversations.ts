import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConversationContext } from '../answer/index.ts';
import { writeInFolder } from './folders.ts';

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

/** What is kept of a context: the question (cut to 1,000 characters) and the meeting. */
export function storedContext(context: ConversationContext): ConversationContext {
  return { question: context.question.slice(0, 1000), meeting: context.meeting };
}

/**
 * One small file per conversation under `<dir>/conversations/`, written whole (temp file,
 * then rename), so that replicas sharing the folder and a restart see the same context.
 * File names are hashes: no channel or thread id, and no question, in a file name.
 */
export function fileConversationStore(dir: string): ConversationStore {
  const folder = join(dir, 'conversations');
  const pathOf = (key: string) => join(folder, `${conversationKeyHash(key)}.json`);
  const read = async (path: string): Promise<Record | undefined> => {
    try {
      const record = JSON.parse(await readFile(path, 'utf8')) as Record;
      return typeof record?.expires === 'number' && typeof record.context?.question === 'string' ? record : undefined;
    } catch {
      return undefined; // missing, or torn by a crash mid-write of an older version: no context
    }
  };
  return {
    async get(key, now) {
      const record = await read(pathOf(key));
      return record && record.expires > now.getTime() ? record.context : undefined;
    },
    async set(key, context, now, ttlMs) {
      const path = pathOf(key);
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      const record: Record = { context: storedContext(context), expires: now.getTime() + ttlMs };
      await writeInFolder(folder, () => writeFile(temp, JSON.stringify(record)));
      await rename(temp, path);
    },
    async purge(now) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        return 0;
      }
      let purged = 0;
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const path = join(folder, name);
        const record = await read(path);
        if (record && record.expires > now.getTime()) continue;
        await rm(path, { force: true });
        purged++;
      }
      return purged;
    },
  };
}
