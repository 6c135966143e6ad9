import { SocketModeReceiver, type Logger } from '@slack/bolt';
import { WEB_API_RETRY } from '../web-api-options.ts';
import { healthRoute } from './health.ts';

/**
 * Socket Mode: Slack pushes over a WebSocket, so no public URL is needed. GET /healthz is
 * served on PORT as in HTTP mode.
 */
export function createSocketReceiver(options: { appToken: string; logger: Logger; port: number; apiUrl?: string; facts: number }): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    customRoutes: [healthRoute(options.facts)],
    installerOptions: {
      port: options.port,
      // Set retries ourselves: Socket Mode would otherwise write 100 into these options.
      clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { ...WEB_API_RETRY } },
    },
  });
}
