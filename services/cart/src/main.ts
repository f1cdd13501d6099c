import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';

runService('cart', async () => {
  const config = loadConfigOrExit('cart', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const app = createApp({ logger, metrics, readiness: { redis: () => checkRedis(redis) } });
  await serve(app, [{ name: 'redis', close: () => redis.quit() }]);
});
