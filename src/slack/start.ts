import type { Readable, Writable } from 'node:stream';
import type { Logger, Receiver } from '@slack/bolt';
import { ConfigError, readConfig, type Config, type Env } from '../config.ts';
import { STALE_CLAIM_MS, DigestStateError, runDigestScheduler, slackErrorCode, systemClock, type Clock } from '../digest/index.ts';
import { buildSearchIndex, type SearchIndex } from '../answer/index.ts';
import { KnowledgeBaseError, loadKnowledgeBase, type KnowledgeBase } from '../knowledge/index.ts';
import { StateDirError } from '../state-dir.ts';
import { openStateStore, StateStoreError, stateStoreSecrets, type StateStore } from '../state/store.ts';
import { createSlackApp } from './app.ts';
import { listenerDeps } from './state.ts';
import { STORE_DEADLINE_MS, withDeadlines } from '../state/deadline.ts';
import { digestPoster, digestPreview, digestWebClient } from './digest.ts';
import { createLogger } from './logger.ts';
import { CONSOLE_IDENTITY, createConsoleReceiver } from './receivers/console.ts';
import { createHttpReceiver } from './receivers/http.ts';
import { createSocketReceiver } from './receivers/socket.ts';

/** How long a stop lets replies in flight finish before it stops waiting for them. */
const STOP_GRACE_MS = 7_000;

/**
 * From SIGTERM or SIGINT to exit, whatever is still pending: a hung socket or a stuck timer
 * would otherwise keep the process alive past the 10 seconds docs/operations.md promises.
 */
export const HARD_EXIT_MS = 9_000;

export interface RunningBot {
  /** Stops taking requests, lets replies in flight finish (up to a grace period), stops timers. */
  stop(): Promise<void>;
  /** The HTTP port in HTTP mode (useful when PORT=0). */
  port?: number;
  /** Console mode: resolves when input has ended and everything was answered. */
  finished?: Promise<void>;
  logger: Logger;
}

/**
 * Starts the bot as configured by `env`. Returns the process exit code for the CLI, after
 * installing SIGTERM/SIGINT handlers; tests use `launchBot` for a handle instead.
 */
