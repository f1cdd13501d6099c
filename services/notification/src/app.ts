import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Notifier } from './domain/notifier';
import { notificationRoutes } from './routes/notifications.routes';

export interface AppDeps {
  notifier: Notifier;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ notifier, logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: notificationRoutes(notifier) });
}
