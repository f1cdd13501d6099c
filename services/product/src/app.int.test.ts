import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectMongo, createElasticsearch, createRedis, type MongoStore, type RedisClient } from '@shopfast/stores';
import { callerHeaders, listenedMetrics, storeUrls, testCallers, testCredentials } from '@shopfast/test-kit';
import type { Catalog } from './domain/catalog';
import { generateCatalog } from './domain/catalog-seed';
import { createProductStore } from './store/product-store';
import { wireProduct, type ProductService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('product');
const { metrics } = listened;
const INDEX = 'products_integration_test';
const elasticsearch = createElasticsearch(storeUrls.elasticsearch);
// A Redis database of its own: the running stack's product service caches in database 0.
const redis = createRedis(storeUrls.redis(7), 'product-test', { failFast: true });
let mongo: MongoStore;
let catalog: Catalog;
let app: ProductService['app'];

/**
 * The product service as main.ts wires it, on the test stores (its jobs are not started: there is no
 * inventory to reconcile with). The cache sees every change at once; `cacheRedis` lets a test point it elsewhere.
 */
const productService = (cacheRedis: RedisClient = redis) =>
  wireProduct({
    config: {
      INVENTORY_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_INDEX: INDEX,
      CACHE_PRODUCT_TTL_SECONDS: 300,
      CACHE_QUERY_TTL_SECONDS: 120,
      STOCK_RECONCILE_INTERVAL_MS: 60_000,
      EVENTS_CONSUMER_NAME: 'test',
    },
    logger,
    metrics,
    credentials: testCredentials('product'),
    callers: testCallers('product'),
    mongo,
    elasticsearch,
    redis: cacheRedis,
    cacheRedis,
    cacheGenerationRefreshMs: 0,
  });
/** The gateway's token for an administrator's request: the one caller of PATCH /admin/products/:id. */
const asAdmin = () => callerHeaders('gateway', 'product', { admin: true });

beforeAll(async () => {
  // With metrics, as main.ts connects: every MongoDB command is timed (ecommerce.database.query_time).
  mongo = await connectMongo(storeUrls.mongo('shopfast_catalog_integration_test'), 'product-test', { metrics });
  await mongo.db.dropDatabase();
  // A fail-fast client refuses commands until it is connected.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  await redis.flushdb();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  ({ catalog, app } = productService());
  expect(await catalog.seedIfEmpty(40)).toBe(40);
  await catalog.syncSearchIndex();
});

afterAll(async () => {
  await mongo?.db.dropDatabase();
  await mongo?.client.close();
  await redis.flushdb();
  await redis.quit();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  await elasticsearch.close();
  await metrics.close();
});

describe('catalog in MongoDB', () => {
  it('does not seed a catalog that already has products', async () => {
    expect(await catalog.seedIfEmpty(40)).toBe(0);
  });

  it('lists products page by page with the total', async () => {
    const first = await request(app).get('/products?limit=15');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 40, page: 1, limit: 15 });
    expect(first.body.items).toHaveLength(15);
    const last = await request(app).get('/products?limit=15&page=3');
    expect(last.body.items).toHaveLength(10);
    const ids = new Set([...first.body.items, ...last.body.items].map((p: { id: string }) => p.id));
    expect(ids.size).toBe(25);
  });

  it('filters by category', async () => {
    const response = await request(app).get('/products?category=books&limit=100');
    expect(response.body.total).toBe(5);
    expect(response.body.items.every((p: { category: string }) => p.category === 'books')).toBe(true);
  });

  it('returns every public field of a product', async () => {
    const response = await request(app).get('/products/p-0001');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['available', 'brand', 'category', 'currency', 'description', 'id', 'imageUrl', 'name', 'price', 'rating', 'sku', 'stock']);
  });

  it('answers 404 for an unknown product and 400 for a malformed id', async () => {
    const missing = await request(app).get('/products/p-9999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('product_not_found');
    const malformed = await request(app).get('/products/%7B%22%24ne%22%3A1%7D');
    expect(malformed.status).toBe(400);
  });

  it('rejects unknown categories, bad paging and injection-shaped parameters with 400', async () => {
    for (const query of ['category=weapons', 'page=0', 'limit=1000', 'category[$ne]=books', 'limit=abc']) {
      const response = await request(app).get(`/products?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('validation_failed');
    }
  });

  it('serves a generated SVG picture for each product', async () => {
    const response = await request(app).get('/products/p-0002/image.svg');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
    // supertest buffers image types as bytes rather than text.
    const svg = response.text ?? Buffer.from(response.body as Buffer).toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

const searchLines = () => listened.received('ecommerce.search.');

describe('search metrics', () => {
  beforeEach(async () => {
    await listened.reset();
  });

  it('counts a search with its query flag and sort, and no no_results when something matched', async () => {
    const response = await request(app).get('/search?sort=price_asc');
    expect(response.body.total).toBe(40);
    expect(await searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:false,sort:price_asc']);
  });

  it('counts a text search that found nothing as no_results without filters', async () => {
    const response = await request(app).get('/search?q=zzqxjvvkw');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(0);
    expect(await searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:true,sort:relevance', 'ecommerce.search.no_results:1|c|#has_filters:false']);
  });

  it('tags no_results has_filters:true when filters emptied the result', async () => {
    const response = await request(app).get('/search?category=electronics&minPrice=999999&sort=rating_desc');
    expect(response.body.total).toBe(0);
    expect(await searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:false,sort:rating_desc', 'ecommerce.search.no_results:1|c|#has_filters:true']);
  });

  it('does not count a page past the end as no_results, and never puts the query text in a tag', async () => {
    const secret = 'ada-lovelace-private-term';
    await request(app).get('/search?page=50&limit=10').expect(200);
    await request(app).get(`/search?q=${secret}`).expect(200);
    expect((await searchLines()).filter((line) => line.startsWith('ecommerce.search.no_results'))).toEqual(['ecommerce.search.no_results:1|c|#has_filters:false']);
    expect((await listened.received()).join('\n')).not.toContain(secret);
  });

  it('counts nothing for a search refused as invalid', async () => {
    await request(app).get('/search?sort=random').expect(400);
    expect(await searchLines()).toEqual([]);
  });

  it('times MongoDB commands as ecommerce.database.query_time (ms) by operation', async () => {
    await redis.flushdb(); // a cache miss, so the read reaches MongoDB
    await request(app).get('/products/p-0001').expect(200);
    expect(await listened.received()).toContainEqual(expect.stringMatching(/^ecommerce\.database\.query_time:\d+(\.\d+)?\|ms\|#db_system:mongodb,operation:find$/));
  });
});

describe('search in Elasticsearch', () => {
  it('finds products despite a typo (fuzzy matching)', async () => {
    const product = (await request(app).get('/products/p-0001')).body as { name: string; id: string };
    const word = product.name.split(' ').find((w) => w.length >= 6)!;
    const typo = word.slice(0, 2) + word.slice(3);
    const response = await request(app).get(`/search?q=${encodeURIComponent(typo)}`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBeGreaterThan(0);
    expect(response.body.items.map((p: { name: string }) => p.name.toLowerCase()).some((n: string) => n.includes(word.toLowerCase()))).toBe(true);
  });

  it('returns facets whose counts add up to the total', async () => {
    const response = await request(app).get('/search');
    expect(response.body.total).toBe(40);
    const sum = (buckets: Array<{ count: number }>) => buckets.reduce((total, bucket) => total + bucket.count, 0);
    expect(sum(response.body.facets.category)).toBe(40);
    expect(sum(response.body.facets.brand)).toBe(40);
    expect(sum(response.body.facets.price)).toBe(40);
    expect(response.body.facets.category).toHaveLength(8);
  });

  it('filters by category, brand and price range together', async () => {
    const all = await request(app).get('/search?category=electronics&limit=100');
    const brand = all.body.items[0].brand as string;
    const response = await request(app).get(`/search?category=electronics&brand=${encodeURIComponent(brand)}&minPrice=10&maxPrice=400&limit=100`);
    expect(response.status).toBe(200);
    for (const product of response.body.items as Array<{ category: string; brand: string; price: number }>) {
      expect(product).toMatchObject({ category: 'electronics', brand });
      expect(product.price).toBeGreaterThanOrEqual(10);
      expect(product.price).toBeLessThanOrEqual(400);
    }
  });

  it('sorts by price', async () => {
    const response = await request(app).get('/search?sort=price_asc&limit=40');
    const prices = response.body.items.map((p: { price: number }) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('suggests product names for a prefix', async () => {
    const product = (await request(app).get('/products/p-0003')).body as { brand: string };
    const response = await request(app).get(`/search/suggest?q=${encodeURIComponent(product.brand.slice(0, 4))}`);
    expect(response.status).toBe(200);
    expect(response.body.suggestions.length).toBeGreaterThan(0);
    expect(response.body.suggestions.every((s: string) => s.toLowerCase().startsWith(product.brand.slice(0, 4).toLowerCase()))).toBe(true);
  });

  it('rejects a price range upside down, an unknown sort and a missing suggest prefix', async () => {
    expect((await request(app).get('/search?minPrice=50&maxPrice=10')).status).toBe(400);
    expect((await request(app).get('/search?sort=cheapest')).status).toBe(400);
    expect((await request(app).get('/search/suggest')).status).toBe(400);
  });

  it('rebuilds the index from MongoDB when the two disagree', async () => {
    await redis.flushdb();
    await elasticsearch.delete({ index: INDEX, id: 'p-0001', refresh: true });
    const result = await catalog.syncSearchIndex();
    expect(result).toEqual({ reindexed: true, documents: 40 });
    expect((await request(app).get('/search?q=' + encodeURIComponent('p-0001'))).status).toBe(200);
    expect(await catalog.syncSearchIndex()).toEqual({ reindexed: false, documents: 40 });
  });

  it('reports ready when its stores answer: MongoDB, Elasticsearch and Redis', async () => {
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.checks)).toEqual(['mongodb', 'elasticsearch', 'redis']);
  });
});

describe('stock from inventory', () => {
  const stockOf = async (id: string) => (await request(app).get(`/products/${id}`)).body as { stock: number | null; available: boolean };

  it('knows no stock before inventory has spoken, and shows a level as soon as it is applied', async () => {
    expect(await stockOf('p-0010')).toEqual(expect.objectContaining({ stock: null, available: true }));
    await catalog.applyStock([{ productId: 'p-0010', stock: 7, version: 3 }], 'event');
    expect(await stockOf('p-0010')).toEqual(expect.objectContaining({ stock: 7, available: true }));
  });

  it('ignores a level older than the one it has (a late event), and applies the same version again harmlessly', async () => {
    await catalog.applyStock([{ productId: 'p-0011', stock: 5, version: 10 }], 'event');
    await catalog.applyStock([{ productId: 'p-0011', stock: 50, version: 9 }], 'event');
    expect(await stockOf('p-0011')).toEqual(expect.objectContaining({ stock: 5 }));
    expect(await catalog.applyStock([{ productId: 'p-0011', stock: 5, version: 10 }], 'event')).toEqual({ applied: 1, availabilityChanged: 0 });
  });

  it('shows a stock-out in the product, the listing (cached or not) and search, with the in-stock filter and facet', async () => {
    const listing = async () => ((await request(app).get('/products?limit=40')).body.items as Array<{ id: string; stock: number; available: boolean }>).find((p) => p.id === 'p-0012')!;
    const inStockIds = async () => ((await request(app).get('/search?inStock=true&limit=100')).body.items as Array<{ id: string }>).map((p) => p.id);
    await catalog.applyStock([{ productId: 'p-0012', stock: 3, version: 1 }], 'event');
    expect(await listing()).toMatchObject({ stock: 3, available: true }); // now cached
    expect(await inStockIds()).toContain('p-0012'); // cached too

    await listened.reset();
    expect(await catalog.applyStock([{ productId: 'p-0012', stock: 0, version: 2 }], 'event')).toEqual({ applied: 1, availabilityChanged: 1 });
    expect(await stockOf('p-0012')).toEqual(expect.objectContaining({ stock: 0, available: false }));
    expect(await listing()).toMatchObject({ stock: 0, available: false });
    expect(await inStockIds()).not.toContain('p-0012');
    const all = await request(app).get('/search?limit=100');
    expect(all.body.items.find((p: { id: string }) => p.id === 'p-0012')).toMatchObject({ stock: 0, available: false });
    expect(all.body.facets.availability).toEqual(expect.arrayContaining([{ value: 'out_of_stock', count: 1 }, { value: 'in_stock', count: 39 }]));
    expect(await listened.received()).toEqual(
      expect.arrayContaining(['ecommerce.catalog.stock_updates:1|c|#source:event', 'ecommerce.catalog.availability_changed:1|c|#source:event']),
    );

    await catalog.applyStock([{ productId: 'p-0012', stock: 25, version: 3 }], 'event');
    expect(await inStockIds()).toContain('p-0012');
  });

  it('reconciles with inventory: only levels newer than its own are applied, unknown products are skipped', async () => {
    const result = await catalog.reconcile([
      { productId: 'p-0013', available: 9, version: 4 },
      { productId: 'p-0011', available: 1, version: 10 },
      { productId: 'p-9999', available: 3, version: 1 },
    ]);
    expect(result).toEqual({ checked: 3, applied: 1 });
    expect(await stockOf('p-0013')).toEqual(expect.objectContaining({ stock: 9 }));
    expect(await stockOf('p-0011')).toEqual(expect.objectContaining({ stock: 5 }));
  });

  it('accepts inStock=true or false only', async () => {
    expect((await request(app).get('/search?inStock=yes')).status).toBe(400);
    expect((await request(app).get('/search?inStock=false')).status).toBe(200);
  });
});

describe('catalog cache', () => {
  const cacheLines = () => listened.received('ecommerce.cache.');
  beforeEach(async () => {
    await redis.flushdb();
    await listened.reset();
  });

  it('misses, then hits, for product detail, listing pages and searches', async () => {
    for (const path of ['/products/p-0020', '/products?category=books', '/search?q=lamp']) {
      await request(app).get(path).expect(200);
      await request(app).get(path).expect(200);
    }
    expect(await cacheLines()).toEqual([
      'ecommerce.cache.miss:1|c|#cache_type:redis,cache:product',
      'ecommerce.cache.hit:1|c|#cache_type:redis,cache:product',
      'ecommerce.cache.miss:1|c|#cache_type:redis,cache:product_list',
      'ecommerce.cache.hit:1|c|#cache_type:redis,cache:product_list',
      'ecommerce.cache.miss:1|c|#cache_type:redis,cache:search',
      'ecommerce.cache.hit:1|c|#cache_type:redis,cache:search',
    ]);
  });

  it('answers a batch of products in the order asked, leaving out unknown ids', async () => {
    const response = await request(app).get('/products/batch?ids=p-0003,p-9999,p-0001,p-0003');
    expect(response.status).toBe(200);
    expect(response.body.items.map((p: { id: string }) => p.id)).toEqual(['p-0003', 'p-0001']);
    for (const query of ['', 'ids=', 'ids=p-1', `ids=${Array.from({ length: 101 }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`).join(',')}`, 'ids=p-0001&x=1']) {
      expect((await request(app).get(`/products/batch?${query}`)).status, query).toBe(400);
    }
  });

  it('shows an administrator\'s new price at once in the product, listing and search, cached before or not', async () => {
    const before = (await request(app).get('/products/p-0021')).body as { price: number; name: string };
    await request(app).get('/products?limit=40').expect(200);
    const term = before.name.split(' ')[0]!;
    await request(app).get(`/search?q=${encodeURIComponent(term)}&limit=40`).expect(200);
    const changed = await request(app).patch('/admin/products/p-0021').set(await asAdmin()).send({ price: 12.34 });
    expect(changed.status).toBe(200);
    expect(changed.body.price).toBe(12.34);
    expect((await request(app).get('/products/p-0021')).body.price).toBe(12.34);
    expect(((await request(app).get('/products?limit=40')).body.items as Array<{ id: string; price: number }>).find((p) => p.id === 'p-0021')!.price).toBe(12.34);
    const found = (await request(app).get(`/search?q=${encodeURIComponent(term)}&limit=40`)).body.items as Array<{ id: string; price: number }>;
    expect(found.find((p) => p.id === 'p-0021')?.price).toBe(12.34);
  });

  it('lets an administrator change a price, within bounds', async () => {
    for (const body of [{ price: 0 }, { price: -1 }, { price: 1.234 }, { price: '5' }, {}, { price: 5, name: 'x' }]) {
      expect((await request(app).patch('/admin/products/p-0021').set(await asAdmin()).send(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await request(app).patch('/admin/products/p-9999').set(await asAdmin()).send({ price: 5 })).status).toBe(404);
  });

  it('answers from the store when Redis is unreachable, quickly, and counts the errors', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1/0', 'product-test-dead', { failFast: true });
    try {
      const offline = productService(deadRedis).app;
      await catalog.applyStock([{ productId: 'p-0022', stock: 4, version: 1 }], 'event');
      const started = Date.now();
      const detail = await request(offline).get('/products/p-0022');
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: 'p-0022', stock: 4, available: true });
      expect((await request(offline).get('/products?limit=5')).status).toBe(200);
      expect((await request(offline).get('/search?q=lamp')).status).toBe(200);
      expect((await request(offline).get('/products/batch?ids=p-0001,p-0002')).body.items).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await listened.received()).toContainEqual(expect.stringMatching(/^ecommerce\.cache\.errors:1\|c\|#cache_type:redis,cache:(product|stock|generation),operation:get$/));
    } finally {
      deadRedis.disconnect();
    }
  });
});

describe('catalog truth under failures', () => {
  const inStockIds = async () => ((await request(app).get('/search?inStock=true&limit=100')).body.items as Array<{ id: string }>).map((p) => p.id);

  it('runs every step again when an event is retried after failing half-way, so the in-stock search drops a sold-out product', async () => {
    await catalog.applyStock([{ productId: 'p-0030', stock: 2, version: 1 }], 'event');
    expect(await inStockIds()).toContain('p-0030'); // cached
    // The first attempt wrote the store, then died before the search index and the overlay.
    await createProductStore(mongo).applyStock({ productId: 'p-0030', stock: 0, version: 2 });
    expect(await catalog.applyStock([{ productId: 'p-0030', stock: 0, version: 2 }], 'event')).toEqual({ applied: 1, availabilityChanged: 0 });
    expect(await inStockIds()).not.toContain('p-0030');
    expect((await request(app).get('/products/p-0030')).body).toMatchObject({ stock: 0, available: false });
  });

  it('keeps the stock a price change did not touch: the search document gets the price only', async () => {
    await catalog.applyStock([{ productId: 'p-0031', stock: 0, version: 5 }], 'event');
    const changed = await request(app).patch('/admin/products/p-0031').set(await asAdmin()).send({ price: 7.77 });
    expect(changed.body).toMatchObject({ price: 7.77, stock: 0, available: false });
    const { _source } = await elasticsearch.get<{ price: number; stock: number; available: boolean }>({ index: INDEX, id: 'p-0031' });
    expect(_source).toMatchObject({ price: 7.77, stock: 0, available: false });
  });

  it('publishes what the store holds after a reconciliation, not an older level it was sent', async () => {
    await catalog.applyStock([{ productId: 'p-0032', stock: 0, version: 9 }], 'event');
    expect(await catalog.reconcile([{ productId: 'p-0032', available: 8, version: 9 }])).toEqual({ checked: 1, applied: 0 });
    const { _source } = await elasticsearch.get<{ stock: number }>({ index: INDEX, id: 'p-0032' });
    expect(_source?.stock).toBe(0);
  });

  it('starts and changes prices with Redis down: invalidations are owed, not failures', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1/0', 'product-test-dead', { failFast: true });
    try {
      const offline = productService(deadRedis).catalog;
      expect(await offline.republishStock()).toBeGreaterThan(0);
      expect((await offline.setPrice('p-0033', 3.21)).price).toBe(3.21);
    } finally {
      deadRedis.disconnect();
    }
  });

  it('answers 400 for a search page beyond what the index can page to, not 500', async () => {
    const response = await request(app).get('/search?page=500&limit=100');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});

describe('reconciling a whole catalog', () => {
  it('applies more stock levels at once than FerretDB pools connections (a fresh catalog), and the catalog still answers', async () => {
    const bulkMongo = await connectMongo(storeUrls.mongo('shopfast_catalog_bulk_test'), 'product-test');
    try {
      await bulkMongo.db.dropDatabase();
      const store = createProductStore(bulkMongo);
      const products = generateCatalog(300);
      await store.insertMany(products);
      await store.applyStockMany(products.map((product, i) => ({ productId: product.id, stock: i % 3, version: 1 })));
      const states = await store.stockStates();
      expect([...states.values()].filter((state) => state.version === 1)).toHaveLength(300);
      expect(await store.findById(products[4]!.id)).toMatchObject({ stock: 1, available: true });
    } finally {
      await bulkMongo.db.dropDatabase();
      await bulkMongo.client.close();
    }
  });
});

describe('who may call', () => {
  const priceOf = async (id: string) => ((await request(app).get(`/products/${id}`)).body as { price: number }).price;
  const patch = (headers: Record<string, string>) => request(app).patch('/admin/products/p-0025').set(headers).send({ price: 1.23 });

  it('serves the catalog to anyone, without a token', async () => {
    expect((await request(app).get('/products/p-0025')).status).toBe(200);
    expect((await request(app).get('/products?limit=5')).status).toBe(200);
    expect((await request(app).get('/products/batch?ids=p-0025')).status).toBe(200);
    expect((await request(app).get('/search?q=lamp')).status).toBe(200);
  });

  it('refuses a price change without a valid service token with 401, whatever x-admin and x-user-id say, and keeps the price', async () => {
    const before = await priceOf('p-0025');
    expect(before).not.toBe(1.23);
    const unverified: Array<Record<string, string>> = [{}, { 'x-admin': 'true' }, { 'x-admin': 'true', 'x-user-id': 'u-1' }, await callerHeaders('gateway', 'inventory', { admin: true })];
    for (const headers of unverified) {
      const refused = await patch(headers);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
    }
    expect(await priceOf('p-0025')).toBe(before);
  });

  it('answers 403 to the gateway without an administrator and to every other app, administrator or not, and keeps the price', async () => {
    const before = await priceOf('p-0025');
    expect(before).not.toBe(1.23);
    for (const headers of [
      await callerHeaders('gateway', 'product'),
      await callerHeaders('gateway', 'product', { userId: 'u-1' }),
      await callerHeaders('order', 'product', { admin: true }),
      await callerHeaders('inventory', 'product', { admin: true }),
      await callerHeaders('cart', 'product', { userId: 'u-1', admin: true }),
    ]) {
      const refused = await patch(headers);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect(await priceOf('p-0025')).toBe(before);
    // The gateway for an administrator is let through: the refusals were about the caller.
    expect((await patch(await asAdmin())).status).toBe(200);
    expect(await priceOf('p-0025')).toBe(1.23);
  });
});
