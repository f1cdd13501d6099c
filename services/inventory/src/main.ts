import '@shopfast/tracing/register';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { connectMongo, createRedis } from '@shopfast/stores';
import { configSchema } from './config';
import { wireInventory } from './wire';

runService('inventory', async () => {
  const config = loadConfigOrExit('inventory', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = await wireInventory({ config, faults, logger, metrics, credentials, callers, mongo, redis });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
