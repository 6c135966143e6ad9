/**
 * A digest whose post fails after its slot was claimed (a crash, a network error) has still
 * shown its highlights as far as the rotation goes: the next digest shows others, never the
 * same again. Real file store, real digest poster, the fake Web API failing one post.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { composeDigest, emptyDigestMemory, fileDigestStore } from '../../src/digest/index.ts';
import { digestPoster, digestWebClient } from '../../src/slack/digest.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { liveKb } from '../helpers/live-base.ts';

let api: FakeSlackApi;
beforeAll(async () => void (api = await startFakeSlackApi()));
afterAll(async () => api.close());

describe('digest memory', () => {
  it('advances when a claimed slot is being posted, so a failed post is not repeated next time', async () => {
    const store = fileDigestStore(mkdtempSync(join(tmpdir(), 'summit-digest-memory-')));
    const config = readConfig({ DIGEST_CHANNEL: 'C0DIGEST1' }).digest;
    const post = digestPoster({ client: digestWebClient('xoxb-test', { apiUrl: api.url, timeoutMs: 2000 }), kb: liveKb, store, config });
    const first = new Date('2026-12-01T09:00:00Z');
    const second = new Date('2026-12-02T09:00:00Z');
    // What the first digest shows, composed from a fresh memory as the poster will.
    const failedHighlights = composeDigest(liveKb, emptyDigestMemory(), first).digest.highlights.map((h) => h.factId);
    expect(failedHighlights.length).toBeGreaterThan(0);

    api.failNext('chat.postMessage', { error: 'fatal_error' });
    await expect(post(first)).rejects.toThrow();
    const { memory } = await post(second);

    const [sent] = api.callsTo('chat.postMessage').filter((c) => !c.failed);
    // Each highlight is a line of its own that starts "• <answer>": none of the failed post's is shown again.
    const lines = String(sent!.args.text).split('\n');
    expect(lines.filter((l) => l.startsWith('• ')).length).toBeGreaterThan(0);
    for (const id of failedHighlights) {
      const answer = liveKb.facts.find((f) => f.id === id)!.answer;
      expect(lines.filter((l) => l.startsWith(`• ${answer}`))).toEqual([]);
    }
    expect(memory.shown).toEqual(expect.arrayContaining(failedHighlights));
  });
});
