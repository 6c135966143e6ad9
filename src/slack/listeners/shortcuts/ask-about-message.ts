import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { answerAndReply } from '../../conversation.ts';
import { answerMessage } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

export const ASK_ABOUT_MESSAGE = 'ask_about_message';

/** "Ask about this message": the message's text as the question, answered to the one who asked. */
export function askAboutMessage(deps: ListenerDeps) {
  return async ({ ack, shortcut, respond, logger }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await answerAndReply(deps, shortcut.message.text ?? '', 'shortcut', logger, (result) => respond({ response_type: 'ephemeral', ...answerMessage(result, { shareable: true }) }));
  };
}
