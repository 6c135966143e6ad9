import type { App, Logger } from '@slack/bolt';
import { apologyMessage } from './render.ts';
import { POST_OPTIONS } from './web-api-options.ts';

/**
 * Bolt calls this when a listener throws. It logs the details and tells the person, in the
 * place they asked, that something went wrong: a short apology, never a stack trace, and
 * never a crash (it resolves, so Bolt does not reject up to the receiver).
 */
export function listenerErrorHandler(app: App) {
  // What Bolt passes an error handler with `extendedErrorHandler: true` that we read.
  return async ({ error, logger, body }: { error: Error; logger: Logger; body: unknown }): Promise<void> => {
    logger.error('listener failed:', error, (error as { original?: unknown }).original ?? '');
    // biome-ignore lint/suspicious/noExplicitAny: any listener's body (events, actions), read defensively below
    const b = body as Record<string, any> | undefined;
    const apology = { ...apologyMessage(), ...POST_OPTIONS };
    try {
      if (b?.event?.channel && !b.event.bot_id) {
        await app.client.chat.postMessage({ channel: b.event.channel, thread_ts: b.event.thread_ts ?? (b.event.channel_type === 'im' ? undefined : b.event.ts), ...apology });
      } else if (b?.type === 'block_actions' && b.channel?.id && b.user?.id) {
        await app.client.chat.postEphemeral({ channel: b.channel.id, user: b.user.id, ...apology });
      }
    } catch (apologyError) {
      logger.error('could not send the apology either:', apologyError);
    }
  };
}
