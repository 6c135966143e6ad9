import { HTTPReceiver, type Logger } from '@slack/bolt';
import { healthRoutes, type StoreHealthCheck } from './health.ts';
import { dispatchErrorHandler, MAX_BODY_BYTES, requestGate } from './request-gate.ts';

const EVENTS_PATH = '/slack/events';

/**
 * HTTP mode: one endpoint, POST /slack/events, for commands, events and interactivity,
 * plus GET /healthz. Every request to the endpoint passes the request gate first (size,
 * signature, shape: see request-gate.ts), then Bolt. The gate checks the signature with
 * Bolt's own function before Bolt sees the request, so Bolt does not check it a second time.
 */
export function createHttpReceiver(options: { signingSecret: string; logger: Logger; facts: number; health?: StoreHealthCheck }): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: EVENTS_PATH,
    logger: options.logger,
    customRoutes: healthRoutes(options.facts, options.health),
    // Ack first, work after: replies never hold up Slack's 3-second window.
    processBeforeResponse: false,
    // Checked by the gate, which nothing reaches this path without passing.
    signatureVerification: false,
    // The gate has read the body by now, within this limit; Bolt's own 4 MB would apply otherwise.
    bodyLimit: MAX_BODY_BYTES,
    dispatchErrorHandler: dispatchErrorHandler(options.logger),
  });
  // Bolt's server calls whatever requestListener holds at each request.
  receiver.requestListener = requestGate({ path: EVENTS_PATH, signingSecret: options.signingSecret, logger: options.logger, next: receiver.requestListener });
  return receiver;
}
