import { Router, type RequestHandler } from 'express';
import { WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { forwardTo } from '../proxy/forward';

export interface IncidentRouteGuards {
  /** The webhook's own budget (503 on overflow, never 429): it has no customer or admin token, its service checks the secret. */
  webhookRoute: RequestHandler[];
  /** The API budget, then the admin token (like every /api/admin route). */
  adminRoute: RequestHandler[];
}

/** Without INCIDENT_SERVICE_URL: a clear 503 instead of a call to nowhere. */
const notConfigured: RequestHandler = () => {
  throw new AppError('incident_service_not_configured', 'This gateway has no incident service (INCIDENT_SERVICE_URL is not set)', 503);
};

/**
 * The incident service's two public routes. The Datadog webhook carries no gateway credential: it is
 * forwarded with its secret header, which the incident service checks (401 when missing or wrong), never
 * retried here (Datadog retries on 5xx itself, and the service deduplicates). The incident list is for
 * administrators.
 */
export function incidentRoutes(client: ServiceClient | undefined, guards: IncidentRouteGuards): Router {
  const router = Router();
  router.post(
    '/api/webhooks/datadog',
    ...guards.webhookRoute,
    client ? forwardTo(client, { path: '/webhooks/datadog', headers: [WEBHOOK_SECRET_HEADER], retry: false }) : notConfigured,
  );
  router.get('/api/admin/incidents', ...guards.adminRoute, client ? forwardTo(client, { path: '/admin/incidents' }) : notConfigured);
  return router;
}
