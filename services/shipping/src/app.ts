import type { Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Shipments } from './domain/shipments';
import { shippingRoutes } from './routes/shipping.routes';

export interface AppDeps {
  shipments: Shipments;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service token of each request: shipments serve the order service only; quotes are open. */
  callers: CallerVerifier;
}

export function createApp({ shipments, logger, metrics, readiness, callers }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, callers, routes: shippingRoutes(shipments, metrics) });
}
