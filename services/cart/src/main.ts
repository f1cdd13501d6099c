import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createRedis } from '@shopfast/stores';
import { configSchema } from './config';
import { wireCart } from './wire';

runService('cart', async () => {
  const config = loadConfigOrExit('cart', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = wireCart({ config, logger, metrics, callers, redis });
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
