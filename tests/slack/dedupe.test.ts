/**
 * Event dedupe: the state store's claim decides which replica answers; the in-memory map
 * spares it redeliveries to the same process; a store that fails or hangs costs only the
 * dedupe across replicas (one warning), never the answer.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { dedupeEvents } from '../../src/slack/middleware.ts';

function harness(middleware: Middleware<AnyMiddlewareArgs>) {
  const lines: string[] = [];
  const logger = { info: (m: string) => void lines.push(`INFO ${m}`), warn: (m: string) => void lines.push(`WARN ${m}`), debug: () => undefined, error: () => undefined };
  let answered = 0;
  const deliver = (eventId: string) => (middleware as (args: unknown) => Promise<void>)({ body: { event_id: eventId }, logger, next: async () => void answered++ });
  return { deliver, lines, answered: () => answered };
}

describe('dedupeEvents', () => {
  it('answers only the events this replica claims, and asks the store once per event', async () => {
    const claims: string[] = [];
    const taken = new Set(['EvOTHER']);
    const t = harness(dedupeEvents({ claim: async (id) => (claims.push(id), !taken.has(id)) }));
    await t.deliver('Ev1');
    await t.deliver('Ev1'); // a redelivery to this process: the memory answers
    await t.deliver('EvOTHER'); // claimed by another replica
    expect(t.answered()).toBe(1);
    expect(claims).toEqual(['Ev1', 'EvOTHER']);
    expect(t.lines.join('\n')).toMatch(/EvOTHER claimed by another replica: skipped/);
  });

  it('falls back to this process alone when the store fails or hangs: one warning, answers go out, and it tries the store again later', async () => {
    let clock = 0;
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    const t = harness(
      dedupeEvents({
        now: () => clock,
        claimTimeoutMs: 50,
        retryStoreMs: 1_000,
        claim: () => (mode === 'ok' ? Promise.resolve(true) : mode === 'hang' ? new Promise<boolean>(() => undefined) : Promise.reject(new Error('connect ECONNREFUSED'))),
      }),
    );
    await t.deliver('Ev1');
    await t.deliver('Ev1');
    await t.deliver('Ev2');
    clock += 1_000;
    mode = 'hang';
    await t.deliver('Ev3');
    clock += 1_000;
    mode = 'ok';
    await t.deliver('Ev4');
    expect(t.answered()).toBe(4);
    expect(t.lines.filter((l) => l.startsWith('WARN'))).toEqual([expect.stringMatching(/event dedupe across replicas .* unavailable \(connect ECONNREFUSED\)/)]);
    expect(t.lines.join('\n')).toMatch(/answers again after \d+ s: 3 events deduplicated by this replica alone meanwhile/);
  });
});
