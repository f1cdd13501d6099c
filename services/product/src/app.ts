import { Router, type Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Catalog } from './domain/catalog';
import { productRoutes } from './routes/products.routes';
import { searchRoutes } from './routes/search.routes';

export interface AppDeps {
  catalog: Catalog;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ catalog, logger, metrics, readiness }: AppDeps): Express {
  const routes = Router();
  routes.use(productRoutes(catalog));
  routes.use(searchRoutes(catalog));
  return createHttpApp({ logger, metrics, readiness, routes });
}
