import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerQuestion } from '../../../answer/index.ts';
import { answerMessage } from '../../render.ts';
import { POST_OPTIONS, type ListenerDeps } from '../deps.ts';

/** "@summit-bot who is Wang Yi?": answered in the thread of the mentioning message. */
export function appMention(deps: ListenerDeps) {
  return async ({ event, client, logger }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (event.bot_id) return; // another bot mentioning us: no bot-to-bot chatter
    const result = answerQuestion(deps.index, event.text);
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: event.thread_ts ?? event.ts,
      ...answerMessage(result, { shareable: false }),
      ...POST_OPTIONS,
    });
    logger.info(`mention by ${event.user} in ${event.channel}: ${result.answered ? `answered ${result.fact?.id}` : result.kind} (${result.confidence})`);
  };
}
