import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres } from '@shopfast/stores';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wirePayment } from './wire';

runService('payment', async () => {
  const config = loadConfigOrExit('payment', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), max: config.DATABASE_POOL_SIZE, metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const { app, jobs } = wirePayment({ config, logger, metrics, callers, pool });
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
