import { LogLevel, type Logger } from '@slack/bolt';
import pino from 'pino';
import type { LogFormat, LogLevelName } from '../config.ts';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** Slack tokens of every kind, wherever they appear in a log line. */
const TOKEN = /\b(xox[abposre]|xapp)-[A-Za-z0-9-]+/g;
/** Slack's ids of people and conversations (U…, W…, C…, D…, G…): personal data, so out of the logs by default. */
const SLACK_ID = /\b([UWCDG])[A-Z0-9]{8,}\b/g;

export interface LogOptions {
  /** `text`: one readable line per entry, for a terminal; `json`: one JSON object per line (pino), for a log shipper. */
  format?: LogFormat;
  /** Keep people's and channels' ids in log lines (LOG_IDS=true); by default each is shown as its kind only ("U…"). */
  ids?: boolean;
}

/**
 * Bolt's log lines and ours, tokens and the given secrets masked, and Slack ids unless asked
 * for. Logs go to stderr so that the console's replies on stdout stay clean.
 */
export function createLogger(level: LogLevelName, secrets: (string | undefined)[] = [], write: (line: string) => void = (line) => void process.stderr.write(line), options: LogOptions = {}): Logger {
  let current = level as LogLevel;
  let name = 'summit-bot';
  const masks = secrets.filter((s): s is string => Boolean(s && s.length >= 6));
  const redact = (text: string) => {
    const masked = masks.reduce((t, secret) => t.split(secret).join('***'), text.replace(TOKEN, '$1-***'));
    return options.ids ? masked : masked.replace(SLACK_ID, '$1…');
  };
  // pino decides nothing here but the JSON line: levels are ours, so that Bolt's setLevel works.
  const json =
    options.format === 'json' ? pino({ level: 'debug', base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, { write }) : undefined;
  const log =
    (at: LogLevel) =>
    (...msg: unknown[]) => {
      if (ORDER[at] < ORDER[current]) return;
      const text = redact(
        msg
          .map(formatPart)
          .join(' ')
          .replace(/\s*\n\s*/g, ' ⏎ '),
      );
      if (json) json[at]({ name }, text);
      else write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${name}: ${text}\n`);
    };
  return {
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (l) => void (current = l),
    getLevel: () => current,
    setName: (n) => void (name = n),
  };
}

function formatPart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return `${part.name}: ${part.message}${'code' in part ? ` (${String(part.code)})` : ''}`;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
