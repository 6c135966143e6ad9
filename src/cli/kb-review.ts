/**
 * `npm run kb:review`: the questions the bot declined, answered partly or thinly, or that got a
 * 👎, grouped, most frequent first, each with a YAML change to paste into knowledge/.
 *   --since 7d     only what was recorded in the last 7 days (also 24h, 30d…; default: all
 *                  that is kept, QUESTION_LOG_DAYS)
 *   --top N        at most N groups (default 20; 0 for all)
 *   --json         the review as one JSON object
 * Reads the bot's record (STATE_DIR/questions.jsonl, or PostgreSQL with DATABASE_URL); changes nothing (the bot purges old records itself).
 */
import 'dotenv/config';
import { ConfigError, readConfig, type Config } from '../config.ts';
import { retentionStart, type QuestionRecord } from '../state/questions.ts';
import { openStateStore, StateStoreError } from '../state/store.ts';
import { DEFAULT_REVIEW_TOP, formatReview, reviewQuestions } from '../review/index.ts';
import { loadIndexForCli } from './load-index.ts';

const USAGE = 'Usage: npm run kb:review -- [--since 7d|24h|30d] [--top N] [--json]';

class UsageError extends Error {}

/** "7d", "24h", "90m" → milliseconds. */
export function parseSince(raw: string | undefined): number {
  const match = /^(\d+)\s*(d|h|m)$/i.exec(raw ?? '');
  const ms = match ? Number(match[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2]!.toLowerCase() as 'd' | 'h' | 'm'] : NaN;
  if (!(ms > 0)) throw new UsageError(`--since needs a duration such as 7d, 24h or 30d, not "${raw ?? ''}"`);
  return ms;
}

function parseArgs(argv: string[]): { since?: string; sinceMs?: number; top: number; json: boolean } {
  let since: string | undefined;
  let sinceMs: number | undefined;
  let top = DEFAULT_REVIEW_TOP;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const next = () => inline ?? argv[++i];
    if (flag === '--json') json = true;
    else if (flag === '--since') sinceMs = parseSince((since = next()));
    else if (flag === '--top') {
      const raw = next();
      if (!/^\d+$/.test(raw ?? '')) throw new UsageError(`--top needs a number of groups (0 for all), not "${raw ?? ''}"`);
      top = Number(raw);
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  return { since, sinceMs, top, json };
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: ReturnType<typeof parseArgs>;
  let settings: Config;
  try {
    args = parseArgs(argv);
    settings = readConfig(process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const config = settings.questionLog;
  const now = new Date();
  // Never older than what is kept: records past retention wait only for the bot's next purge.
  const kept = retentionStart(config.days, now);
  const since = args.sinceMs !== undefined && now.getTime() - args.sinceMs > kept.getTime() ? new Date(now.getTime() - args.sinceMs) : kept;
  let records: QuestionRecord[];
  let where: string;
  try {
    const store = await openStateStore(settings);
    where = store.location;
    try {
      records = await store.questions.read(since);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof StateStoreError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const window = since !== kept ? `in the last ${args.since}` : `in the last ${config.days} days (all that is kept: QUESTION_LOG_DAYS)`;
  if (!config.enabled) console.error('Note: QUESTION_LOG=off, so the bot records no new questions; this reviews what was recorded before.');

  if (!records.length && !args.json) {
    console.log(`No questions recorded ${window} (in ${where}).`);
    console.log(config.enabled ? 'The bot records questions it declines, answers partly or thinly, and answers that get a 👎.' : 'Recording is off (QUESTION_LOG=off).');
    return 0;
  }
  const index = loadIndexForCli();
  if (!index) return 1;
  const review = reviewQuestions(index, records, { top: args.top, from: since, to: now });
  console.log(args.json ? JSON.stringify(review, null, 2) : formatReview(review));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
