import type { KeyObject } from 'node:crypto';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics } from '@shopfast/service-kit';
import { checkPostgres, type PgPool } from '@shopfast/stores';
import { createApp } from './app';
import type { Config } from './config';
import { createAccounts, type PasswordHasher } from './domain/accounts';
import { createUserStore } from './store/user-store';

/** The configuration the user service is built from (main.ts passes its whole validated config). */
export type UserSettings = Pick<Config, 'JWT_ISSUER' | 'JWT_TTL_SECONDS'>;

export interface UserDeps {
  config: UserSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /**
   * Signs login tokens: the service's own key (runtime.keys.privateKey), whose public half is in every
   * app's trusted keys already and is published as a JWKS.
   */
  signingKey: KeyObject;
  /** The user database, migrated. */
  pool: PgPool;
  /** Password hashing; default argon2id (a test counts the verifications). */
  passwords?: PasswordHasher;
}

/** The user service from its dependencies: accounts, login tokens and the HTTP app. It has no background work. */
export function wireUser({ config, logger, metrics, callers, signingKey, pool, passwords }: UserDeps) {
  const accounts = createAccounts({
    store: createUserStore(pool),
    tokens: { privateKey: signingKey, issuer: config.JWT_ISSUER, ttlSeconds: config.JWT_TTL_SECONDS },
    metrics,
    ...(passwords ? { passwords } : {}),
  });
  const app = createApp({ accounts, logger, metrics, readiness: { postgres: () => checkPostgres(pool) }, callers, signingKey });
  return { app, jobs: createServiceJobs([], logger), accounts };
}
