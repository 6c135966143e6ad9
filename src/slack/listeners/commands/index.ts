import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.ts';
import { summitCommand } from './summit.ts';

export const COMMANDS = ['/summit'] as const;

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/summit', summitCommand(deps));
}
