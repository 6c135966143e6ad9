import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AnswerResult } from '../../../answer/index.ts';
import { THREAD_CONTEXT_TTL_MS } from '../../../state/conversations.ts';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * "@bot who is …?": answered in the thread of the mentioning message. A mention inside a
 * thread the bot answered in follows up that answer ("and AI?" stays on its meeting).
 */
export function appMention(deps: ListenerDeps) {
  return async ({ event, body, logger }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (event.bot_id) return; // another bot mentioning us: no bot-to-bot chatter
    const thread = event.thread_ts ?? event.ts;
    const key = `${event.channel}:${thread}`;
    const reply = (result: AnswerResult) =>
      deps.postReply({ channel: event.channel, thread_ts: thread, replyTo: body.event_id, after: event.ts, message: answerMessage(result, { shareable: false }) }, logger);
    const result = await answerAndReply(deps, event.text, 'channel', logger, reply, { readKey: event.thread_ts ? key : undefined, writeKey: key, ttlMs: THREAD_CONTEXT_TTL_MS });
    logger.info(`mention by ${event.user} in ${event.channel}: ${result.answered ? `answered ${result.fact?.id}` : result.kind} (${result.confidence})`);
  };
}
