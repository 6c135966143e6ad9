import type { App, BlockButtonAction, BlockFeedbackButtonsAction } from '@slack/bolt';
import { ACTIONS } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';
import { answerFeedback } from './answer-feedback.ts';
import { askSuggestion } from './ask-suggestion.ts';
import { homeQuestion } from './home-question.ts';
import { shareAnswer } from './share-answer.ts';
import { showQuote } from './show-quote.ts';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.share, shareAnswer(deps));
  app.action<BlockButtonAction>(ACTIONS.quote, showQuote(deps));
  app.action<BlockButtonAction>(new RegExp(`^${ACTIONS.suggestion}_\\d+$`), askSuggestion(deps));
  app.action<BlockButtonAction>(new RegExp(`^${ACTIONS.homeQuestion}_\\d+$`), homeQuestion(deps));
  app.action<BlockFeedbackButtonsAction>(ACTIONS.feedback, answerFeedback(deps));
}