export async function startBot(env: Env): Promise<number> {
  let bot: RunningBot;
  try {
    bot = await launchBot(env);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DigestStateError ||
      error instanceof KnowledgeBaseError ||
      error instanceof StateDirError ||
      error instanceof StateStoreError ||
      error instanceof StartupError
    ) {
      process.stderr.write(`summit-bot cannot start: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (bot.finished) {
    await bot.finished;
    await bot.stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      bot.logger.info(`${signal}: stopping (exit within ${HARD_EXIT_MS / 1000} s)`);
      exitAfter(HARD_EXIT_MS, bot.logger);
      bot.stop().then(resolve, (error: unknown) => {
        bot.logger.error('stop failed:', error);
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

/**
 * Exits 0 after `ms` if the process is still alive then. Unref'd: it never keeps the process
 * alive itself, so a clean stop exits as soon as it is done.
 */
function exitAfter(ms: number, logger: Logger): void {
  setTimeout(() => {
    logger.warn(`still running ${ms / 1000} s after the signal (a reply or Web API call still pending): exiting anyway`);
    process.exit(0);
  }, ms).unref();
}

/** Start-up failed for a reason outside our config: a bad token, an unreachable Slack. */
export class StartupError extends Error {
  readonly code = 'STARTUP_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface BotIO {
  input?: Readable;
  output?: Writable;
  /** Where log lines go (stderr by default). */
  log?: (line: string) => void;
  /** The digest scheduler's clock (tests control it). */
  clock?: Clock;
}

export async function launchBot(env: Env, io: BotIO = {}): Promise<RunningBot> {
  const settings = readConfig(env, { bot: true });
  const config = settings.slack;
  const logger = createLogger(config.logLevel, [config.botToken, config.appToken, config.signingSecret, ...stateStoreSecrets(settings.database)], io.log, {
    format: config.logFormat,
    ids: config.logIds,
  });
  const kb = loadKnowledgeBase(settings.knowledgeDir);
  const index = buildSearchIndex(kb);
  // An unwritable STATE_DIR, an unreachable DATABASE_URL or a corrupt digest state stops start-up
  // here, not at 9 a.m. or at the first follow-up. (The console posts no digests; an unwritable
  // STATE_DIR would only lose follow-ups' context there, so it is not probed.)
  const store = await openStateStore(settings, { log: logger, probe: config.mode !== 'console' });
  try {
    return await launchWithStore(settings, io, { logger, kb, index, store });
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function launchWithStore(settings: Config, io: BotIO, { logger, kb, index, store }: { logger: Logger; kb: KnowledgeBase; index: SearchIndex; store: StateStore }): Promise<RunningBot> {
  const { slack: config, digest: digestConfig } = settings;
  if (digestConfig.channel) await store.digest.readMemory();
  const clock = io.clock ?? systemClock;
  // At the console, the person at the keyboard is the curator: `/summit gaps` works there.
  const curators = config.mode === 'console' ? new Set([...settings.curators, CONSOLE_IDENTITY.userId]) : settings.curators;
  const { deps, housekeeping, votes } = listenerDeps(
    { questionLog: settings.questionLog, curators },
    store,
    index,
    clock,
    digestPreview({ kb, store: withDeadlines(store.digest, STORE_DEADLINE_MS, 'digest state'), config: digestConfig }),
    logger,
  );
  const facts = kb.facts.length;
  const claimEvent = (eventId: string, now: Date) => store.claimEvent(eventId, now);

  if (config.mode === 'console') {
    const input = io.input ?? process.stdin;
    const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
    const receiver = await createConsoleReceiver({ input, output: io.output ?? process.stdout, logger, interactive });
    const { app, inflight } = createSlackApp({ config, deps, receiver, logger, claimEvent, local: { ...CONSOLE_IDENTITY, apiUrl: receiver.apiUrl } });
    await app.init();
    await app.start();
    return {
      finished: receiver.finished,
      logger,
      stop: async () => {
        housekeeping.stop();
        await stopApp(app, inflight, logger);
        await votes.flush();
        await store.close();
      },
    };
  }

  const health = () => store.health();
  const socket =
    config.mode === 'socket' ? createSocketReceiver({ appToken: config.appToken!, logger, port: config.port, apiUrl: config.apiUrl, apiTimeoutMs: config.apiTimeoutMs, facts, health }) : undefined;
  const receiver: Receiver = socket ?? createHttpReceiver({ signingSecret: config.signingSecret!, logger, facts, health });
  const { app, inflight } = createSlackApp({ config, deps, receiver, logger, claimEvent });
  try {
    await app.init(); // auth.test: a bad token or unreachable Slack fails here, clearly
  } catch (error) {
    const reason = slackErrorCode(error) ?? (error as Error).message;
    throw new StartupError(`Slack rejected the bot token or could not be reached (${reason}). Check SLACK_BOT_TOKEN${config.apiUrl ? ' and SLACK_API_URL' : ''}.`);
  }
  let server: { address?: () => unknown } | undefined;
  try {
    server = (await app.start(config.port)) as typeof server;
  } catch (error) {
    await app.stop().catch(() => undefined); // close whatever did start (e.g. /healthz in Socket Mode)
    await socket?.client.disconnect().catch(() => undefined);
    const code = slackErrorCode(error) ?? (error as { code?: string }).code;
    throw new StartupError(
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use. Set PORT to a free port.`
        : config.mode === 'socket'
          ? `could not open the Socket Mode connection (${code ?? (error as Error).message}). Check SLACK_APP_TOKEN (an app-level token with connections:write).`
          : `could not start the HTTP server (${code ?? (error as Error).message}).`,
    );
  }
  const address = server && typeof server.address === 'function' ? (server.address() as { port?: number } | null) : null;
  logger.info(`summit-bot started in ${config.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${address?.port ?? config.port}`} with ${facts} facts (pid ${process.pid})`);

  const digestStop = new AbortController();
  let digestDone: Promise<void> = Promise.resolve();
  if (digestConfig.channel) {
    logger.info(`daily digest on: ${digestConfig.cron} (${digestConfig.timeZone}) in ${digestConfig.channel}`);
    digestDone = runDigestScheduler({
      config: digestConfig,
      store: store.digest,
      clock,
      signal: digestStop.signal,
      post: digestPoster({ client: digestWebClient(config.botToken!, { apiUrl: config.apiUrl, timeoutMs: config.apiTimeoutMs, logger }), kb, store: store.digest, config: digestConfig }),
      log: logger,
      // A post times out after SLACK_API_TIMEOUT and is never retried: a claim older than that is not in flight.
      staleClaimMs: Math.max(STALE_CLAIM_MS, config.apiTimeoutMs + 30_000),
    });
  }
  return {
    port: address?.port,
    logger,
    stop: async () => {
      housekeeping.stop();
      digestStop.abort();
      await stopApp(app, inflight, logger);
      // Bolt's Socket Mode stop does not wait for the socket to close; this does.
      await socket?.client.disconnect().catch(() => undefined);
      await Promise.race([digestDone, sleep(1_000)]); // a post in flight times out on its own
      await votes.flush();
      await store.close();
    },
  };
}

async function stopApp(app: { stop(): Promise<unknown> }, inflight: { idle(ms: number): Promise<void>; count: number }, logger: { info(msg: string): void }): Promise<void> {
  logger.info(`stopping: ${inflight.count} repl${inflight.count === 1 ? 'y' : 'ies'} in flight`);
  const stopped = app.stop().catch(() => undefined); // stop taking requests (a second stop rejects: ignored)
  await inflight.idle(STOP_GRACE_MS);
  await Promise.race([stopped, sleep(1_000)]);
  logger.info('stopped');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
