import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '@shopfast/service-kit';
import { checkElasticsearch, checkMongo, connectMongo, createElasticsearch, type MongoStore } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { createApp } from './app';
import { createCatalog, type Catalog } from './domain/catalog';
import { createProductStore } from './store/product-store';
import { createSearchIndex } from './store/search-index';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const INDEX = 'products_integration_test';
const elasticsearch = createElasticsearch(storeUrls.elasticsearch);
let mongo: MongoStore;
let catalog: Catalog;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  // With metrics, as main.ts connects: every MongoDB command is timed (ecommerce.database.query_time).
  mongo = await connectMongo(storeUrls.mongo('shopfast_catalog_integration_test'), 'product-test', { metrics });
  await mongo.db.dropDatabase();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  catalog = createCatalog({ store: createProductStore(mongo), search: createSearchIndex(elasticsearch, INDEX), logger, metrics });
  expect(await catalog.seedIfEmpty(40)).toBe(40);
  await catalog.syncSearchIndex();
  app = createApp({ catalog, logger, metrics, readiness: { mongodb: () => checkMongo(mongo), elasticsearch: () => checkElasticsearch(elasticsearch) } });
});

afterAll(async () => {
  await mongo?.db.dropDatabase();
  await mongo?.client.close();
  await elasticsearch.indices.delete({ index: INDEX }, { ignore: [404] });
  await elasticsearch.close();
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
    expect(Object.keys(response.body).sort()).toEqual(['available', 'brand', 'category', 'currency', 'description', 'id', 'imageUrl', 'name', 'price', 'rating', 'sku']);
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

const metricLines = () => (metrics.client.mockBuffer ?? []) as string[];
const searchLines = () => metricLines().filter((line) => line.startsWith('ecommerce.search.'));

describe('search metrics', () => {
  beforeEach(() => {
    metrics.client.mockBuffer = [];
  });

  it('counts a search with its query flag and sort, and no no_results when something matched', async () => {
    const response = await request(app).get('/search?sort=price_asc');
    expect(response.body.total).toBe(40);
    expect(searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:false,sort:price_asc']);
  });

  it('counts a text search that found nothing as no_results without filters', async () => {
    const response = await request(app).get('/search?q=zzqxjvvkw');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(0);
    expect(searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:true,sort:relevance', 'ecommerce.search.no_results:1|c|#has_filters:false']);
  });

  it('tags no_results has_filters:true when filters emptied the result', async () => {
    const response = await request(app).get('/search?category=electronics&minPrice=999999&sort=rating_desc');
    expect(response.body.total).toBe(0);
    expect(searchLines()).toEqual(['ecommerce.search.performed:1|c|#has_query:false,sort:rating_desc', 'ecommerce.search.no_results:1|c|#has_filters:true']);
  });

  it('does not count a page past the end as no_results, and never puts the query text in a tag', async () => {
    const secret = 'ada-lovelace-private-term';
    await request(app).get('/search?page=50&limit=10').expect(200);
    await request(app).get(`/search?q=${secret}`).expect(200);
    expect(searchLines().filter((line) => line.startsWith('ecommerce.search.no_results'))).toEqual(['ecommerce.search.no_results:1|c|#has_filters:false']);
    expect(metricLines().join('\n')).not.toContain(secret);
  });

  it('counts nothing for a search refused as invalid', async () => {
    await request(app).get('/search?sort=random').expect(400);
    expect(searchLines()).toEqual([]);
  });

  it('times MongoDB commands as ecommerce.database.query_time (ms) by operation', async () => {
    await request(app).get('/products/p-0001').expect(200);
    expect(metricLines()).toContainEqual(expect.stringMatching(/^ecommerce\.database\.query_time:\d+(\.\d+)?\|ms\|#db_system:mongodb,operation:find$/));
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
    await elasticsearch.delete({ index: INDEX, id: 'p-0001', refresh: true });
    const result = await catalog.syncSearchIndex();
    expect(result).toEqual({ reindexed: true, documents: 40 });
    expect((await request(app).get('/search?q=' + encodeURIComponent('p-0001'))).status).toBe(200);
    expect(await catalog.syncSearchIndex()).toEqual({ reindexed: false, documents: 40 });
  });

  it('reports ready when both stores answer', async () => {
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.checks)).toEqual(['mongodb', 'elasticsearch']);
  });
});
