import type { Logger } from '@slack/bolt';
import { answerQuestion, type AnswerResult } from '../answer/index.ts';
import type { Outcome } from '../state/activity.ts';
import { shouldRecord, type QuestionRecord } from '../state/questions.ts';
import type { ListenerDeps } from './listeners/deps.ts';

/** Where a conversation's context is read from and written to, and for how long it holds. */
export interface ConversationKeys {
  readKey?: string;
  writeKey: string;
  ttlMs: number;
}

/**
 * Answers `text` the way every listener does: as part of a conversation when it is in one (a
 * follow-up inherits what the last answer was about; this answer is what the next inherits),
 * then `reply`, then counts the outcome and records a miss for the curators. The counting
 * comes after the reply so that a slash command's ack (which carries its answer) never waits
 * on a write; the context is saved before it, so a follow-up sent on seeing the reply finds
 * it. The stores failing costs the context or the record, never the answer.
 */
export async function answerAndReply(
  deps: ListenerDeps,
  text: string,
  channelType: QuestionRecord['channelType'],
  logger: Logger,
  reply: (result: AnswerResult) => Promise<unknown>,
  conversation?: ConversationKeys,
): Promise<AnswerResult> {
  const now = deps.now();
  const context = conversation?.readKey
    ? await deps.conversations.get(conversation.readKey, now).catch((error) => void logger.warn(`conversation context not read: ${(error as Error).message}`))
    : undefined;
  const result = answerQuestion(deps.index, text, { context: context ?? undefined, today: now });
  if (conversation && result.context) {
    await deps.conversations.set(conversation.writeKey, result.context, now, conversation.ttlMs).catch((error) => logger.warn(`conversation context not saved: ${(error as Error).message}`));
  }
  try {
    await reply(result);
  } finally {
    await record(deps, result, channelType, now, logger); // a reply that failed still counts, and its miss is still recorded
  }
  return result;
}

/**
 * Counts how the question ended, and records the question itself when it is a miss (or,
 * with `outcome`, when someone said the answer was not what they asked). The count is left to
 * finish after the listener (deps.afterReply): under load a write waits its turn, and the
 * request's objects would wait with it. The miss is awaited, so that `/summit gaps` asked
 * next shows it.
 */
export async function record(deps: ListenerDeps, result: AnswerResult, channelType: QuestionRecord['channelType'], now: Date, logger: Logger, outcome?: QuestionRecord['outcome']): Promise<void> {
  if (result.kind === 'empty' || result.kind === 'chat') return; // not questions: nothing to count or curate
  if (!outcome) {
    const counted: Outcome = result.answered ? 'answered' : result.kind === 'no-match' ? 'declined' : (result.kind as Outcome);
    deps.afterReply(deps.activity.count(counted, now).catch((error) => logger.warn(`activity not counted: ${(error as Error).message}`)));
  }
  const miss = deps.questions && (outcome ?? shouldRecord(result));
  if (!miss) return;
  const fact = result.fact ?? result.related?.fact ?? result.candidates[0]?.fact;
  await deps
    .questions!.append({ at: now.toISOString(), question: result.question, outcome: miss, kind: result.kind, fact: fact?.id, confidence: result.confidence, meeting: result.meeting?.id, channelType })
    .catch((error) => logger.warn(`question not recorded: ${(error as Error).message}`));
}
