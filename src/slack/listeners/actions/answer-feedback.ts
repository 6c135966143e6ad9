import type { AllMiddlewareArgs, BlockFeedbackButtonsAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuestion } from '../../../answer/index.ts';
import { record } from '../../conversation.ts';
import { feedbackThanks, parseFeedbackValue } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * 👍 or 👎 on an answer: recorded once per person per answer, whichever replica gets the click
 * (the vote's key is made of the person and what the button carries: fact, kind, question).
 * A 👎 puts the question in the curators' record. The thanks is for the clicker only.
 */
export function answerFeedback(deps: ListenerDeps) {
  return async ({ ack, action, body, respond, logger }: SlackActionMiddlewareArgs<BlockFeedbackButtonsAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const payload = parseFeedbackValue(action.value);
    if (!payload) return void logger.warn('feedback click with a value we did not write: ignored');
    const now = deps.now();
    // One 👍 and one 👎 per person per answer: a second click of either counts once.
    const answer = `${payload.vote}\n${payload.fact ?? ''}\n${payload.kind}\n${payload.question}`;
    const first = await deps.feedback.record(body.user.id, answer, { vote: payload.vote, fact: payload.fact, kind: payload.kind, at: now.toISOString() });
    // The question as the button carried it, answered again: for the record, and for suggestions.
    const again = payload.vote === 'down' ? answerQuestion(deps.index, payload.question, { today: now }) : undefined;
    if (first && again) {
      await deps.activity.count('thumbs-down', now).catch(() => undefined);
      await record(deps, again, 'channel', now, logger, 'thumbs-down');
    }
    const suggestions = again?.suggestions ?? [];
    await respond({ response_type: 'ephemeral', replace_original: false, ...feedbackThanks(payload.vote, suggestions, !first) });
    logger.info(`feedback ${payload.vote} on ${payload.fact ?? payload.kind}${first ? '' : ' (again: not counted twice)'}`);
  };
}
