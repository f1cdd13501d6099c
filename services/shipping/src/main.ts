import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkPostgres, checkRedis, createPostgresPool, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';

runService('shipping', async () => {
  const config = loadConfigOrExit('shipping', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const app = createApp({ logger, metrics, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) } });
  await serve(app, [{ name: 'postgres', close: () => pool.end() }, { name: 'redis', close: () => redis.quit() }]);
});
