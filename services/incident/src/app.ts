import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Incidents } from './domain/incidents';
import { incidentsRoutes } from './routes/incidents.routes';
import { webhookRoutes } from './routes/webhook.routes';

export interface AppDeps {
  incidents: Incidents;
  /** The webhook's shared secret (read once from WEBHOOK_SECRET_FILE). */
  webhookSecret: string;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the gateway's service token: both routes serve the gateway only. */
  callers: CallerVerifier;
}

export function createApp({ incidents, webhookSecret, logger, metrics, readiness, callers }: AppDeps): Express {
  const routes = Router();
  routes.use(webhookRoutes(incidents, { secret: webhookSecret, metrics }));
  routes.use(incidentsRoutes(incidents));
  return createHttpApp({ logger, metrics, readiness, callers, routes });
}
