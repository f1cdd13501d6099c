import { Router } from 'express';
import { runReadinessChecks } from '@shopfast/service-kit';
import type { ServiceClients } from './api.routes';

/**
 * GET /api/health: the state of every service behind the gateway (each service's /readyz, which in turn
 * checks its stores). 200 when all are ready, 503 otherwise, always with the per-service detail.
 */
export function healthRoutes(clients: ServiceClients): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const checks = Object.fromEntries(
      Object.entries(clients).map(([name, client]) => [
        name,
        async () => {
          const response = await client.get('/readyz', { timeoutMs: 1_500 });
          if (response.status !== 200) throw new Error(`not ready (HTTP ${response.status})`);
        },
      ]),
    );
    const services = await runReadinessChecks(checks);
    const healthy = Object.values(services).every((check) => check.status === 'ok');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', services });
  });
  return router;
}
