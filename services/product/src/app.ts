import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Catalog } from './domain/catalog';
import { productRoutes } from './routes/products.routes';
import { searchRoutes } from './routes/search.routes';

export interface AppDeps {
  catalog: Catalog;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service token of each request: price changes serve the gateway's administrators; reads are open. */
  callers: CallerVerifier;
}

export function createApp({ catalog, logger, metrics, readiness, callers }: AppDeps): Express {
  const routes = Router();
  routes.use(productRoutes(catalog));
  routes.use(searchRoutes(catalog));
  return createHttpApp({ logger, metrics, readiness, callers, routes });
}
