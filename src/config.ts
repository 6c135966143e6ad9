import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { canonicalTimeZone, cronProblem } from './digest/cron.ts';
import type { DigestConfig } from './digest/schedule.ts';
import type { PostgresConfig } from './state/postgres.ts';
import type { QuestionLogConfig } from './state/questions.ts';

/**
 * The environment variables the bot reads, all described in one schema (VARIABLES below, in
 * .env.example's order; .env.example documents each). readConfig reads the environment once and
 * hands each subsystem its typed part. Functions take `env` so tests can pass their own.
 */
export type Env = Record<string, string | undefined>;

/** A setting that stops start-up: each line names a variable and how to fix it. */
export class ConfigError extends Error {
  readonly code: string = 'CONFIG_INVALID';
  /** One message per problem, each naming its variable. */
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.length === 1 ? list[0] : `${list.length} settings need fixing:\n${list.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = list;
  }
}

/** A DIGEST_* variable has a value the bot cannot use (the only problem found). */
export class DigestConfigError extends ConfigError {
  override readonly code = 'DIGEST_CONFIG_INVALID';
  constructor(
    readonly variable: string,
    readonly value: string,
    message: string,
  ) {
    super(message);
    this.name = 'DigestConfigError';
  }
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
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

/** Everything the environment configures, each subsystem's part typed. */
export interface Config {
  slack: SlackConfig;
  knowledgeDir: string;
  digest: DigestConfig;
  /** Where state is kept when `database` is unset. */
  stateDir: string;
  /** Undefined when DATABASE_URL is unset: state is kept in files in `stateDir`. */
  database?: PostgresConfig;
  questionLog: QuestionLogConfig;
  /** CURATOR_USER_IDS: who may see the questions the bot could not answer. */
  curators: ReadonlySet<string>;
}

// --- How a variable's text is read ---

/** A variable: unset or blank (an empty line in .env) means its default; other text is trimmed. */
const variable = <T extends z.ZodType>(schema: T) => z.preprocess((raw) => (typeof raw === 'string' && raw.trim() ? raw.trim() : undefined), schema);

/** Text that `read` turns into a value, or into undefined when it cannot: the problem is then `message(text)`. */
function parsed<T>(read: (raw: string) => T | undefined, message: (raw: string) => string) {
  return z.string().transform((raw, ctx) => {
    const result = read(raw);
    if (result === undefined) ctx.addIssue({ code: 'custom', message: message(raw) });
    return result ?? z.NEVER;
  });
}

/** Digits only, from `min` to `max`. */
const wholeNumber = (min: number, max: number) => (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : undefined);

const startsWith = (prefix: string) => (raw: string) => (raw.startsWith(prefix) ? raw : undefined);

const oneOf =
  <T extends string>(...names: T[]) =>
  (raw: string) =>
    names.find((name) => name === raw.toLowerCase());

/** `on`/`off`, `true`/`false`, `yes`/`no`, `1`/`0`, in any case. */
function onOrOff(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  return ['on', 'true', 'yes', '1'].includes(v) ? true : ['off', 'false', 'no', '0'].includes(v) ? false : undefined;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type DurationUnit = keyof typeof UNIT_MS;

/** `10` (seconds), or a whole number with one of `units` (`500ms`, `90s`, `15m`, `1h`); undefined otherwise. */
function parseDuration(raw: string, units: readonly DurationUnit[]): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = (match?.[2] || 's').toLowerCase() as DurationUnit;
  return match && units.includes(unit) ? Number(match[1]) * UNIT_MS[unit] : undefined;
}

/** A duration from `minMs` to `maxMs`, in `units`. */
const duration =
  (units: readonly DurationUnit[], minMs = 0, maxMs = Infinity) =>
  (raw: string) => {
    const ms = parseDuration(raw, units);
    return ms !== undefined && ms >= minMs && ms <= maxMs ? ms : undefined;
  };

/** `raw` itself if it is a URL with one of `protocols`. */
function urlWith(raw: string, protocols: string[]): string | undefined {
  try {
    return protocols.includes(new URL(raw).protocol) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** The URL with its password (and any password parameter) replaced by ****. */
function maskDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '****';
    for (const key of [...url.searchParams.keys()]) if (/pass/i.test(key)) url.searchParams.set(key, '****');
    return url.toString();
  } catch {
    return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@').replace(/(pass\w*=)[^&\s]*/gi, '$1****');
  }
}

const WHERE = {
  SLACK_BOT_TOKEN: 'api.slack.com/apps → your app → OAuth & Permissions → Bot User OAuth Token (starts with xoxb-)',
  SLACK_APP_TOKEN: 'api.slack.com/apps → your app → Basic Information → App-Level Tokens, with the connections:write scope (starts with xapp-)',
  SLACK_SIGNING_SECRET: 'api.slack.com/apps → your app → Basic Information → App Credentials → Signing Secret',
} as const;

const missing = (name: keyof typeof WHERE, why: string) => `${name} is not set: ${why}. Find it at ${WHERE[name]}, and put it in .env (see .env.example).`;

/** The digest's messages name the value and give a valid example. */
const digestProblem = (name: string, problem: string, example: string) => (raw: string) => `${name}=${JSON.stringify(raw)} is invalid: ${problem}. Example of a valid value: ${name}=${example}`;

const CRON_EXAMPLE = '"0 9 * * 1-5" (weekdays at 09:00)';
const databaseTimeout = (name: string) =>
  variable(parsed(duration(['ms', 's', 'm'], 100, 600_000), (raw) => `${name} must be a duration from 100ms to 10m, not "${raw}" (e.g. ${name}=5s).`).default(5_000));

// --- The variables ---

const VARIABLES = z.object({
  SLACK_BOT_TOKEN: variable(parsed(startsWith('xoxb-'), () => `SLACK_BOT_TOKEN must start with xoxb- (a bot token). Find it at ${WHERE.SLACK_BOT_TOKEN}.`).optional()),
  SLACK_APP_TOKEN: variable(parsed(startsWith('xapp-'), () => `SLACK_APP_TOKEN must start with xapp- (an app-level token). Find it at ${WHERE.SLACK_APP_TOKEN}.`).optional()),
  SLACK_SIGNING_SECRET: variable(z.string().optional()),
  PORT: variable(parsed(wholeNumber(0, 65535), (raw) => `PORT must be a port number from 0 to 65535, not "${raw}" (e.g. PORT=3000).`).default(3000)),
  // With a trailing slash, as the Web API client joins method names to it.
  SLACK_API_URL: variable(
    parsed(
      (raw) => urlWith(raw.endsWith('/') ? raw : `${raw}/`, ['http:', 'https:']),
      (raw) => `SLACK_API_URL must be an http(s) URL, not "${raw}" (e.g. SLACK_API_URL=https://slack.com/api/).`,
    ).optional(),
  ),
  // Without a timeout a hung Web API call waits minutes, and enough of them fill the client's queue: the bot goes silent.
  SLACK_API_TIMEOUT: variable(
    parsed(duration(['ms', 's', 'm'], 100, 120_000), (raw) => `SLACK_API_TIMEOUT must be a duration from 100ms to 2m, not "${raw}" (e.g. SLACK_API_TIMEOUT=10s).`).default(10_000),
  ),
  LOG_LEVEL: variable(parsed(oneOf('debug', 'info', 'warn', 'error'), (raw) => `LOG_LEVEL must be one of debug, info, warn, error, not "${raw.toLowerCase()}".`).default('info')),
  LOG_FORMAT: variable(parsed(oneOf('text', 'json'), (raw) => `LOG_FORMAT must be text or json, not "${raw.toLowerCase()}".`).default('text')),
  LOG_IDS: variable(parsed(onOrOff, (raw) => `LOG_IDS must be true or false, not "${raw.toLowerCase()}".`).default(false)),
  KNOWLEDGE_DIR: variable(z.string().default(fileURLToPath(new URL('../knowledge', import.meta.url)))),
  DIGEST_CHANNEL: variable(parsed((raw) => (/[\s,]/.test(raw) ? undefined : raw), digestProblem('DIGEST_CHANNEL', 'a channel ID or name has no spaces or commas', 'C0123456789')).optional()),
  DIGEST_CRON: variable(
    z
      .string()
      .superRefine((cron, ctx) => {
        const problem = cronProblem(cron);
        if (problem) ctx.addIssue({ code: 'custom', message: digestProblem('DIGEST_CRON', problem, CRON_EXAMPLE)(cron) });
      })
      .default('0 9 * * 1-5'),
  ),
  DIGEST_TZ: variable(parsed(canonicalTimeZone, digestProblem('DIGEST_TZ', 'not an IANA time zone', 'Europe/Berlin')).default('UTC')),
  DIGEST_GRACE: variable(parsed(duration(['s', 'm', 'h']), digestProblem('DIGEST_GRACE', 'not a duration in seconds (3600) or with a unit s, m or h', '1h')).default(3_600_000)),
  STATE_DIR: variable(z.string().default(fileURLToPath(new URL('../.state', import.meta.url)))),
  // The URL holds the password: its message shows it masked.
  DATABASE_URL: variable(
    parsed(
      (raw) => urlWith(raw, ['postgres:', 'postgresql:']),
      (raw) => `DATABASE_URL must be a PostgreSQL URL such as postgres://summit:password@db.internal:5432/summit, not "${maskDatabaseUrl(raw)}" (leave it empty to keep state in files in STATE_DIR).`,
    ).optional(),
  ),
  DATABASE_POOL_MAX: variable(parsed(wholeNumber(1, 100), (raw) => `DATABASE_POOL_MAX must be a number of connections from 1 to 100, not "${raw}" (e.g. DATABASE_POOL_MAX=10).`).default(10)),
  DATABASE_STATEMENT_TIMEOUT: databaseTimeout('DATABASE_STATEMENT_TIMEOUT'),
  DATABASE_CONNECT_TIMEOUT: databaseTimeout('DATABASE_CONNECT_TIMEOUT'),
  QUESTION_LOG: variable(parsed(onOrOff, (raw) => `QUESTION_LOG must be on or off, not "${raw}" (QUESTION_LOG=off stops recording the questions the bot could not answer).`).default(true)),
  QUESTION_LOG_DAYS: variable(
    parsed(wholeNumber(1, 3650), (raw) => `QUESTION_LOG_DAYS must be a whole number of days from 1 to 3650, not "${raw}" (e.g. QUESTION_LOG_DAYS=30; to keep nothing, set QUESTION_LOG=off).`).default(
      30,
    ),
  ),
  // Slack user ids (U…, W…), comma- or space-separated.
  CURATOR_USER_IDS: variable(
    z
      .string()
      .transform((raw): ReadonlySet<string> => new Set(raw.split(/[\s,]+/).filter(Boolean)))
      .default(new Set<string>()),
  ),
});

