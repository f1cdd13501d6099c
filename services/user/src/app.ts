import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Accounts } from './domain/accounts';
import { authRoutes } from './routes/auth.routes';

export interface AppDeps {
  accounts: Accounts;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
}

export function createApp({ accounts, logger, metrics, readiness }: AppDeps): Express {
  return createHttpApp({ logger, metrics, readiness, routes: authRoutes(accounts) });
}
