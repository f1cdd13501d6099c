// The catalog tells the truth about stock, fast: an administrator's stock change reaches product
// detail, listings, search (in-stock filter and facet) and the cart within 2 s, through inventory's
// stock.changed events; a price change goes through the cache as quickly; and with Redis stopped, reads
// still answer from the stores. Telemetry of all this is read back from the test agent and the
// DogStatsD listener.
import { afterAll, describe, expect, it } from 'vitest';
import { getTrace, lastMetricSeq, newTraceContext, waitFor, waitForMetric, type AgentSpan } from '@shopfast/test-kit';
import { stackDown, stackUp, urls } from '../../scripts/stack';
import { ADMIN_TOKEN, api, newCustomer, setStock, stockOf } from './shop-client';

interface ApiProduct {
  id: string;
  sku: string;
  name: string;
  price: number;
  stock: number | null;
  available: boolean;
}

const FRESHNESS_MS = 2_000;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const restore: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const undo of restore.reverse()) await undo();
});

/** A product of `category` that has stock, as a shopper finds it. */
async function productIn(category: string, offset = 0): Promise<ApiProduct> {
  const listing = await api(`/api/products?category=${category}&limit=20`);
  const product = (listing.body.items as ApiProduct[]).filter((item) => item.available)[offset];
  if (!product) throw new Error(`no product in stock in ${category}`);
  const before = await stockOf(product.sku);
  restore.push(() => setStock(product.sku, before.available));
  return product;
}

/** Polls until `check` passes for the API's answer, for at most 2 s: the promise of the catalog. */
const within2s = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, probe, FRESHNESS_MS, 100);

const detail = async (id: string) => (await api(`/api/products/${id}`)).body as ApiProduct;
const inListing = async (product: ApiProduct, category: string) => ((await api(`/api/products?category=${category}&limit=100`)).body.items as ApiProduct[]).find((item) => item.id === product.id);
const inStockSearch = async (product: ApiProduct) => {
  const found = await api(`/api/search?q=${encodeURIComponent(product.name)}&inStock=true&limit=50`);
  return (found.body.items as ApiProduct[]).some((item) => item.id === product.id);
};

describe('stock in the catalog', () => {
  it('shows an administrator\'s stock-out everywhere within 2 s, refuses it in the cart, and shows the restock', async () => {
    const product = await productIn('garden');
    // Cached first, so the test proves invalidation rather than a cold read.
    expect(await inStockSearch(product)).toBe(true);
    expect((await inListing(product, 'garden'))?.available).toBe(true);

    await setStock(product.sku, 0);
    await within2s('product detail out of stock', async () => ((await detail(product.id)).stock === 0 ? true : undefined));
    expect(await detail(product.id)).toMatchObject({ stock: 0, available: false });
    await within2s('listing out of stock', async () => ((await inListing(product, 'garden'))?.available === false ? true : undefined));
    await within2s('in-stock search without it', async () => ((await inStockSearch(product)) ? undefined : true));
    const facets = (await api(`/api/search?q=${encodeURIComponent(product.name)}&limit=50`)).body.facets.availability as Array<{ value: string; count: number }>;
    expect(facets.find((bucket) => bucket.value === 'out_of_stock')?.count).toBeGreaterThanOrEqual(1);

    const customer = await newCustomer('stockout');
    const refused = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'out_of_stock', message: `${product.name} is out of stock`, details: { productId: product.id, name: product.name } });

    await setStock(product.sku, 4);
    await within2s('product back in stock', async () => ((await detail(product.id)).stock === 4 ? true : undefined));
    await within2s('in-stock search with it again', async () => ((await inStockSearch(product)) ? true : undefined));
    expect((await inListing(product, 'garden'))).toMatchObject({ stock: 4, available: true });
    const added = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } });
    expect(added.status).toBe(200);
    expect(added.body.items[0]).toMatchObject({ productId: product.id, stock: 4, available: true });
    const tooMany = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 4 } });
    expect(tooMany.body.error).toMatchObject({ code: 'out_of_stock', message: `Only 4 left of ${product.name}` });
  });

  it('shows several stock-outs at once within 2 s each: a flash sale does not queue them a second apart', async () => {
    const products = await Promise.all([0, 1, 2, 3].map((offset) => productIn('beauty', offset)));
    await Promise.all(products.map((product) => inListing(product, 'beauty')));
    await Promise.all(products.map((product) => setStock(product.sku, 0)));
    await within2s('all four out of stock in detail', async () => ((await Promise.all(products.map((product) => detail(product.id)))).every((item) => item.available === false) ? true : undefined));
    await within2s('all four out of stock in the listing', async () => ((await Promise.all(products.map((product) => inListing(product, 'beauty')))).every((item) => item?.available === false) ? true : undefined));
    await within2s('none in the in-stock search', async () => ((await Promise.all(products.map(inStockSearch))).some(Boolean) ? undefined : true));
  });

  it('shows a price change through the cache within 2 s', async () => {
    const product = await productIn('books');
    restore.push(() => api(`/api/admin/products/${product.id}`, { method: 'PATCH', headers: admin, body: { price: product.price } }));
    await inListing(product, 'books'); // cache the listing
    const price = Math.round((product.price + 1.11) * 100) / 100;
    const changed = await api(`/api/admin/products/${product.id}`, { method: 'PATCH', headers: admin, body: { price } });
    expect(changed.status).toBe(200);
    await within2s('new price in product detail', async () => ((await detail(product.id)).price === price ? true : undefined));
    await within2s('new price in the listing', async () => ((await inListing(product, 'books'))?.price === price ? true : undefined));
    await within2s('new price in search', async () => {
      const found = (await api(`/api/search?q=${encodeURIComponent(product.name)}&limit=50`)).body.items as ApiProduct[];
      return found.find((item) => item.id === product.id)?.price === price ? true : undefined;
    });
    expect((await api(`/api/admin/products/${product.id}`, { method: 'PATCH', body: { price } })).status).toBe(401);
  });
});

