import type { Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Payments } from './domain/payments';
import { chargeRoutes } from './routes/charges.routes';

export interface AppDeps {
  payments: Payments;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service token of each request: the charge routes serve the order service only. */
  callers: CallerVerifier;
}

export function createApp({ payments, logger, metrics, readiness, callers }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, callers, routes: chargeRoutes(payments) });
}
