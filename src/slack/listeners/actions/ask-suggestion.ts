import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import { POST_OPTIONS, type ListenerDeps } from '../deps.ts';

/**
 * A suggested question clicked: answered where it was offered. Under an ephemeral
 * `/summit` reply it replaces that reply; under a thread or DM answer it answers there.
 */
export function askSuggestion(deps: ListenerDeps) {
  return async ({ ack, action, body, client, respond, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ephemeral = body.container?.is_ephemeral || !body.message;
    const result = await answerAndReply(deps, action.value ?? '', ephemeral ? 'command' : 'channel', logger, async (result) => {
      if (ephemeral || !body.message) {
        await respond({ response_type: 'ephemeral', replace_original: true, ...answerMessage(result, { shareable: true }) });
        return;
      }
      const channel = body.channel?.id ?? body.container.channel_id;
      const inDm = channel.startsWith('D');
      const threadTs = body.message.thread_ts ?? (inDm ? undefined : body.message.ts);
      await client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...answerMessage(result, { shareable: false, askedBy: body.user.id }),
        ...POST_OPTIONS,
      });
    });
    logger.info(`suggestion clicked by ${body.user.id}: ${result.answered ? `answered ${result.fact?.id}` : result.kind}`);
  };
}
