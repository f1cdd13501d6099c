import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Inventory } from './domain/inventory';
import { reservationRoutes } from './routes/reservations.routes';
import { stockRoutes } from './routes/stock.routes';

export interface AppDeps {
  inventory: Inventory;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service token of each request: reservations serve order, stock changes the gateway's administrators. */
  callers: CallerVerifier;
}

export function createApp({ inventory, logger, metrics, readiness, callers }: AppDeps): Express {
  const routes = Router();
  routes.use(stockRoutes(inventory));
  routes.use(reservationRoutes(inventory));
  return createHttpApp({ logger, metrics, readiness, callers, routes });
}
