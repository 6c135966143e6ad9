import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuestion } from '../../../answer/index.ts';
import { isNotInChannel } from '../../../digest/index.ts';
import { answerMessage, noticeMessage } from '../../render.ts';
import { POST_OPTIONS, type ListenerDeps } from '../deps.ts';

/** "Share in channel" under an ephemeral answer: post it for everyone, then drop the ephemeral copy. */
export function shareAnswer(deps: ListenerDeps) {
  return async ({ ack, action, body, client, respond, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const channel = body.channel?.id;
    if (!channel) return;
    // The answer path is a pure function of (base, question): asking again gives the same answer.
    const result = answerQuestion(deps.index, action.value ?? '');
    try {
      await client.chat.postMessage({ channel, ...answerMessage(result, { shareable: false, askedBy: body.user.id }), ...POST_OPTIONS });
    } catch (error) {
      if (!isNotInChannel(error)) throw error;
      const text = "I can't post in this channel because I'm not a member. Invite me with `/invite @summit-bot`, then share again.";
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(text) });
      return;
    }
    logger.info(`answer shared by ${body.user.id} in ${channel}`);
    // Clean-up only: the answer is posted. A response_url lasts 30 minutes and 5 uses, and Bolt's
    // respond() throws when it has expired; telling the user "something went wrong" now would
    // invite a second share. The ephemeral copy stays on their screen until they dismiss it.
    await respond({ delete_original: true }).catch((error: unknown) => {
      logger.warn(`answer shared in ${channel}, but its ephemeral copy could not be removed (response_url expired?):`, error);
    });
  };
}
