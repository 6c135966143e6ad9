import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';
import { askSuggestion } from './ask-suggestion.ts';
import { shareAnswer } from './share-answer.ts';
import { showQuote } from './show-quote.ts';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.share, shareAnswer(deps));
  app.action<BlockButtonAction>(ACTIONS.quote, showQuote(deps));
  app.action<BlockButtonAction>(new RegExp(`^${ACTIONS.suggestion}_\\d+$`), askSuggestion(deps));
}
