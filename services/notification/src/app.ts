import type { Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Notifier } from './domain/notifier';
import { notificationRoutes } from './routes/notifications.routes';

export interface AppDeps {
  notifier: Notifier;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service token of each request: the notifications list serves the gateway's administrators. */
  callers: CallerVerifier;
}

export function createApp({ notifier, logger, metrics, readiness, callers }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, callers, routes: notificationRoutes(notifier) });
}
