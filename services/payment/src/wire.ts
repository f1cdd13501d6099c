import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics } from '@shopfast/service-kit';
import { checkPostgres, type PgPool } from '@shopfast/stores';
import { createApp } from './app';
import type { Config } from './config';
import { createCardProcessor } from './domain/card-processor';
import { createPayments } from './domain/payments';
import { createChargeStore } from './store/charge-store';

/** The configuration the payment service is built from (main.ts passes its whole validated config). */
export type PaymentSettings = Pick<Config, 'BANK_LATENCY_MS' | 'FRAUD_AMOUNT_LIMIT'>;

export interface PaymentDeps {
  config: PaymentSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The payment database, migrated. */
  pool: PgPool;
}

/**
 * The payment service from its dependencies: the simulated bank, the charge ledger and the HTTP app.
 * It has no background work; `jobs` is empty so main.ts treats every service alike.
 */
export function wirePayment({ config, logger, metrics, callers, pool, faults }: PaymentDeps) {
  const payments = createPayments({
    store: createChargeStore(pool),
    processor: createCardProcessor({ bankLatencyMs: config.BANK_LATENCY_MS, fraudAmountLimit: config.FRAUD_AMOUNT_LIMIT }, metrics, faults),
    metrics,
  });
  const app = createApp({ payments, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool) } });
  return { app, jobs: createServiceJobs([], logger), payments };
}
