import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerQuestion } from '../../../answer/index.ts';
import { answerMessage } from '../../render.ts';
import { POST_OPTIONS, type ListenerDeps } from '../deps.ts';

/** A question in a DM, answered in the DM. Edits, joins and bots' messages are not questions. */
export function directMessage(deps: ListenerDeps) {
  return async ({ event, client, context, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || event.user === context.botUserId) return;
    const result = answerQuestion(deps.index, event.text ?? '');
    await client.chat.postMessage({
      channel: event.channel,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      ...answerMessage(result, { shareable: false }),
      ...POST_OPTIONS,
    });
    logger.info(`DM from ${event.user}: ${result.answered ? `answered ${result.fact?.id}` : result.kind} (${result.confidence})`);
  };
}
