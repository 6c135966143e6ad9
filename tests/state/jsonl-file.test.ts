/** The shared JSON-lines file under the file store: real files in temp folders, several instances as several processes would be. */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonlFile } from '../../src/state/jsonl-file.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'summit-jsonl-'));

describe('jsonlFile', () => {
  it('writes lines appended together in one go, in order, and reads them back', async () => {
    const dir = tempDir();
    const file = jsonlFile(dir, 'x.jsonl');
    await Promise.all(Array.from({ length: 100 }, (_, i) => file.append(`{"i":${i}}`)));
    expect(await file.lines()).toEqual(Array.from({ length: 100 }, (_, i) => `{"i":${i}}`));
  });

  it('comes back when its folder is removed while the file is open', async () => {
    const dir = join(tempDir(), 'state');
    const file = jsonlFile(dir, 'x.jsonl');
    await file.append('first');
    rmSync(dir, { recursive: true, force: true });
    await file.append('second');
    expect(readFileSync(join(dir, 'x.jsonl'), 'utf8')).toBe('second\n');
  });

  it('lets one purge take over a lock left by a crashed one, however many try at once', async () => {
    for (let trial = 0; trial < 100; trial++) {
      const dir = tempDir();
      writeFileSync(join(dir, 'x.jsonl'), 'a\nb\n');
      const lock = join(dir, 'x.jsonl.purge-lock');
      writeFileSync(lock, 'a crashed purge');
      const old = new Date(Date.now() - 10 * 60_000);
      utimesSync(lock, old, old);
      let purges = 0;
      const dropFirst = (lines: string[]) => {
        purges++;
        return lines.slice(1);
      };
      await Promise.all([jsonlFile(dir, 'x.jsonl').purge(dropFirst), jsonlFile(dir, 'x.jsonl').purge(dropFirst), jsonlFile(dir, 'x.jsonl').purge(dropFirst)]);
      expect(purges, `trial ${trial}`).toBe(1);
      expect(readFileSync(join(dir, 'x.jsonl'), 'utf8')).toBe('b\n');
      expect(existsSync(lock)).toBe(false);
    }
  });

  it('reads only what was added since, and starts over when a purge replaced the file', async () => {
    const dir = tempDir();
    const writer = jsonlFile(dir, 'x.jsonl');
    const reader = jsonlFile(dir, 'x.jsonl');
    await writer.append('one');
    const first = await reader.linesSince(undefined);
    expect(first).toMatchObject({ lines: ['one'], restarted: true });
    await writer.append('two');
    const second = await reader.linesSince(first.next);
    expect(second).toMatchObject({ lines: ['two'], restarted: false });
    await writer.purge((lines) => lines.filter((l) => l !== 'one'));
    expect(await reader.linesSince(second.next)).toMatchObject({ lines: ['two'], restarted: true });
  });
});
