import type { CustomRoute } from '@slack/bolt';
import type { ServerResponse } from 'node:http';

export type StoreHealthCheck = () => Promise<{ ok: boolean; detail: string }>;

/** How long a health check waits for the state store before reporting it as not answering. */
const STORE_CHECK_MS = 2_000;

/**
 * Health for load balancers and orchestrators, saying no path, address or secret (the store's
 * own detail, which names its folder or database host, stays in the operator's logs):
 * - GET /livez: 200 while the process serves requests (restart it when this fails);
 * - GET /readyz: 200 when the knowledge base is loaded and the state store answers, else 503
 *   with the reason (take it out of rotation meanwhile);
 * - GET /healthz: 200 with both figures, for a person or a dashboard. A store that fails does
 *   not make it 503: the bot still answers without it (see docs/operations.md, "Faults").
 */
export function healthRoutes(facts: number, health?: StoreHealthCheck): CustomRoute[] {
  const json = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const storeOk = async (): Promise<boolean | undefined> => {
    if (!health) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STORE_CHECK_MS)));
    return Promise.race([
      health().then(
        (h) => h.ok,
        () => false,
      ),
      late,
    ]).finally(() => clearTimeout(timer));
  };
  return [
    { path: '/livez', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void storeOk().then((store) => {
          const reason = facts === 0 ? 'no knowledge base loaded' : store === false ? `the state store does not answer (within ${STORE_CHECK_MS / 1000} s)` : undefined;
          json(res, reason ? 503 : 200, reason ? { ok: false, reason } : { ok: true });
        });
      },
    },
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        void storeOk().then((store) => json(res, 200, store === undefined ? { ok: true, facts } : { ok: true, facts, store: { ok: store } }));
      },
    },
  ];
}
