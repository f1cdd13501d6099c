import '@shopfast/tracing/register';
import { CONSUMER_POLL_COMMANDS } from '@shopfast/events';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { connectMongo, createElasticsearch, createRedis } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { configSchema } from './config';
import { wireProduct } from './wire';

// The consumer's blocking reads would otherwise be a root trace every second.
tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS });

runService('product', async () => {
  const config = loadConfigOrExit('product', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const elasticsearch = createElasticsearch(config.ELASTICSEARCH_URL);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  // The cache's own connection fails fast while Redis is away: reads then go to the store at once.
  const cacheRedis = createRedis(config.REDIS_URL, `${config.DD_SERVICE}-cache`, { failFast: true });

  const { app, jobs, catalog } = wireProduct({ config, faults, logger, metrics, credentials, callers, mongo, elasticsearch, redis, cacheRedis });
  // The catalog's data before anything is served, as a migration would: seeded when empty, the search
  // index in step with MongoDB, and recorded stock copied again into the index and the cache overlay.
  await catalog.seedIfEmpty(config.CATALOG_SEED_SIZE);
  await catalog.syncSearchIndex();
  await catalog.republishStock();
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'elasticsearch', close: () => elasticsearch.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'redis (cache)', close: () => cacheRedis.quit() },
  ]);
});
