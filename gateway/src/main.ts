import '@shopfast/tracing/register';
import { createServiceClient, createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema, serviceUrl, SERVICE_NAMES } from './config';
import type { ServiceClients } from './routes/api.routes';

runService('gateway', async () => {
  const config = loadConfigOrExit('gateway', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: serviceUrl(config, name), timeoutMs: config.UPSTREAM_TIMEOUT_MS })]),
  ) as ServiceClients;

  const app = createApp({
    clients,
    logger,
    metrics,
    readiness: { redis: () => checkRedis(redis) },
    version: config.DD_VERSION,
    bodyLimit: config.BODY_LIMIT,
  });
  await serve(app, [{ name: 'redis', close: () => redis.quit() }]);
});
