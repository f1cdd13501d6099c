import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Payments } from './domain/payments';
import { chargeRoutes } from './routes/charges.routes';

export interface AppDeps {
  payments: Payments;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ payments, logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: chargeRoutes(payments) });
}
