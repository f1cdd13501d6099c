import type { KeyObject } from 'node:crypto';
import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Accounts } from './domain/accounts';
import { authRoutes } from './routes/auth.routes';
import { jwksRoutes } from './routes/jwks.routes';

export interface AppDeps {
  accounts: Accounts;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service tokens of callers (runtime.callers): who may sign up, log in and read a profile. */
  callers: CallerVerifier;
  /** The key login tokens are signed with (runtime.keys.privateKey); its public half is published as a JWKS. */
  signingKey: KeyObject;
}

export function createApp({ accounts, logger, metrics, readiness, callers, signingKey }: AppDeps): Express {
  const routes = Router();
  routes.use(jwksRoutes(signingKey));
  routes.use(authRoutes(accounts));
  return createHttpApp({ logger, metrics, readiness, routes, callers });
}
