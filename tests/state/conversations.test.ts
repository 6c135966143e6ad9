/** The conversation store: real files in a temp folder, a controlled "now". */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('purges what has expired, keeps the rest, and keeps no channel or thread id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:old', { question: 'q1' }, at(0), 60_000);
    await store.set('C1:new', { question: 'q2' }, at(0), 60 * 60_000);
    expect(await store.purge(at(5))).toBe(1);
    expect(await store.get('C1:new', at(5))).toEqual({ question: 'q2' });
    expect(await fileConversationStore(dir).get('C1:new', at(5))).toEqual({ question: 'q2' });
    const stored = readdirSync(dir)
      .map((name) => `${name} ${readFileSync(join(dir, name), 'utf8')}`)
      .join('\n');
    expect(stored).not.toMatch(/C1/);
    expect(stored).not.toMatch(/q1/);
  });

  it('sees what another process wrote since it last read, and starts over when a purge replaced the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const [a, b] = [fileConversationStore(dir), fileConversationStore(dir)];
    await a.set('C1:t', { question: 'first', meeting: 'm1' }, at(0), 60 * 60_000);
    expect(await b.get('C1:t', at(1))).toEqual({ question: 'first', meeting: 'm1' });
    await a.set('C1:t', { question: 'second', meeting: 'm2' }, at(2), 60 * 60_000);
    expect(await b.get('C1:t', at(3))).toEqual({ question: 'second', meeting: 'm2' });
    await a.set('C1:short', { question: 'gone soon' }, at(3), 60_000);
    expect(await b.get('C1:short', at(3))).toEqual({ question: 'gone soon' });
    expect(await a.purge(at(10))).toBeGreaterThan(0); // the file is replaced
    await a.set('C1:t', { question: 'third' }, at(11), 60 * 60_000);
    expect(await b.get('C1:t', at(12))).toEqual({ question: 'third' });
    expect(await b.get('C1:short', at(12))).toBeUndefined();
  });

  it('takes the context that expires last, even when an older one was written after it (as a purge race can)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:t', { question: 'newer' }, at(5), 60 * 60_000);
    const newer = readFileSync(join(dir, 'conversations.jsonl'), 'utf8');
    await store.set('C1:t', { question: 'older' }, at(0), 60 * 60_000); // written again late
    expect(await fileConversationStore(dir).get('C1:t', at(6))).toEqual({ question: 'newer' });
    await store.purge(at(6));
    expect(readFileSync(join(dir, 'conversations.jsonl'), 'utf8')).toBe(newer);
  });

  it('reads a torn or corrupt line as no context rather than failing the answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-conv-'));
    const store = fileConversationStore(dir);
    await store.set('C1:x', { question: 'q' }, at(0), 60_000);
    appendFileSync(join(dir, 'conversations.jsonl'), '{"key":"abc","context":\n[1,2]\nnot json\n');
    await store.set('C1:y', { question: 'after the torn line' }, at(0), 60_000);
    expect(await store.get('C1:x', at(0))).toEqual({ question: 'q' });
    expect(await fileConversationStore(dir).get('C1:y', at(0))).toEqual({ question: 'after the torn line' });
    writeFileSync(join(dir, 'conversations.jsonl'), '{"context":');
    expect(await fileConversationStore(dir).get('C1:x', at(0))).toBeUndefined();
  });
});
