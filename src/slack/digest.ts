import { webApi, type App, type Logger } from '@slack/bolt';
import { digestWebApiOptions } from './web-api-options.ts';
import type { KnowledgeBase } from '../knowledge/index.ts';
import { composeDigest, nextSlot, type DigestConfig, type DigestMemory, type DigestStore } from '../digest/index.ts';
import { digestMessage, type SlackMessage } from './render.ts';
import { POST_OPTIONS } from './web-api-options.ts';

/** The Web API client digests are posted with (see digestWebApiOptions: no retries). */
export function digestWebClient(token: string, options: { apiUrl?: string; timeoutMs: number; logger?: Logger }): App['client'] {
  return new webApi.WebClient(token, { slackApiUrl: options.apiUrl, logger: options.logger, ...digestWebApiOptions(options.timeoutMs) });
}

/**
 * The Slack side of the digest: compose with what the store remembers, post, and hand back
 * the memory to save. The scheduler (src/digest) decides when, and makes sure it is once.
 */
export function digestPoster(options: { client: App['client']; kb: KnowledgeBase; store: DigestStore; config: DigestConfig }) {
  const { client, kb, store, config } = options;
  return async (slot: Date): Promise<{ ts: string; channel: string; memory: DigestMemory }> => {
    const { digest, nextMemory } = composeDigest(kb, await store.readMemory(), slot, { timeZone: config.timeZone });
    const channel = config.channel!;
    // The slot is claimed: what it shows counts as shown from now, posted or not.
    await store.saveMemory(nextMemory);
    const result = await client.chat.postMessage({ channel, ...digestMessage(digest, kb.about), ...POST_OPTIONS });
    return { ts: result.ts ?? '', channel, memory: nextMemory };
  };
}

/** What the next scheduled digest would say, without posting or remembering anything. */
export function digestPreview(options: { kb: KnowledgeBase; store: DigestStore; config: DigestConfig; now?: () => Date }) {
  const { kb, store, config, now = () => new Date() } = options;
  return async (): Promise<SlackMessage> => {
    const slot = nextSlot(config, now()) ?? now();
    const { digest } = composeDigest(kb, await store.readMemory(), slot, { timeZone: config.timeZone });
    const when = slot.toLocaleString('en-GB', { timeZone: config.timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const note = `Preview of the digest for ${when} (${config.timeZone})${config.channel ? ` in <#${config.channel}>` : ' (not posted anywhere: DIGEST_CHANNEL is not set)'}.`;
    return digestMessage(digest, kb.about, note);
  };
}
