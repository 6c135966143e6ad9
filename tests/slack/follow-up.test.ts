/**
 * Follow-ups through the real Bolt app: a mention inside a thread the bot answered in keeps
 * that answer's meeting, also after a restart (the context lives in STATE_DIR), and a DM
 * follows up the previous question. Uses the invented base, whose two meetings both have a
 * fact about dredging: only the thread's context says which one "and dredging?" means.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion, buildSearchIndex } from '../../src/answer/index.ts';
import { loadKnowledgeBase, meetingHandle } from '../../src/knowledge/index.ts';
import { appMention, directMessage, eventCallback } from '../helpers/slack-requests.ts';
import { startBotUnderTest } from './bot-harness.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const kb = loadKnowledgeBase(HARBOR);
const index = buildSearchIndex(kb);
const first = kb.meetings[0]!;
const opening = `what happened at ${meetingHandle(first)}`;
const followUp = 'and dredging?';
/** What the follow-up should say (in the first meeting's context), and says without it. */
const inContext = answerQuestion(index, followUp, { context: answerQuestion(index, opening).context }).fact!;
const alone = answerQuestion(index, followUp).fact!;

describe('follow-ups in Slack', () => {
  it('the fixture makes the context matter', () => {
    expect(inContext.meeting).toBe(first.id);
    expect(alone.id).not.toBe(inContext.id);
  });

  it('a thread mention keeps the meeting of the thread’s answer, across a restart', async () => {
    const env = { KNOWLEDGE_DIR: HARBOR, STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-followup-')) };
    const opened = await startBotUnderTest(env);
    const ts = '1700000100.000100';
    try {
      await opened.send(eventCallback(appMention({ text: `<@UBOT> ${opening}`, channel: 'C21', ts })));
      await opened.api.waitForCall('chat.postMessage');
    } finally {
      await opened.close();
    }
    const restarted = await startBotUnderTest(env);
    try {
      await restarted.send(eventCallback(appMention({ text: `<@UBOT> ${followUp}`, channel: 'C21', ts: '1700000100.000300', threadTs: ts })));
      const [call] = await restarted.api.waitForCall('chat.postMessage');
      expect(call!.args.thread_ts).toBe(ts);
      expect(String(call!.args.text)).toContain(inContext.answer.slice(0, 40));
      // A mention outside that thread starts afresh.
      restarted.api.reset();
      await restarted.send(eventCallback(appMention({ text: `<@UBOT> ${followUp}`, channel: 'C21' })));
      const [fresh] = await restarted.api.waitForCall('chat.postMessage');
      expect(String(fresh!.args.text)).toContain(alone.answer.slice(0, 40));
    } finally {
      await restarted.close();
    }
  });

  it('a DM follows up the previous question', async () => {
    const t = await startBotUnderTest({ KNOWLEDGE_DIR: HARBOR, STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-followup-')) });
    try {
      await t.send(eventCallback(directMessage({ text: opening, channel: 'D21' })));
      await t.api.waitForCall('chat.postMessage');
      t.api.reset();
      await t.send(eventCallback(directMessage({ text: followUp, channel: 'D21' })));
      const [call] = await t.api.waitForCall('chat.postMessage');
      expect(String(call!.args.text)).toContain(inContext.answer.slice(0, 40));
    } finally {
      await t.close();
    }
  });
});
