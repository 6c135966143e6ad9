import type { CustomRoute } from '@slack/bolt';

export type StoreHealthCheck = () => Promise<{ ok: boolean; detail: string }>;

/** How long /healthz waits for the state store before reporting it as not answering. */
const STORE_CHECK_MS = 2_000;

/**
 * GET /healthz, for load balancers and orchestrators: 200 while the process serves, with the
 * state store's health beside it (`store.ok`). A store that fails does not make it 503: the
 * bot still answers without it (see the README's faults), and taking every replica out of the
 * load balancer for a database outage would silence it.
 */
export function healthRoute(facts: number, health?: StoreHealthCheck): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const reply = (store?: { ok: boolean; detail: string }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(store ? { ok: true, facts, store } : { ok: true, facts }));
      };
      if (!health) return reply();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<{ ok: boolean; detail: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${STORE_CHECK_MS / 1000} s` }), STORE_CHECK_MS);
      });
      void Promise.race([health().catch((error: unknown) => ({ ok: false, detail: String((error as Error)?.message ?? error) })), late])
        .then(reply)
        .finally(() => clearTimeout(timer));
    },
  };
}
