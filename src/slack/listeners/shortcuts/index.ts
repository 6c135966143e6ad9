import type { App, MessageShortcut } from '@slack/bolt';
import type { ListenerDeps } from '../deps.ts';
import { ASK_ABOUT_MESSAGE, askAboutMessage } from './ask-about-message.ts';

export const SHORTCUTS = [ASK_ABOUT_MESSAGE] as const;

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>(ASK_ABOUT_MESSAGE, askAboutMessage(deps));
}
