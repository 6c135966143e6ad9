import type { CustomRoute } from '@slack/bolt';

/** GET /healthz, for load balancers and orchestrators. */
export function healthRoute(facts: number): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, facts }));
    },
  };
}
