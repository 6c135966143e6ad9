import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.ts';
import { appMention } from './app-mention.ts';
import { directMessage } from './direct-message.ts';

export const EVENTS = ['app_mention', 'message.im'] as const;

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_mention', appMention(deps));
  app.event('message', directMessage(deps));
}
