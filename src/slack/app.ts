import { App, type LogLevel, type Logger, type Receiver } from '@slack/bolt';
import type { SlackConfig } from '../config.ts';
import { listenerErrorHandler } from './errors.ts';
import type { AppWiredDeps } from './listeners/deps.ts';
import { registerListeners, type ListenerDeps } from './listeners/index.ts';
import { ackUnhandled, dedupeEvents, inflightTracker, onceClaimer } from './middleware.ts';
import { replyPoster, replyWebClient } from './post-once.ts';
import { webApiOptions } from './web-api-options.ts';

export interface SlackAppOptions {
  config: SlackConfig;
  deps: Omit<ListenerDeps, AppWiredDeps>;
  receiver: Receiver;
  logger: Logger;
  /** The state store's event claim: each event answered by one replica only (see dedupeEvents). */
  claimEvent?: (eventId: string, now: Date) => Promise<boolean>;
  /** The console's fixed identity and local Web API (there is no real workspace to ask). */
  local?: { token: string; botId: string; botUserId: string; apiUrl: string };
}

/** What a failing store costs "Share in channel": a double click reaching two replicas may post twice. */
const SHARE_OUTAGE = { what: 'share dedupe across replicas (the state store)', consequence: 'a double click reaching two replicas may share twice', unit: 'shares decided by this replica alone' };

/**
 * The Bolt app: wiring only. Listeners live in listeners/<kind>/, rendering in render.ts.
 * Initialisation is deferred so that a bad token or an unreachable Web API is reported by
 * `await app.init()` with a clear message, instead of crashing the constructor (see README).
 */
export function createSlackApp({ config, deps, receiver, logger, claimEvent, local }: SlackAppOptions) {
  const token = local?.token ?? config.botToken;
  const apiUrl = local?.apiUrl ?? config.apiUrl;
  const app = new App({
    token,
    ...(local ? { botId: local.botId, botUserId: local.botUserId } : {}),
    receiver,
    logger,
    // Without it Bolt sets its default, info, on our logger: LOG_LEVEL would be ignored.
    logLevel: config.logLevel as LogLevel,
    deferInitialization: true,
    extendedErrorHandler: true,
    ignoreSelf: true,
    // Bolt's own conversation store (context.conversation) is unused: ours is the state store's.
    convoStore: false,
    clientOptions: {
      slackApiUrl: apiUrl,
      ...webApiOptions(config.apiTimeoutMs),
    },
  });
  const inflight = inflightTracker();
  app.use(inflight.middleware);
  if (config.mode === 'http') app.use(ackUnhandled());
  app.use(dedupeEvents({ claim: claimEvent }));
  // Answers are posted with a client of their own, which retries only after looking for the post (post-once.ts).
  const postReply = replyPoster(replyWebClient(token ?? '', { apiUrl, timeoutMs: config.apiTimeoutMs, logger }));
  registerListeners(app, { ...deps, afterReply: inflight.track, claimOnce: onceClaimer(claimEvent, SHARE_OUTAGE), postReply });
  app.error(listenerErrorHandler(app));
  return { app, inflight };
}
