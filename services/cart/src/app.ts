import type { Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Carts } from './domain/carts';
import { cartRoutes } from './routes/cart.routes';

export interface AppDeps {
  carts: Carts;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service tokens of callers (every /cart route needs one). */
  callers: CallerVerifier;
}

export function createApp({ carts, logger, metrics, readiness, callers }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, callers, routes: cartRoutes(carts) });
}
