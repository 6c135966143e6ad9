import type { Logger } from '@slack/bolt';
import { answerQuestion, type AnswerResult } from '../answer/index.ts';
import type { ListenerDeps } from './listeners/deps.ts';

/**
 * Answers `text` as part of a conversation: a follow-up inherits what the conversation's last
 * answer was about (`readKey`, when the message is in one), and this answer becomes what the
 * next follow-up inherits (`writeKey`). The store failing costs the context, never the answer.
 */
export async function answerInConversation(
  deps: ListenerDeps,
  text: string,
  keys: { readKey?: string; writeKey: string; ttlMs: number },
  logger: Logger,
): Promise<AnswerResult> {
  const now = deps.now();
  const context = keys.readKey ? await deps.conversations.get(keys.readKey, now).catch((error) => void logger.warn(`conversation context not read: ${(error as Error).message}`)) : undefined;
  const result = answerQuestion(deps.index, text, { context: context ?? undefined, today: now });
  if (result.context) {
    await deps.conversations.set(keys.writeKey, result.context, now, keys.ttlMs).catch((error) => logger.warn(`conversation context not saved: ${(error as Error).message}`));
  }
  return result;
}
