import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkPostgres, createPostgresPool, migratePostgres } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';
import { createCardProcessor } from './domain/card-processor';
import { createPayments } from './domain/payments';
import { createChargeStore } from './store/charge-store';
import { migrations } from './store/migrations';

runService('payment', async () => {
  const config = loadConfigOrExit('payment', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), max: config.DATABASE_POOL_SIZE, metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const payments = createPayments({
    store: createChargeStore(pool),
    processor: createCardProcessor({ bankLatencyMs: config.BANK_LATENCY_MS, fraudAmountLimit: config.FRAUD_AMOUNT_LIMIT }, metrics),
    metrics,
  });
  const app = createApp({ payments, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool) } });
  await serve(app, [{ name: 'postgres', close: () => pool.end() }]);
});
