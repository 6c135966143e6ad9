/** The conversation store: real files in a temp folder, a controlled "now". */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileConversationStore } from '../../src/state/conversations.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 12, minutes));

describe('file conversation store', () => {
  it('remembers a context until its time to live, also for a second process on the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:1.2', { question: 'what happened in kessel', meeting: 'kessel' }, at(0), 10 * 60_000);
    expect(await fileConversationStore(dir).get('C1:1.2', at(9))).toEqual({ question: 'what happened in kessel', meeting: 'kessel' });
    expect(await store.get('C1:1.2', at(10))).toBeUndefined();
    expect(await store.get('C1:other', at(1))).toBeUndefined();
  });

  it('purges what has expired, keeps the rest, and names no channel or question in file names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:old', { question: 'q1' }, at(0), 60_000);
    await store.set('C1:new', { question: 'q2' }, at(0), 60 * 60_000);
    expect(await store.purge(at(5))).toBe(1);
    expect(await store.get('C1:new', at(5))).toEqual({ question: 'q2' });
    expect(readdirSync(join(dir, 'conversations')).join(' ')).not.toMatch(/C1|q2/);
  });

  it('reads a corrupt record as no context rather than failing the answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:x', { question: 'q' }, at(0), 60_000);
    const [file] = readdirSync(join(dir, 'conversations'));
    writeFileSync(join(dir, 'conversations', file!), '{"context":');
    expect(await store.get('C1:x', at(0))).toBeUndefined();
  });
});
