/**
 * `npm run digest -- --dry-run`: prints the next digest, changing nothing.
 * `npm run digest -- --now`: posts a digest to DIGEST_CHANNEL now (needs SLACK_BOT_TOKEN),
 * and remembers what it showed, so the scheduled digests carry on from it.
 */
import 'dotenv/config';
import { ConfigError, readConfig, requireBotToken, type Config } from '../config.ts';
import { isNotInChannel } from '../digest/index.ts';
import { loadKnowledgeBase, type KnowledgeBase } from '../knowledge/index.ts';
import { digestPoster, digestPreview, digestWebClient } from '../slack/digest.ts';
import { messageToText } from '../slack/terminal.ts';
import { openStateStore, type StateStore } from '../state/store.ts';

async function main(argv: string[]): Promise<number> {
  const now = argv.includes('--now');
  if (!now && !argv.includes('--dry-run')) {
    console.error('Usage: npm run digest -- --dry-run   (print the next digest)\n       npm run digest -- --now       (post one now to DIGEST_CHANNEL)');
    return 2;
  }
  const settings = readConfig(process.env);
  const config = settings.digest;
  const kb = loadKnowledgeBase(settings.knowledgeDir);
  if (now) {
    requireBotToken(settings.slack, 'posting a digest needs the bot token');
    if (!config.channel) throw new ConfigError('DIGEST_CHANNEL is not set: say which channel to post in (a channel ID such as C0123456789).');
  }
  // The bot's own store (DATABASE_URL or STATE_DIR); for --now, probed first: one clear message
  // rather than an EACCES from the claim.
  const state = await openStateStore(settings, { probe: now });
  try {
    if (now) return await postNow(settings, kb, state);
    console.log(messageToText(await digestPreview({ kb, store: state.digest, config })()));
    return 0;
  } finally {
    await state.close();
  }
}

async function postNow(settings: Config, kb: KnowledgeBase, state: StateStore): Promise<number> {
  const { digest: config, slack } = settings;
  const store = state.digest;
  const token = requireBotToken(slack, 'posting a digest needs the bot token');
  const client = digestWebClient(token, { apiUrl: slack.apiUrl, timeoutMs: slack.apiTimeoutMs });
  const at = new Date();
  const slot = `manual:${at.toISOString()}`;
  await store.claimSlot(slot, at);
  try {
    const posted = await digestPoster({ client, kb, store, config })(at);
    await store.markPosted(slot, { ...posted, at: new Date() });
    console.log(`Posted the digest to ${posted.channel} (ts ${posted.ts}).`);
    return 0;
  } catch (error) {
    await store.markSkipped(slot, (error as Error).message, new Date());
    if (isNotInChannel(error)) throw new ConfigError(`the bot is not in ${config.channel}: invite it with /invite @summit-bot, then try again.`);
    throw error;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Known failures are the user's to fix and say how; anything else is reported plainly too.
  console.error(`summit-bot digest: ${(error as Error).message}`);
  process.exitCode = 1;
}