/** Every variable the bot reads (the test holds .env.example to them). */
export const VARIABLE_NAMES = Object.keys(VARIABLES.shape);

type Variables = z.output<typeof VARIABLES>;

/** The mode the Slack credentials ask for. */
const slackMode = (v: Pick<Variables, 'SLACK_APP_TOKEN' | 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET'>): RunMode =>
  v.SLACK_APP_TOKEN ? 'socket' : v.SLACK_SIGNING_SECRET || v.SLACK_BOT_TOKEN ? 'http' : 'console';

/** What each Slack mode needs besides the credential that chose it. */
function checkSlackMode(v: Variables, ctx: z.RefinementCtx<Variables>): void {
  const need = (name: keyof typeof WHERE, why: string) => ctx.addIssue({ code: 'custom', path: [name], message: missing(name, why) });
  const mode = slackMode(v);
  if (mode === 'socket' && !v.SLACK_BOT_TOKEN) need('SLACK_BOT_TOKEN', 'Socket Mode (SLACK_APP_TOKEN is set) needs the bot token too');
  if (mode === 'http' && !v.SLACK_SIGNING_SECRET) need('SLACK_SIGNING_SECRET', 'HTTP mode (SLACK_BOT_TOKEN is set) needs it to verify requests; or set SLACK_APP_TOKEN for Socket Mode');
  if (mode === 'http' && !v.SLACK_BOT_TOKEN) need('SLACK_BOT_TOKEN', 'HTTP mode (SLACK_SIGNING_SECRET is set) needs it to reply');
}

function toConfig(v: Variables): Config {
  return {
    slack: {
      mode: slackMode(v),
      botToken: v.SLACK_BOT_TOKEN,
      appToken: v.SLACK_APP_TOKEN,
      signingSecret: v.SLACK_SIGNING_SECRET,
      port: v.PORT,
      apiUrl: v.SLACK_API_URL,
      apiTimeoutMs: v.SLACK_API_TIMEOUT,
      logLevel: v.LOG_LEVEL,
      logFormat: v.LOG_FORMAT,
      logIds: v.LOG_IDS,
    },
    knowledgeDir: v.KNOWLEDGE_DIR,
    digest: { channel: v.DIGEST_CHANNEL, cron: v.DIGEST_CRON, timeZone: v.DIGEST_TZ, graceMs: v.DIGEST_GRACE },
    stateDir: v.STATE_DIR,
    database: v.DATABASE_URL
      ? {
          url: v.DATABASE_URL,
          masked: maskDatabaseUrl(v.DATABASE_URL),
          poolMax: v.DATABASE_POOL_MAX,
          statementTimeoutMs: v.DATABASE_STATEMENT_TIMEOUT,
          connectTimeoutMs: v.DATABASE_CONNECT_TIMEOUT,
        }
      : undefined,
    questionLog: { enabled: v.QUESTION_LOG, days: v.QUESTION_LOG_DAYS },
    curators: v.CURATOR_USER_IDS,
  };
}

/** A command-line tool's settings: every variable checked, but no Slack mode is required (`npm run digest` needs only the bot token). */
const TOOL_SCHEMA = VARIABLES.transform(toConfig);
/** The bot's: the same, and the Slack mode's rules, checked even when a variable failed so that every problem is listed. */
const BOT_SCHEMA = VARIABLES.superRefine(checkSlackMode, { when: () => true }).transform(toConfig);

/**
 * The whole configuration from `env`, or a ConfigError listing every problem, one per line.
 * Variables the schema does not know are ignored: the environment holds many others.
 * `bot`: starting the bot, so the Slack credentials must make a complete mode.
 */
export function readConfig(env: Env = process.env, { bot = false } = {}): Config {
  const result = (bot ? BOT_SCHEMA : TOOL_SCHEMA).safeParse(env);
  if (result.success) return result.data;
  const { issues } = result.error;
  // A lone DIGEST_* problem stays a DigestConfigError (variable and value at hand), as the digest's settings always threw.
  const name = String(issues[0]!.path[0]);
  if (issues.length === 1 && name.startsWith('DIGEST_')) throw new DigestConfigError(name, env[name]?.trim() ?? '', issues[0]!.message);
  throw new ConfigError(issues.map((issue) => issue.message));
}

/** The bot's Slack settings (the mode's rules included); readConfig's `slack`. */
export function readSlackConfig(env: Env = process.env): SlackConfig {
  return readConfig(env, { bot: true }).slack;
}

/** KNOWLEDGE_DIR, or knowledge/ in this checkout. */
export function knowledgeDir(env: Env = process.env): string {
  return readConfig(env).knowledgeDir;
}

/** The bot token for a tool that posts (the schema checked its form); `why` says what needs it when it is missing. */
export function requireBotToken(slack: SlackConfig, why: string): string {
  if (!slack.botToken) throw new ConfigError(missing('SLACK_BOT_TOKEN', why));
  return slack.botToken;
}
