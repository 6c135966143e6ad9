import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { citationsFor } from '../../../answer/index.ts';
import { quoteMessage, noticeMessage } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/** "Show the quote": the verbatim passage, shown only to whoever clicked. */
export function showQuote(deps: ListenerDeps) {
  return async ({ ack, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const fact = deps.index.facts.find((f) => f.id === action.value);
    if (!fact) {
      const text = 'That answer is no longer in my knowledge base; ask again for the current one.';
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(text) });
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...quoteMessage(citationsFor(deps.index.kb, fact)) });
  };
}
