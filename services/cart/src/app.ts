import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Carts } from './domain/carts';
import { cartRoutes } from './routes/cart.routes';

export interface AppDeps {
  carts: Carts;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ carts, logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: cartRoutes(carts) });
}
