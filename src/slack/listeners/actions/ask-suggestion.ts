import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import { clickKey } from '../../post-once.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * A suggested question clicked: answered where it was offered. Under an ephemeral
 * `/summit` reply it replaces that reply; under a thread or DM answer it answers there.
 */
export function askSuggestion(deps: ListenerDeps) {
  return async ({ ack, action, body, respond, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
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
      await deps.postReply(
        { channel, thread_ts: threadTs, replyTo: clickKey(action, body.user.id), after: action.action_ts, message: answerMessage(result, { shareable: false, askedBy: body.user.id }) },
        logger,
      );
    });
    logger.info(`suggestion clicked by ${body.user.id}: ${result.answered ? `answered ${result.fact?.id}` : result.kind}`);
  };
}
