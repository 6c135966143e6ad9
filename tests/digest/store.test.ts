import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIGEST_LOCK_FILE, DIGEST_STATE_FILE, DigestStateError, emptyDigestMemory, fileDigestStore, MAX_SLOT_RECORDS, type DigestMemory } from '../../src/digest/index.ts';

const now = new Date('2024-03-01T09:00:00Z');
const slotA = '2024-03-01T09:00:00.000Z';
const slotB = '2024-03-04T09:00:00.000Z';
const memory: DigestMemory = { fingerprints: { 'fact-a': 'abc' }, shown: ['fact-a'], cycle: 2 };

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'summit-digest-'));
}

async function stateOnDisk(dir: string): Promise<{ slots: Record<string, { status: string }>; memory: DigestMemory }> {
  return JSON.parse(await readFile(join(dir, DIGEST_STATE_FILE), 'utf8'));
}

describe('fileDigestStore', () => {
  it('starts empty, and creates its folder and file on the first write', async () => {
    const dir = join(await tempDir(), 'nested', 'state');
    const store = fileDigestStore(dir);
    expect(await store.readMemory()).toEqual(emptyDigestMemory());
    expect(await store.unfinishedSlots()).toEqual([]);
    expect(existsSync(dir)).toBe(false);

    expect(await store.claimSlot(slotA, now)).toBe(true);
    expect((await stateOnDisk(dir)).slots[slotA]?.status).toBe('claimed');
  });

  it('lets a slot be claimed once, also by another store on the same folder', async () => {
    const dir = await tempDir();
    expect(await fileDigestStore(dir).claimSlot(slotA, now)).toBe(true);
    expect(await fileDigestStore(dir).claimSlot(slotA, now)).toBe(false);
    expect(await fileDigestStore(dir).claimSlot(slotB, now)).toBe(true);
    expect(await fileDigestStore(dir).getSlot(slotA)).toEqual({ slot: slotA, status: 'claimed', claimedAt: now.toISOString() });
  });

  it('saves the memory in the same write that marks the slot posted', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    await store.claimSlot(slotA, now);
    await store.markPosted(slotA, { ts: '1709283600.000100', channel: 'C123', at: new Date('2024-03-01T09:00:02Z'), memory });

    const disk = await stateOnDisk(dir);
    expect(disk.slots[slotA]).toEqual({
      slot: slotA,
      status: 'posted',
      claimedAt: now.toISOString(),
      postedAt: '2024-03-01T09:00:02.000Z',
      ts: '1709283600.000100',
      channel: 'C123',
    });
    expect(disk.memory).toEqual(memory);
    expect(await fileDigestStore(dir).readMemory()).toEqual(memory);
    expect(await store.unfinishedSlots()).toEqual([]);
    expect(await store.claimSlot(slotA, now)).toBe(false);
  });

  it('lists claimed slots as unfinished, and never downgrades a posted slot', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    await store.claimSlot(slotA, now);
    await store.claimSlot(slotB, now);
    expect((await store.unfinishedSlots()).map((r) => r.slot)).toEqual([slotA, slotB]);

    await store.markSkipped(slotB, 'unconfirmed after restart', now);
    expect(await store.getSlot(slotB)).toMatchObject({ status: 'skipped', reason: 'unconfirmed after restart' });

    await store.markPosted(slotA, { ts: '1.2', channel: 'C1', at: now, memory });
    await store.markSkipped(slotA, 'late', now);
    expect((await store.getSlot(slotA))?.status).toBe('posted');

    // A post confirmed after another process marked the slot skipped: the post is the truth.
    await store.markPosted(slotB, { ts: '3.4', channel: 'C1', at: now, memory });
    expect((await store.getSlot(slotB))?.status).toBe('posted');
    expect(await store.unfinishedSlots()).toEqual([]);
  });

  it('releases only a claim, so that the slot can be claimed again', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    await store.claimSlot(slotA, now);
    await store.releaseSlot(slotA);
    expect(await store.getSlot(slotA)).toBeUndefined();
    expect(await store.claimSlot(slotA, now)).toBe(true);

    await store.markPosted(slotA, { ts: '1.2', channel: 'C1', at: now, memory });
    await store.releaseSlot(slotA);
    expect((await store.getSlot(slotA))?.status).toBe('posted');
  });

  it('ignores a temp file left by a crash mid-write, and leaves none of its own', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    await store.markPosted(slotA, { ts: '1.2', channel: 'C1', at: now, memory });
    const leftover = `.${DIGEST_STATE_FILE}.999.deadbeef.tmp`;
    await writeFile(join(dir, leftover), '{"version":1,"slots":{"torn');

    expect(await store.readMemory()).toEqual(memory);
    expect(await store.claimSlot(slotB, now)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([leftover, DIGEST_STATE_FILE].sort());
  });

  it('never lets a reader see a half-written file', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    await store.claimSlot('2024-01-01T00:00:00.000Z', now);
    let writing = true;
    const writes = (async () => {
      for (let i = 1; i < 60; i++) await store.claimSlot(new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(), now);
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      JSON.parse(await readFile(join(dir, DIGEST_STATE_FILE), 'utf8'));
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect(Object.keys((await stateOnDisk(dir)).slots)).toHaveLength(60);
  });

  it('refuses a corrupt state file with a named error instead of starting over', async () => {
    const dir = await tempDir();
    const path = join(dir, DIGEST_STATE_FILE);
    const torn = '{"version":1,"slots":{"2024-03-01T09:00:00.000Z":{"slot":';
    await writeFile(path, torn);
    const store = fileDigestStore(dir);

    for (const attempt of [() => store.readMemory(), () => store.claimSlot(slotB, now), () => store.unfinishedSlots()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DigestStateError);
      expect(error).toMatchObject({ code: 'DIGEST_STATE_CORRUPT', path });
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toMatch(/move it aside to start fresh/i);
    }
    expect(await readFile(path, 'utf8')).toBe(torn);
  });

  it('refuses valid JSON of the wrong shape', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, DIGEST_STATE_FILE), JSON.stringify({ version: 1, slots: { x: { status: 'maybe' } }, memory: emptyDigestMemory() }));
    await expect(fileDigestStore(dir).getSlot('x')).rejects.toMatchObject({ name: 'DigestStateError', code: 'DIGEST_STATE_CORRUPT' });
  });

  it('keeps only the latest slot records', async () => {
    const dir = await tempDir();
    const store = fileDigestStore(dir);
    const slots = Array.from({ length: MAX_SLOT_RECORDS + 5 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString());
    for (const slot of slots) await store.markSkipped(slot, 'test', now);
    const kept = Object.keys((await stateOnDisk(dir)).slots).sort();
    expect(kept).toHaveLength(MAX_SLOT_RECORDS);
    expect(kept[0]).toBe(slots[5]);
    expect(kept.at(-1)).toBe(slots.at(-1));
  });

  it('gives a claim to exactly one of many concurrent stores', async () => {
    const dir = await tempDir();
    const results = await Promise.all(Array.from({ length: 12 }, () => fileDigestStore(dir).claimSlot(slotA, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('gives a claim to exactly one of several processes', async () => {
    const dir = await tempDir();
    const worker = fileURLToPath(new URL('./claim-worker.ts', import.meta.url));
    const run = promisify(execFile);
    const outputs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', worker, dir, '15'], { cwd: fileURLToPath(new URL('../..', import.meta.url)) })));
    const won = outputs.flatMap((o) => JSON.parse(o.stdout) as string[]);
    expect(won).toHaveLength(15);
    expect(new Set(won).size).toBe(15);
    expect(Object.keys((await stateOnDisk(dir)).slots)).toHaveLength(15);
  });

  it('breaks a stale lock left by a crashed process, and waits for a live one', async () => {
    const dir = await tempDir();
    const lock = join(dir, DIGEST_LOCK_FILE);
    await writeFile(lock, 'crashed');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await fileDigestStore(dir).claimSlot(slotA, now)).toBe(true);
    expect(existsSync(lock)).toBe(false);

    await writeFile(lock, 'alive');
    const store = fileDigestStore(dir, { lockTimeoutMs: 150 });
    await expect(store.claimSlot(slotB, now)).rejects.toMatchObject({ name: 'DigestStateError', code: 'DIGEST_STATE_LOCKED', path: lock });
    expect(await store.getSlot(slotB)).toBeUndefined();

    const waiting = fileDigestStore(dir).claimSlot(slotB, now);
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.getSlot(slotB)).toBeUndefined();
    await rm(lock);
    expect(await waiting).toBe(true);
  });
});
