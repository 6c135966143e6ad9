import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuestion } from '../../../answer/index.ts';
import { isNotInChannel } from '../../../digest/index.ts';
import { answerMessage, noticeMessage } from '../../render.ts';
import { POST_OPTIONS } from '../../web-api-options.ts';
import type { ListenerDeps } from '../deps.ts';

/** The bot's name as people see it comes from the base (about.yml). */
const notAMember = (name: string) => `I can't post in this channel because I'm not a member. Invite me with \`/invite @${name}\`, then share again.`;

/**
 * "Share in channel" under an ephemeral answer: post it for everyone, once however often it is
 * clicked. Through the response_url first (`in_channel`, replacing the ephemeral copy): that
 * works wherever the command was used, member or not; else with chat.postMessage; a clear
 * message only when neither works.
 */
export function shareAnswer(deps: ListenerDeps) {
  return async ({ ack, action, body, client, respond, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const channel = body.channel?.id;
    const user = body.user.id;
    if (!channel) return;
    // Two clicks arrive together: the first one shares (a hash, so that no question text is a key).
    const key = `share:${createHash('sha256')
      .update(`${channel}\n${body.container?.message_ts ?? ''}\n${user}\n${action.value ?? ''}`)
      .digest('hex')
      .slice(0, 32)}`;
    if ((await deps.claimOnce(key, logger)) !== 'first') {
      logger.info('share clicked again for an answer already shared: ignored');
      return;
    }
    // The answer path is a pure function of (base, question): asking again gives the same answer.
    const message = { ...answerMessage(answerQuestion(deps.index, action.value ?? ''), { shareable: false, askedBy: user }), ...POST_OPTIONS };
    try {
      await respond({ response_type: 'in_channel', delete_original: true, ...message });
      logger.info(`answer shared in ${channel} through its response_url`);
      return;
    } catch (error) {
      logger.warn('could not share through the response_url (expired?); posting it instead:', error);
    }
    try {
      await deps.postReply({ channel, replyTo: key, after: action.action_ts, message }, logger);
      logger.info(`answer shared in ${channel} with chat.postMessage`);
    } catch (error) {
      if (!isNotInChannel(error)) throw error;
      await client.chat.postEphemeral({ channel, user, ...noticeMessage(notAMember(deps.index.kb.about.name)) });
    }
  };
}
