import { SocketModeReceiver, type Logger } from '@slack/bolt';
import { webApiOptions } from '../web-api-options.ts';
import { healthRoutes, type StoreHealthCheck } from './health.ts';

/**
 * Socket Mode: Slack pushes over a WebSocket, so no public URL is needed. GET /healthz is
 * served on PORT as in HTTP mode.
 */
export function createSocketReceiver(options: { appToken: string; logger: Logger; port: number; apiUrl?: string; apiTimeoutMs: number; facts: number; health?: StoreHealthCheck }): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    customRoutes: healthRoutes(options.facts, options.health),
    installerOptions: {
      port: options.port,
      // Set retries ourselves: Socket Mode would otherwise write 100 into these options.
      clientOptions: { slackApiUrl: options.apiUrl, ...webApiOptions(options.apiTimeoutMs) },
    },
  });
}
