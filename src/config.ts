import { fileURLToPath } from 'node:url';

/**
 * The environment variables the bot reads (.env.example documents them all). The digest's
 * DIGEST_* settings are read by parseDigestConfig in src/digest/schedule.ts, next to the
 * cron and time-zone rules that validate them. Functions take `env` so tests can pass their own.
 */
export type Env = Record<string, string | undefined>;

export function knowledgeDir(env: Env = process.env): string {
  return value(env, 'KNOWLEDGE_DIR') ?? fileURLToPath(new URL('../knowledge', import.meta.url));
}

/** Where the digest keeps its state (git-ignored `.state/` in the checkout by default). */
export function stateDir(env: Env = process.env): string {
  return value(env, 'STATE_DIR') ?? fileURLToPath(new URL('../.state', import.meta.url));
}

/** A variable's value, or undefined when unset or blank (an empty line in .env means unset). */
export function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** A setting that stops start-up: the message names the variable and how to fix it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';
export type RunMode = 'socket' | 'http' | 'console';

export interface SlackConfig {
  /** Socket Mode with an app token; HTTP with a signing secret; the local console with neither. */
  mode: RunMode;
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  /** Web API base URL, for proxies, GovSlack and tests (Slack's own when unset). */
  apiUrl?: string;
  /** How long one Web API call (or respond()) may take before it is abandoned and retried. */
  apiTimeoutMs: number;
  logLevel: LogLevelName;
  logFormat: LogFormat;
  logIds: boolean;
}

const WHERE = {
  SLACK_BOT_TOKEN: 'api.slack.com/apps → your app → OAuth & Permissions → Bot User OAuth Token (starts with xoxb-)',
  SLACK_APP_TOKEN: 'api.slack.com/apps → your app → Basic Information → App-Level Tokens, with the connections:write scope (starts with xapp-)',
  SLACK_SIGNING_SECRET: 'api.slack.com/apps → your app → Basic Information → App Credentials → Signing Secret',
} as const;

const missing = (name: keyof typeof WHERE, why: string) =>
  new ConfigError(`${name} is not set: ${why}. Find it at ${WHERE[name]}, and put it in .env (see .env.example).`);

export function readSlackConfig(env: Env = process.env): SlackConfig {
  const botToken = value(env, 'SLACK_BOT_TOKEN');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  const common = { port: readPort(env), apiUrl: slackApiUrl(env), apiTimeoutMs: slackApiTimeout(env), logLevel: readLogLevel(env), logFormat: readLogFormat(env), logIds: readLogIds(env) };

  if (appToken) {
    if (!appToken.startsWith('xapp-')) throw new ConfigError(`SLACK_APP_TOKEN must start with xapp- (an app-level token). Find it at ${WHERE.SLACK_APP_TOKEN}.`);
    return { mode: 'socket', botToken: requireBotToken(env, 'Socket Mode (SLACK_APP_TOKEN is set) needs the bot token too'), appToken, signingSecret, ...common };
  }
  if (signingSecret || botToken) {
    if (!signingSecret) throw missing('SLACK_SIGNING_SECRET', 'HTTP mode (SLACK_BOT_TOKEN is set) needs it to verify requests; or set SLACK_APP_TOKEN for Socket Mode');
    return { mode: 'http', botToken: requireBotToken(env, 'HTTP mode (SLACK_SIGNING_SECRET is set) needs it to reply'), signingSecret, ...common };
  }
  return { mode: 'console', ...common };
}

/** SLACK_BOT_TOKEN, checked; `why` says what needs it when it is missing. */
export function requireBotToken(env: Env, why: string): string {
  const token = value(env, 'SLACK_BOT_TOKEN');
  if (!token) throw missing('SLACK_BOT_TOKEN', why);
  if (!token.startsWith('xoxb-')) throw new ConfigError(`SLACK_BOT_TOKEN must start with xoxb- (a bot token). Find it at ${WHERE.SLACK_BOT_TOKEN}.`);
  return token;
}

function readPort(env: Env): number {
  const raw = value(env, 'PORT');
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number from 0 to 65535, not "${raw}" (e.g. PORT=3000).`);
  return port;
}

/** SLACK_API_URL with a trailing slash, or undefined for Slack's own. */
export function slackApiUrl(env: Env): string | undefined {
  const raw = value(env, 'SLACK_API_URL');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new ConfigError(`SLACK_API_URL must be an http(s) URL, not "${raw}" (e.g. SLACK_API_URL=https://slack.com/api/).`);
  }
  return raw.endsWith('/') ? raw : `${raw}/`;
}

export const DEFAULT_SLACK_API_TIMEOUT_MS = 10_000;

/**
 * SLACK_API_TIMEOUT: `10` (seconds), `10s`, `1m` or `500ms`. Without a timeout a hung Web API
 * call waits minutes, and enough of them fill the client's queue: the bot goes silent.
 */
export function slackApiTimeout(env: Env): number {
  const raw = value(env, 'SLACK_API_TIMEOUT');
  if (raw === undefined) return DEFAULT_SLACK_API_TIMEOUT_MS;
  const match = /^(\d+)\s*(ms|s|m)?$/i.exec(raw);
  const ms = match ? Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[(match[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm'] : NaN;
  if (!(ms >= 100 && ms <= 120_000)) throw new ConfigError(`SLACK_API_TIMEOUT must be a duration from 100ms to 2m, not "${raw}" (e.g. SLACK_API_TIMEOUT=10s).`);
  return ms;
}

export type LogFormat = 'text' | 'json';

/** LOG_FORMAT: `text` (default, for a terminal) or `json` (one object per line, for a log shipper). */
function readLogFormat(env: Env): LogFormat {
  const raw = (value(env, 'LOG_FORMAT') ?? 'text').toLowerCase();
  if (raw === 'text' || raw === 'json') return raw;
  throw new ConfigError(`LOG_FORMAT must be text or json, not "${raw}".`);
}

/** LOG_IDS: whether log lines keep people's and channels' Slack ids (default false). */
function readLogIds(env: Env): boolean {
  const raw = (value(env, 'LOG_IDS') ?? 'false').toLowerCase();
  if (['true', '1', 'on', 'yes'].includes(raw)) return true;
  if (['false', '0', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`LOG_IDS must be true or false, not "${raw}".`);
}

function readLogLevel(env: Env): LogLevelName {
  const raw = (value(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (raw === 'debug' || raw === 'info' || raw === 'warn' || raw === 'error') return raw;
  throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, not "${raw}".`);
}
