/**
 * /livez, /readyz and /healthz on the real bot over HTTP: what a load balancer reads, and
 * never a path, an address or a secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, startBotUnderTest, type BotUnderTest } from './bot-harness.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'summit-health-'));
let t: BotUnderTest;
beforeAll(async () => {
  t = await startBotUnderTest({ STATE_DIR: stateDir });
});
afterAll(async () => t.close());

const get = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${t.bot.port}${path}`);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
};
const tellsNothing = (text: string) => {
  for (const secret of [stateDir, SIGNING_SECRET, BOT_TOKEN, tmpdir()]) expect(text).not.toContain(secret);
};

describe('health', () => {
  it('is live, ready and healthy while the knowledge is loaded and the state folder answers', async () => {
    const live = await get('/livez');
    const ready = await get('/readyz');
    const health = await get('/healthz');
    expect([live.status, ready.status, health.status]).toEqual([200, 200, 200]);
    expect(ready.json).toEqual({ ok: true });
    expect(health.json).toMatchObject({ ok: true, store: { ok: true } });
    expect(health.json.facts).toBeGreaterThan(0);
    for (const r of [live, ready, health]) tellsNothing(r.text);
  });

  it('is not ready, with the reason, while the state store cannot be written, and live all the same', async () => {
    rmSync(stateDir, { recursive: true, force: true });
    writeFileSync(stateDir, 'not a folder'); // what the store writes into is gone
    try {
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toMatchObject({ ok: false, reason: expect.stringMatching(/state store does not answer/) });
      tellsNothing(ready.text);
      expect((await get('/livez')).status).toBe(200);
      expect((await get('/healthz')).json).toMatchObject({ ok: true, store: { ok: false } });
    } finally {
      rmSync(stateDir, { force: true });
    }
    expect((await get('/readyz')).status).toBe(200); // the store makes its folder again: ready again
  });
});
