import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import { POST_OPTIONS, type ListenerDeps } from '../deps.ts';

/** An example question clicked on the Home tab: answered in the person's DM with the bot. */
export function homeQuestion(deps: ListenerDeps) {
  return async ({ ack, action, body, client, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await answerAndReply(deps, action.value ?? '', 'dm', logger, (result) =>
      client.chat.postMessage({ channel: body.user.id, ...answerMessage(result, { shareable: false }), ...POST_OPTIONS }),
    );
  };
}
