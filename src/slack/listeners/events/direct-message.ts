import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AnswerResult } from '../../../answer/index.ts';
import { DM_CONTEXT_TTL_MS, THREAD_CONTEXT_TTL_MS } from '../../../state/conversations.ts';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * A question in a DM, answered in the DM. It follows up the previous question of the last few
 * minutes (or of its thread). Edits, joins and bots' messages are not questions.
 */
export function directMessage(deps: ListenerDeps) {
  return async ({ event, body, context, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || event.user === context.botUserId) return;
    const key = `${event.channel}:${event.thread_ts ?? 'dm'}`;
    const ttlMs = event.thread_ts ? THREAD_CONTEXT_TTL_MS : DM_CONTEXT_TTL_MS;
    const reply = (result: AnswerResult) =>
      deps.postReply({ channel: event.channel, thread_ts: event.thread_ts, replyTo: body.event_id, after: event.ts, message: answerMessage(result, { shareable: false }) }, logger);
    const result = await answerAndReply(deps, event.text ?? '', event.thread_ts ? 'assistant' : 'dm', logger, reply, { readKey: key, writeKey: key, ttlMs });
    logger.info(`DM from ${event.user}: ${result.answered ? `answered ${result.fact?.id}` : result.kind} (${result.confidence})`);
  };
}
