import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { connectMongo, createRedis } from '@shopfast/stores';
import { configSchema } from './config';
import { wireInventory } from './wire';

runService('inventory', async () => {
  const config = loadConfigOrExit('inventory', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = await wireInventory({ config, logger, metrics, credentials, callers, mongo, redis });
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
