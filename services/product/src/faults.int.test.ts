// The product faults (searchSlow, endpointErrorSpike, memoryLeak) as the product service runs them: wired
// like main.ts with a FaultFlags whose values each test sets, on the local stack's real stores.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { connectMongo, createElasticsearch, createRedis, type MongoStore } from '@shopfast/stores';
import { listenedMetrics, storeUrls, testCallers, testCredentials } from '@shopfast/test-kit';
import type { Catalog } from './domain/catalog';
import { createMemoryLeakJob } from './jobs/memory-leak.job';
import { wireProduct, type ProductService } from './wire';

const switchedOn: Record<string, number> = {};
const faults: FaultFlags = { number: async (key) => switchedOn[key] ?? 0, enabled: async () => false };

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('product');
const INDEX = 'products_faults_test';
const elasticsearch = createElasticsearch(storeUrls.elasticsearch);
// A Redis database of its own: the running stack's product service caches in database 0, app.int.test.ts in 7.
const redis = createRedis(storeUrls.redis(8), 'product-test', { failFast: true });
let mongo: MongoStore;
let catalog: Catalog;
let app: ProductService['app'];
let productId: string;

beforeAll(async () => {
  mongo = await connectMongo(storeUrls.mongo('shopfast_catalog_faults_test'), 'product-test');
  await mongo.db.dropDatabase();
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  await redis.flushdb();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  ({ catalog, app } = wireProduct({
    config: {
      INVENTORY_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_INDEX: INDEX,
      CACHE_PRODUCT_TTL_SECONDS: 300,
      CACHE_QUERY_TTL_SECONDS: 120,
      STOCK_RECONCILE_INTERVAL_MS: 60_000,
      EVENTS_CONSUMER_NAME: 'test',
    },
    logger,
    metrics: listened.metrics,
    credentials: testCredentials('product'),
    callers: testCallers('product'),
    mongo,
    elasticsearch,
    redis,
    cacheRedis: redis,
    cacheGenerationRefreshMs: 0,
    faults,
  }));
  await catalog.seedIfEmpty(10);
  await catalog.syncSearchIndex();
  productId = (await request(app).get('/products?limit=1')).body.items[0].id;
});

afterAll(async () => {
  await mongo?.db.dropDatabase();
  await mongo?.client.close();
  await redis.flushdb();
  await redis.quit();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  await elasticsearch.close();
  await listened.metrics.close();
});

beforeEach(() => {
  for (const key of Object.keys(switchedOn)) delete switchedOn[key];
});

const timed = async (path: string) => {
  const started = performance.now();
  const response = await request(app).get(path);
  return { response, took: performance.now() - started };
};

describe('the searchSlow fault', () => {
  it('delays every search by its value, cached or not, and stops when off', async () => {
    await request(app).get('/search?q=a'); // now cached
    switchedOn.searchSlow = 600;
    const slow = await timed('/search?q=a');
    expect(slow.response.status).toBe(200);
    expect(slow.took).toBeGreaterThanOrEqual(600);
    delete switchedOn.searchSlow;
    expect((await timed('/search?q=a')).took).toBeLessThan(600);
  });

  it('leaves other reads alone', async () => {
    switchedOn.searchSlow = 600;
    expect((await timed(`/products/${productId}`)).took).toBeLessThan(600);
  });
});

describe('the endpointErrorSpike fault', () => {
  it('fails that share of GET /products/:id with 500 internal_error, and nothing else', async () => {
    switchedOn.endpointErrorSpike = 1;
    const failed = await request(app).get(`/products/${productId}`);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side', details: { id: productId } } });
    expect((await request(app).get(`/products/${productId}/image.svg`)).status).toBe(200);
    expect((await request(app).get(`/products/batch?ids=${productId}`)).status).toBe(200);
    expect((await request(app).get('/products?limit=2')).status).toBe(200);
  });

  it('fails about its share at a rate between 0 and 1, and none once off', async () => {
    switchedOn.endpointErrorSpike = 0.5;
    const statuses = await Promise.all(Array.from({ length: 60 }, async () => (await request(app).get(`/products/${productId}`)).status));
    const failed = statuses.filter((status) => status === 500).length;
    // Binomial(60, 0.5): outside 12..48 with probability below 1e-5.
    expect(failed).toBeGreaterThanOrEqual(12);
    expect(failed).toBeLessThanOrEqual(48);
    expect(statuses.every((status) => status === 200 || status === 500)).toBe(true);
    delete switchedOn.endpointErrorSpike;
    expect((await request(app).get(`/products/${productId}`)).status).toBe(200);
  });
});

describe('the memoryLeak fault', () => {
  it('retains its rate in megabytes a minute while on, up to the cap, and lets it all go when off', async () => {
    const leak = createMemoryLeakJob({ faults, logger, tickMs: 1_000, capMb: 5 });
    expect(leak.retainedMb()).toBe(0);
    await leak.tick();
    expect(leak.retainedMb()).toBe(0); // off: nothing
    switchedOn.memoryLeak = 120; // 2 MB a second at one tick a second
    await leak.tick();
    expect(leak.retainedMb()).toBe(2);
    for (let tick = 0; tick < 5; tick++) await leak.tick();
    expect(leak.retainedMb()).toBe(5); // capped
    delete switchedOn.memoryLeak;
    await leak.tick();
    expect(leak.retainedMb()).toBe(0);
    await leak.stop();
  });
});
