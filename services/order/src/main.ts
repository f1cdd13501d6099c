import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wireOrder } from './wire';

runService('order', async () => {
  const config = loadConfigOrExit('order', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = wireOrder({ config, logger, metrics, credentials, callers, pool, redis });
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