describe('telemetry of the catalog', () => {
  it('carries stock.changed from inventory to the catalog in the trace that changed the stock', async () => {
    const product = await productIn('toys');
    const context = newTraceContext();
    const response = await fetch(`${urls.gateway}/api/admin/inventory/${product.sku}`, {
      method: 'PUT',
      headers: { ...context.headers, ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ available: 7 }),
    });
    expect(response.status).toBe(200);
    // Each service flushes its spans on its own: wait for the producer's and the consumer's.
    const spans = await waitFor('the stock.changed spans', async () => {
      const all = await getTrace(context.traceId);
      const both = all.some((span) => span.service === 'product' && span.name === 'event.process') && all.some((span) => span.service === 'inventory' && span.name === 'event.publish');
      return both ? all : undefined;
    }, 20_000);
    const publish = spans.find((span) => span.service === 'inventory' && span.name === 'event.publish')!;
    expect(publish.meta).toMatchObject({ 'event.type': 'stock.changed', 'messaging.destination.name': 'shopfast.inventory', 'span.kind': 'producer' });
    const processed = spans.find((span) => span.service === 'product' && span.name === 'event.process') as AgentSpan;
    expect(processed.meta).toMatchObject({ 'event.type': 'stock.changed', 'messaging.consumer.group': 'product', 'event.outcome': 'ok' });
    expect(BigInt(processed.parent_id)).toBe(BigInt(publish.span_id));
  });

  it('tags cache hits and misses on the request span and counts them at the DogStatsD listener', async () => {
    const since = await lastMetricSeq();
    const product = await productIn('sports', 1);
    await fetch(`${urls.gateway}/api/products/${product.id}`); // now cached, if it was not already
    const context = newTraceContext();
    await fetch(`${urls.gateway}/api/products/${product.id}`, { headers: context.headers });
    const span = await waitFor('the product request span', async () => (await getTrace(context.traceId)).find((s) => s.service === 'product' && s.name === 'express.request'), 20_000);
    expect(span.meta['cache.name']).toBe('product');
    expect(span.meta['cache.hit']).toBe('true');
    const hit = await waitForMetric(since, 'ecommerce.cache.hit', (line) => line.tags.cache === 'product');
    expect(hit).toMatchObject({ type: 'c', tags: expect.objectContaining({ service: 'product', cache_type: 'redis', cache: 'product' }) });
    // A listing and a search nobody asked for yet (a page far out, a query made up here): misses, then hits.
    const query = `lamp ${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      await api('/api/products?category=books&limit=7&page=3');
      await api(`/api/search?q=${encodeURIComponent(query)}`);
    }
    for (const cache of ['product_list', 'search']) {
      for (const name of ['ecommerce.cache.miss', 'ecommerce.cache.hit']) {
        const line = await waitForMetric(since, name, (candidate) => candidate.tags.cache === cache);
        expect(line.tags, `${name} ${cache}`).toMatchObject({ service: 'product', cache_type: 'redis', cache });
      }
    }
    const missContext = newTraceContext();
    await fetch(`${urls.gateway}/api/search?q=${encodeURIComponent(`${query} miss`)}`, { headers: missContext.headers });
    const missSpan = await waitFor('the missed search span', async () => (await getTrace(missContext.traceId)).find((s) => s.service === 'product' && s.name === 'express.request'), 20_000);
    expect(missSpan.meta).toMatchObject({ 'cache.name': 'search', 'cache.hit': 'false' });
  });

  it('counts applied stock levels and refused cart adds at the DogStatsD listener', async () => {
    const since = await lastMetricSeq();
    const product = await productIn('home');
    await setStock(product.sku, 0);
    const updates = await waitForMetric(since, 'ecommerce.catalog.stock_updates', (line) => line.tags.source === 'event');
    expect(updates).toMatchObject({ type: 'c', tags: expect.objectContaining({ service: 'product', source: 'event' }) });
    const flips = await waitForMetric(since, 'ecommerce.catalog.availability_changed');
    expect(flips.tags).toMatchObject({ service: 'product', source: 'event' });
    await within2s('product out of stock', async () => ((await detail(product.id)).available === false ? true : undefined));
    const customer = await newCustomer('refused');
    expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(409);
    const refused = await waitForMetric(since, 'ecommerce.cart.add_refused');
    expect(refused).toMatchObject({ type: 'c', tags: expect.objectContaining({ service: 'cart', reason: 'out_of_stock' }) });
    // Each service flushes its metrics on its own schedule: wait for inventory's, do not just look.
    const published = await waitForMetric(since, 'ecommerce.events.published', (line) => line.tags.type === 'stock.changed' && line.tags.service === 'inventory');
    expect(published.tags).toMatchObject({ service: 'inventory', stream: 'shopfast.inventory' });
    const processed = await waitForMetric(since, 'ecommerce.events.processed', (line) => line.tags.group === 'product');
    expect(processed.tags).toMatchObject({ service: 'product', type: 'stock.changed', outcome: 'ok' });
    const lag = await waitForMetric(since, 'ecommerce.events.lag', (line) => line.tags.group === 'product');
    expect(lag).toMatchObject({ type: 'd', tags: expect.objectContaining({ service: 'product', type: 'stock.changed' }) });
  });
});

describe('a Redis outage', () => {
  it('costs no read (product, listing, search and cart pricing answer from the stores), and a stock change made during it reaches the catalog once Redis is back', async () => {
    const product = await productIn('electronics');
    const customer = await newCustomer('outage');
    const since = await lastMetricSeq();
    await stackDown({ only: ['redis'], log: () => undefined });
    try {
      for (const path of [`/api/products/${product.id}`, '/api/products?limit=20&page=3', `/api/search?q=${encodeURIComponent(product.name)}`]) {
        const response = await api(path);
        expect(response.status, path).toBe(200);
      }
      const ids = [...new Set([product.id, 'p-0003', 'p-0004'])];
      const batch = await fetch(`${urls.service('product')}/products/batch?ids=${ids.join(',')}`);
      expect(batch.status).toBe(200);
      expect(((await batch.json()) as { items: unknown[] }).items).toHaveLength(ids.length);
      const errors = await waitForMetric(since, 'ecommerce.cache.errors', (line) => line.tags.operation === 'get');
      expect(errors.tags).toMatchObject({ service: 'product', cache_type: 'redis', cache: expect.stringMatching(/^(product|product_list|search|stock|generation)$/) });
      // Inventory keeps working without Redis; its stock.changed for this cannot be published yet.
      await setStock(product.sku, 2);
    } finally {
      await stackUp({ detach: true, only: ['redis'], log: () => undefined });
    }
    // Back to normal: the shop's own readiness says so, and the change made during the outage arrives.
    await waitFor('product ready again', async () => ((await fetch(`${urls.service('product')}/readyz`)).ok ? true : undefined), 20_000);
    await waitFor('the stock set during the outage in the catalog', async () => ((await detail(product.id)).stock === 2 ? true : undefined), 15_000, 250);
    expect((await api('/api/cart', { token: customer.token })).status).toBe(200);
  });
});
