import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkMongo, checkRedis, connectMongo, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';

runService('inventory', async () => {
  const config = loadConfigOrExit('inventory', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const app = createApp({ logger, metrics, readiness: { mongodb: () => checkMongo(mongo), redis: () => checkRedis(redis) } });
  await serve(app, [{ name: 'mongodb', close: () => mongo.client.close() }, { name: 'redis', close: () => redis.quit() }]);
});
