import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import { clickKey } from '../../post-once.ts';
import type { ListenerDeps } from '../deps.ts';

/** An example question clicked on the Home tab: answered in the person's DM with the bot. */
export function homeQuestion(deps: ListenerDeps) {
  return async ({ ack, action, body, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const result = await answerAndReply(deps, action.value ?? '', 'dm', logger, (result) =>
      deps.postReply({ channel: body.user.id, replyTo: clickKey(action, body.user.id), after: action.action_ts, message: answerMessage(result, { shareable: false }) }, logger),
    );
    logger.info(`Home-tab question by ${body.user.id}: ${result.answered ? `answered ${result.fact?.id}` : result.kind}`);
  };
}
