import { LogLevel, type Logger } from '@slack/bolt';
import type { LogLevelName } from '../config.ts';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** Slack tokens of every kind, wherever they appear in a log line. */
const TOKEN = /\b(xox[abposre]|xapp)-[A-Za-z0-9-]+/g;

/**
 * One line per entry, tokens and the given secrets masked: Bolt's and ours. Logs go to
 * stderr so that the console's replies on stdout stay clean.
 */
export function createLogger(level: LogLevelName, secrets: (string | undefined)[] = [], write: (line: string) => void = (line) => void process.stderr.write(line)): Logger {
  let current = level as LogLevel;
  let name = 'summit-bot';
  const masks = secrets.filter((s): s is string => Boolean(s && s.length >= 6));
  const redact = (text: string) => masks.reduce((t, secret) => t.split(secret).join('***'), text.replace(TOKEN, '$1-***'));
  const log = (at: LogLevel) => (...msg: unknown[]) => {
    if (ORDER[at] < ORDER[current]) return;
    const text = msg.map(formatPart).join(' ').replace(/\s*\n\s*/g, ' ⏎ ');
    write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${name}: ${redact(text)}\n`);
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
