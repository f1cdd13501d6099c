import '@shopfast/tracing/register';
import { CONSUMER_POLL_COMMANDS, createEventConsumer, EVENT_TYPES, STREAMS } from '@shopfast/events';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkElasticsearch, checkMongo, checkRedis, connectMongo, createElasticsearch, createRedis } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { createApp } from './app';
import { createInventoryClient } from './clients/inventory-client';
import { configSchema } from './config';
import { createCatalog } from './domain/catalog';
import { stockChangedHandler } from './events/stock-changed.handler';
import { createStockReconciliationJob } from './jobs/stock-reconciliation.job';
import { createCatalogCache } from './store/catalog-cache';
import { createProductStore } from './store/product-store';
import { createSearchIndex } from './store/search-index';

// The consumer's blocking reads would otherwise be a root trace every second.
tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS });

runService('product', async () => {
  const config = loadConfigOrExit('product', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const elasticsearch = createElasticsearch(config.ELASTICSEARCH_URL);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  // The cache's own connection fails fast while Redis is away: reads then go to the store at once.
  const cacheRedis = createRedis(config.REDIS_URL, `${config.DD_SERVICE}-cache`, { failFast: true });
  const catalogCache = createCatalogCache({
    redis: cacheRedis,
    metrics,
    logger,
    settings: { productTtlSeconds: config.CACHE_PRODUCT_TTL_SECONDS, listTtlSeconds: config.CACHE_QUERY_TTL_SECONDS, generationRefreshMs: 250 },
  });
  const catalog = createCatalog({
    store: createProductStore(mongo),
    search: createSearchIndex(elasticsearch, config.SEARCH_INDEX),
    cache: catalogCache,
    logger,
    metrics,
  });
  await catalog.seedIfEmpty(config.CATALOG_SEED_SIZE);
  await catalog.syncSearchIndex();
  await catalog.republishStock();

  const consumer = createEventConsumer(redis, {
    stream: STREAMS.inventory,
    group: 'product',
    consumer: config.EVENTS_CONSUMER_NAME,
    handlers: { [EVENT_TYPES.stockChanged]: stockChangedHandler(catalog) },
    logger,
    metrics,
  });
  const reconciliation = createStockReconciliationJob({
    catalog,
    inventory: createInventoryClient(config.INVENTORY_SERVICE_URL, credentials),
    intervalMs: config.STOCK_RECONCILE_INTERVAL_MS,
    logger,
  });
  await consumer.start();
  reconciliation.start();
  // Changes made while Redis was away never became events: catch up as soon as it is back.
  catalogCache.onReconnect(() => reconciliation.runSoon());

  const app = createApp({
    catalog,
    logger,
    metrics,
    callers,
    readiness: { mongodb: () => checkMongo(mongo), elasticsearch: () => checkElasticsearch(elasticsearch), redis: () => checkRedis(redis) },
  });
  await serve(app, [
    { name: 'stock events consumer', close: () => consumer.stop() },
    { name: 'stock reconciliation', close: () => reconciliation.stop() },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'elasticsearch', close: () => elasticsearch.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'redis (cache)', close: () => cacheRedis.quit() },
  ]);
});
