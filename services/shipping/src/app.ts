import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Shipments } from './domain/shipments';
import { shippingRoutes } from './routes/shipping.routes';

export interface AppDeps {
  shipments: Shipments;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ shipments, logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: shippingRoutes(shipments, metrics) });
}
