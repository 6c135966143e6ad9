import { HTTPReceiver, type Logger } from '@slack/bolt';
import { healthRoute } from './health.ts';

/**
 * HTTP mode: one endpoint, POST /slack/events, for commands, events and interactivity,
 * plus GET /healthz. Signature verification is Bolt's and stays on: a bad or stale
 * signature gets 401 before any listener runs.
 */
export function createHttpReceiver(options: { signingSecret: string; logger: Logger; facts: number }): HTTPReceiver {
  return new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    logger: options.logger,
    customRoutes: [healthRoute(options.facts)],
    // Ack first, work after: replies never hold up Slack's 3-second window.
    processBeforeResponse: false,
  });
}
