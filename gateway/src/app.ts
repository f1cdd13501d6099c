import { Router, type Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import { apiRoutes, type ServiceClients } from './routes/api.routes';
import { healthRoutes } from './routes/health.routes';
import { indexRoutes } from './routes/index.routes';

export interface AppDeps {
  clients: ServiceClients;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  version: string;
  bodyLimit: string;
}

export function createApp({ clients, logger, metrics, readiness, version, bodyLimit }: AppDeps): Express {
  const routes = Router();
  routes.use(indexRoutes(version));
  routes.use(healthRoutes(clients));
  routes.use(apiRoutes(clients));
  return createHttpApp({ logger, metrics, readiness, routes, bodyLimit });
}
