import '@shopfast/tracing/register';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createRedis } from '@shopfast/stores';
import { configSchema } from './config';
import { wireCart } from './wire';

runService('cart', async () => {
  const config = loadConfigOrExit('cart', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = wireCart({ config, faults, logger, metrics, callers, redis });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
