/**
 * answerAndReply's order of work, with the real file store: the reply first, the count of how
 * the question ended after it, without the listener waiting for it, and a stop waiting for it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/index.ts';
import { answerAndReply } from '../../src/slack/conversation.ts';
import { createLogger } from '../../src/slack/logger.ts';
import { inflightTracker } from '../../src/slack/middleware.ts';
import { fileStateStore } from '../../src/state/store.ts';
import { liveIndex, selfAnsweringFact } from '../helpers/live-base.ts';

describe('answering a question', () => {
  let fifo: string | undefined;
  let reader: number | undefined;
  afterAll(() => {
    // Open the FIFO for reading even if the test failed first, so no write is left blocked on it.
    if (fifo !== undefined) reader ??= openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    if (reader !== undefined) closeSync(reader);
  });

  it('is done once the reply is sent: the count is written after it, and a stop waits for the count', async () => {
    // activity.jsonl as a FIFO nobody reads yet: counting an outcome waits until someone does.
    const dir = mkdtempSync(join(tmpdir(), 'summit-count-'));
    fifo = join(dir, 'activity.jsonl');
    execFileSync('mkfifo', [fifo]);
    const store = fileStateStore(dir);
    const inflight = inflightTracker();
    const deps = {
      index: liveIndex,
      digestPreview: async () => ({ text: '', blocks: [] }),
      conversations: store.conversations,
      now: () => new Date(),
      activity: store.activity,
      feedback: store.feedback,
      curators: new Set<string>(),
      gaps: async () => [],
      afterReply: inflight.track,
      claimOnce: async () => 'first' as const,
      postReply: async () => ({}),
    };
    const replies: AnswerResult[] = [];

    await answerAndReply(deps, selfAnsweringFact().question, 'channel', createLogger('error'), async (result) => void replies.push(result));
    expect(replies.map((r) => r.answered)).toEqual([true]);
    expect(inflight.count).toBe(1); // the count, still waiting on the FIFO

    let stopped = false;
    const stop = inflight.idle(10_000).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);

    reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // someone reads: the count goes through
    await stop;
    expect(inflight.count).toBe(0);
  });
});
