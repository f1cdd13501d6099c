import { Router, type Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

/** Health and readiness only, for now: the cart domain arrives with the shop issue. */
export function createApp({ logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: Router() });
}
