import '@shopfast/tracing/register';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wireOrder } from './wire';

runService('order', async () => {
  const config = loadConfigOrExit('order', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = wireOrder({ config, faults, logger, metrics, credentials, callers, pool, redis });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
