/** The file store's event claims: real folders in a temp STATE_DIR, a controlled clock. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EVENT_CLAIM_TTL_MS, fileStateStore } from '../../src/state/store.ts';

it('takes over a claim past its time that no purge has removed yet (purges run in the background)', async () => {
  const store = fileStateStore(mkdtempSync(join(tmpdir(), 'summit-claims-')));
  const t = Date.UTC(2026, 10, 30, 12);
  expect(await store.claimEvent('EvFIRST', new Date(t))).toBe(true); // starts this store's first purge
  await new Promise((resolve) => setTimeout(resolve, 200)); // it has nothing to remove
  expect(await store.claimEvent('EvOLD', new Date(t - 2 * EVENT_CLAIM_TTL_MS))).toBe(true);
  // No purge is due for ten minutes: the old claim is still there, and counts for nothing.
  expect(await store.claimEvent('EvOLD', new Date(t + 60_000))).toBe(true);
  expect(await store.claimEvent('EvOLD', new Date(t + 120_000))).toBe(false);
});
