import { createEventConsumer, EVENT_TYPES, STREAMS } from '@shopfast/events';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics, type TokenIssuer } from '@shopfast/service-kit';
import { checkElasticsearch, checkMongo, checkRedis, type ElasticsearchClient, type MongoStore, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import { createInventoryClient } from './clients/inventory-client';
import type { Config } from './config';
import { createCatalog } from './domain/catalog';
import { stockChangedHandler } from './events/stock-changed.handler';
import { createMemoryLeakJob } from './jobs/memory-leak.job';
import { createStockReconciliationJob } from './jobs/stock-reconciliation.job';
import { createCatalogCache } from './store/catalog-cache';
import { createProductStore } from './store/product-store';
import { createSearchIndex } from './store/search-index';

/** The configuration the product service is built from (main.ts passes its whole validated config). */
export type ProductSettings = Pick<
  Config,
  'INVENTORY_SERVICE_URL' | 'SEARCH_INDEX' | 'CACHE_PRODUCT_TTL_SECONDS' | 'CACHE_QUERY_TTL_SECONDS' | 'STOCK_RECONCILE_INTERVAL_MS' | 'EVENTS_CONSUMER_NAME'
>;

export interface ProductDeps {
  config: ProductSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Signs the service token of inventory reads (runtime.credentials). */
  credentials: TokenIssuer;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The catalog database, the source of truth. */
  mongo: MongoStore;
  elasticsearch: ElasticsearchClient;
  /** Redis Streams: stock.changed is read from the inventory stream. */
  redis: RedisClient;
  /** The catalog cache's own Redis connection, failing fast while Redis is away (reads then go to the store at once). */
  cacheRedis: RedisClient;
  /** How long the cache trusts the generation numbers it read; tests set 0 to see every change at once. */
  cacheGenerationRefreshMs?: number;
}

/**
 * The product service from its dependencies: the catalog (MongoDB, search index, cache), the HTTP app,
 * and its background jobs (the stock.changed consumer, stock reconciliation with inventory), none
 * started. Preparing the catalog's data (seed, index sync) is main.ts's start-up step, like a migration.
 */
export function wireProduct({ config, logger, metrics, credentials, callers, mongo, elasticsearch, redis, cacheRedis, cacheGenerationRefreshMs = 250, faults }: ProductDeps) {
  const catalogCache = createCatalogCache({
    redis: cacheRedis,
    metrics,
    logger,
    settings: { productTtlSeconds: config.CACHE_PRODUCT_TTL_SECONDS, listTtlSeconds: config.CACHE_QUERY_TTL_SECONDS, generationRefreshMs: cacheGenerationRefreshMs },
  });
  const catalog = createCatalog({
    store: createProductStore(mongo),
    search: createSearchIndex(elasticsearch, config.SEARCH_INDEX),
    cache: catalogCache,
    logger,
    metrics,
    faults,
  });

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
  const memoryLeak = faults ? createMemoryLeakJob({ faults, logger }) : undefined;
  const jobs = createServiceJobs(
    [
      { name: 'stock events consumer', start: consumer.start, stop: consumer.stop },
      {
        name: 'stock reconciliation',
        start: () => {
          reconciliation.start();
          // Changes made while Redis was away never became events: catch up as soon as it is back.
          catalogCache.onReconnect(() => reconciliation.runSoon());
        },
        stop: reconciliation.stop,
      },
      // The memoryLeak fault (docs/faults.md): idle while the fault is off.
      ...(memoryLeak ? [{ name: 'memory leak fault', start: memoryLeak.start, stop: memoryLeak.stop }] : []),
    ],
    logger,
  );

  const app = createApp({
    catalog,
    logger,
    metrics,
    callers,
    readiness: { mongodb: () => checkMongo(mongo), elasticsearch: () => checkElasticsearch(elasticsearch), redis: () => checkRedis(redis) },
  });
  return { app, jobs, catalog, consumer, reconciliation };
}

export type ProductService = ReturnType<typeof wireProduct>;
