import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { callerHeaders, storeUrls, testCallers } from '@shopfast/test-kit';
import { listenedMetrics } from '@shopfast/test-kit';
import { ACTIVE_CARTS_KEY } from './store/active-carts';
import { cartKey } from './store/cart-store';
import { standInProduct, startProductStandIn, type StandInProduct } from './test-support';
import { wireCart, type CartService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('cart');
const { metrics } = listened;
// A Redis database of its own (index 5), flushed first: the running shop uses index 0.
const redis = createRedis(storeUrls.redis(5), 'cart-test');
const TTL = 3_600;

/** What the stand-in product service serves; tests change prices and stock, remove products or make it fail. */
const catalog = new Map<string, StandInProduct>();
let productService: Awaited<ReturnType<typeof startProductStandIn>>;
const productRequests = () => productService.requests;
let app: CartService['app'];

function resetCatalog() {
  catalog.clear();
  const add = (n: number, price: number, category: string) => {
    const id = `p-000${n}`;
    catalog.set(id, standInProduct(id, price, { sku: `SKU-000${n}`, name: `Product ${n}`, category }));
  };
  add(1, 19.99, 'books');
  add(2, 0.1, 'toys');
  add(3, 249.5, 'electronics');
}

beforeAll(async () => {
  productService = await startProductStandIn(catalog);
  await redis.flushdb();
  app = buildApp(productService.url);
});

afterAll(async () => {
  await redis.flushdb();
  await redis.quit();
  await productService.close();
  await metrics.close();
});

beforeEach(async () => {
  productService.state.failing = false;
  resetCatalog();
  await listened.reset();
});

/** The cart service's app as main.ts wires it, on the test Redis, asking the product service at `productUrl`. */
function buildApp(productUrl: string, maxLines = 5) {
  const config = {
    PRODUCT_SERVICE_URL: productUrl,
    PRODUCT_TIMEOUT_MS: 500,
    CART_TTL_SECONDS: TTL,
    CART_MAX_LINES: maxLines,
    CART_ABANDON_AFTER_SECONDS: 1_800,
    CART_ABANDON_SWEEP_MS: 60_000,
  };
  return wireCart({ config, logger, metrics, callers: testCallers('cart'), redis, peerCalls: { retries: 1 } }).app;
}

/** A fresh customer per test, so tests never share a cart, shopping through the gateway (its token names them). */
async function customer() {
  const userId = randomUUID();
  const auth = await callerHeaders('gateway', 'cart', { userId });
  const as = <T extends request.Test>(test: T) => test.set(auth);
  return {
    userId,
    auth,
    get: () => as(request(app).get('/cart')),
    add: (productId: unknown, quantity: unknown) => as(request(app).post('/cart/items').send({ productId, quantity })),
    patch: (productId: string, body: unknown) => as(request(app).patch(`/cart/items/${productId}`).send(body as object)),
    remove: (productId: string) => as(request(app).delete(`/cart/items/${productId}`)),
    clear: () => as(request(app).delete('/cart')),
  };
}


describe('who may use a cart', () => {
  it('answers 401 without a service token and changes nothing', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    for (const call of [request(app).get('/cart'), request(app).post('/cart/items').send({ productId: 'p-0002', quantity: 1 }), request(app).delete('/cart')]) {
      const response = await call;
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '1' });
  });

  it('ignores a forged x-user-id header: without a token it is 401 and the named cart is untouched', async () => {
    const ada = await customer();
    await ada.add('p-0001', 2).expect(200);
    const read = await request(app).get('/cart').set('x-user-id', ada.userId);
    expect(read.status).toBe(401);
    const emptied = await request(app).delete('/cart').set('x-user-id', ada.userId).set('x-admin', 'true');
    expect(emptied.status).toBe(401);
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
  });

  it('answers 401 for a token addressed to another service', async () => {
    const ada = await customer();
    const response = await request(app).get('/cart').set(await callerHeaders('gateway', 'product', { userId: ada.userId }));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('answers 403 to a verified service the cart does not serve, and changes nothing', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    for (const service of ['payment', 'inventory', 'user'] as const) {
      const response = await request(app).delete('/cart').set(await callerHeaders(service, 'cart', { userId: ada.userId }));
      expect(response.status, service).toBe(403);
      expect(response.body.error.code, service).toBe('forbidden');
    }
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '1' });
  });

  it('answers 403 to a token that names no customer', async () => {
    const response = await request(app).get('/cart').set(await callerHeaders('gateway', 'cart'));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });

  it('answers 403 when the token names something that is not a customer id, including key-injection attempts', async () => {
    for (const sub of ['42', 'abc', '*', 'x:cart:other', "' OR 1=1 --"]) {
      const response = await request(app).post('/cart/items').set(await callerHeaders('gateway', 'cart', { userId: sub })).send({ productId: 'p-0001', quantity: 1 });
      expect(response.status, sub).toBe(403);
      expect(response.body.error, sub).toEqual({ code: 'forbidden', message: 'The token does not name a customer: its subject is not a user id' });
    }
    expect(await redis.keys('cart:*')).not.toContain('cart:*');
    expect(await redis.keys('cart:x:cart:other')).toEqual([]);
  });

  it('keeps each customer to their own cart: the token decides, not a header naming someone else', async () => {
    const ada = await customer();
    const bob = await customer();
    await ada.add('p-0001', 2).expect(200);
    const bobsCart = await bob.get().set('x-user-id', ada.userId);
    expect(bobsCart.status).toBe(200);
    expect(bobsCart.body.items).toEqual([]);
    await bob.clear().set('x-user-id', ada.userId).expect(204);
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
  });

  it('reaches the same cart whatever the case of the customer id in the token', async () => {
    const ada = await customer();
    await ada.add('p-0001', 3).expect(200);
    const response = await request(app).get('/cart').set(await callerHeaders('gateway', 'cart', { userId: ada.userId.toUpperCase() }));
    expect(response.status).toBe(200);
    expect(response.body.itemCount).toBe(3);
  });

  it('lets the order service read and empty a customer cart at checkout', async () => {
    const ada = await customer();
    await ada.add('p-0001', 2).expect(200);
    const asOrder = await callerHeaders('order', 'cart', { userId: ada.userId });
    const read = await request(app).get('/cart').set(asOrder);
    expect(read.status).toBe(200);
    expect(read.body.itemCount).toBe(2);
    await request(app).delete('/cart').set(asOrder).expect(204);
    expect(await redis.exists(cartKey(ada.userId))).toBe(0);
  });
});

describe('cart contents and prices', () => {
  it('answers an empty cart for a new customer and counts a cache miss', async () => {
    const response = await (await customer()).get();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: 'USD' });
    expect(await listened.received()).toContain('ecommerce.cache.miss:1|c|#cache_type:redis,cache:cart');
  });

  it('adds items priced by the product service, with line totals and subtotal in exact cents', async () => {
    const ada = await customer();
    await ada.add('p-0001', 3).expect(200);
    const response = await ada.add('p-0002', 3);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        { productId: 'p-0001', sku: 'SKU-0001', name: 'Product 1', imageUrl: '/api/products/p-0001/image.svg', unitPrice: 19.99, currency: 'USD', quantity: 3, lineTotal: 59.97, stock: 100, available: true },
        { productId: 'p-0002', sku: 'SKU-0002', name: 'Product 2', imageUrl: '/api/products/p-0002/image.svg', unitPrice: 0.1, currency: 'USD', quantity: 3, lineTotal: 0.3, stock: 100, available: true },
      ],
      itemCount: 6,
      subtotal: 60.27,
      currency: 'USD',
    });
    expect(await listened.received()).toContain('ecommerce.cart.items_added:3|c|#category:books');
    expect(await listened.received()).toContain('ecommerce.cart.items_added:3|c|#category:toys');
  });

  it('stores only product ids and quantities in the cart hash, never prices', async () => {
    const ada = await customer();
    await ada.add('p-0001', 2).expect(200);
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
  });

  it('reads the current price on every read instead of the price at the time of adding', async () => {
    const ada = await customer();
    await ada.add('p-0003', 2).expect(200);
    catalog.get('p-0003')!.price = 199.99;
    const response = await ada.get();
    expect(response.body.items[0]).toMatchObject({ unitPrice: 199.99, lineTotal: 399.98 });
    expect(response.body.subtotal).toBe(399.98);
    expect(await listened.received()).toContain('ecommerce.cache.hit:1|c|#cache_type:redis,cache:cart');
    expect(await listened.received()).toContain('ecommerce.cart.value:399.98|d|#currency:USD');
  });

  it('adds to the quantity already in the cart and caps a line at 99', async () => {
    const ada = await customer();
    catalog.set('p-0001', { ...catalog.get('p-0001')!, stock: 1_000 });
    await ada.add('p-0001', 60).expect(200);
    const response = await ada.add('p-0001', 60);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0].quantity).toBe(99);
    expect(await listened.received()).toContain('ecommerce.cart.items_added:39|c|#category:books');
  });

  it('answers 404 product_not_found for a product the catalog does not know, and stores nothing', async () => {
    const ada = await customer();
    const response = await ada.add('p-9999', 1);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('product_not_found');
    expect(await redis.exists(cartKey(ada.userId))).toBe(0);
  });

  it('rejects bad product ids and quantities with 400 validation_failed', async () => {
    const ada = await customer();
    const cases: Array<[unknown, unknown]> = [
      ['p-0001', 0],
      ['p-0001', 100],
      ['p-0001', -1],
      ['p-0001', 1.5],
      ['p-0001', '2'],
      ['p-0001', null],
      ['P-0001', 1],
      ['p-1', 1],
      [{ $ne: null }, 1],
      ['p-0001*', 1],
      [undefined, 1],
    ];
    for (const [productId, quantity] of cases) {
      const response = await ada.add(productId, quantity);
      expect(response.status, JSON.stringify([productId, quantity])).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const extra = await ada.add('p-0001', 1).send({ productId: 'p-0001', quantity: 1, price: 0.01 });
    expect(extra.status).toBe(400);
    expect(await redis.exists(cartKey(ada.userId))).toBe(0);
  });

  it('refuses a new product once the cart holds the most lines it may (409 cart_full)', async () => {
    const ada = await customer();
    const limited = buildApp(productService.url, 2);
    const add = (productId: string) => request(limited).post('/cart/items').set(ada.auth).send({ productId, quantity: 1 });
    await add('p-0001').expect(200);
    await add('p-0002').expect(200);
    const third = await add('p-0003');
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('cart_full');
    expect((await add('p-0001')).body.items[0].quantity).toBe(2);
  });
});

describe('stock', () => {
  it('refuses to add a product that is out of stock: 409 out_of_stock naming it, cart unchanged', async () => {
    const ada = await customer();
    catalog.set('p-0003', { ...catalog.get('p-0003')!, stock: 0, available: false });
    const response = await ada.add('p-0003', 1);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: { code: 'out_of_stock', message: 'Product 3 is out of stock', details: { productId: 'p-0003', name: 'Product 3', available: 0 } } });
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({});
    expect(await listened.received()).toContain('ecommerce.cart.add_refused:1|c|#reason:out_of_stock');
  });

  it('refuses more units than are left, counting those already in the cart', async () => {
    const ada = await customer();
    catalog.set('p-0001', { ...catalog.get('p-0001')!, stock: 3 });
    await ada.add('p-0001', 2).expect(200);
    const response = await ada.add('p-0001', 2);
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'out_of_stock', message: 'Only 3 left of Product 1', details: { productId: 'p-0001', available: 3, wanted: 4 } });
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
    expect(await listened.received()).toContain('ecommerce.cart.add_refused:1|c|#reason:not_enough_stock');
    await ada.add('p-0001', 1).expect(200);
  });

  it('refuses to raise a line past the stock with PATCH, and always lets it go down', async () => {
    const ada = await customer();
    catalog.set('p-0001', { ...catalog.get('p-0001')!, stock: 3 });
    await ada.add('p-0001', 2).expect(200);
    const raised = await ada.patch('p-0001', { quantity: 50 });
    expect(raised.status).toBe(409);
    expect(raised.body.error).toMatchObject({ code: 'out_of_stock', message: 'Only 3 left of Product 1', details: { available: 3, wanted: 50 } });
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
    catalog.set('p-0001', { ...catalog.get('p-0001')!, stock: 0, available: false });
    const lowered = await ada.patch('p-0001', { quantity: 1 });
    expect(lowered.status).toBe(200);
  });

  it('adds a product whose stock the catalog does not know yet (checkout still checks)', async () => {
    catalog.set('p-0002', { ...catalog.get('p-0002')!, stock: null, available: true });
    await (await customer()).add('p-0002', 5).expect(200);
  });

  it('tells each line of the cart what is left, so a line that ran out shows before checkout', async () => {
    const ada = await customer();
    await ada.add('p-0001', 2).expect(200);
    catalog.set('p-0001', { ...catalog.get('p-0001')!, stock: 0, available: false });
    const response = await ada.get();
    expect(response.body.items[0]).toMatchObject({ productId: 'p-0001', quantity: 2, stock: 0, available: false });
  });
});

describe('changing and removing items', () => {
  it('sets a quantity with PATCH and removes the line with quantity 0', async () => {
    const ada = await customer();
    await ada.add('p-0001', 5).expect(200);
    await ada.add('p-0002', 1).expect(200);
    const changed = await ada.patch('p-0001', { quantity: 2 });
    expect(changed.status).toBe(200);
    expect(changed.body.items.map((item: { quantity: number }) => item.quantity)).toEqual([2, 1]);
    const removed = await ada.patch('p-0001', { quantity: 0 });
    expect(removed.body.items.map((item: { productId: string }) => item.productId)).toEqual(['p-0002']);
    expect(await listened.received()).toContain('ecommerce.cart.items_removed:2|c|#reason:customer');
  });

  it('answers 404 item_not_in_cart when patching a product that is not in the cart', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    const response = await ada.patch('p-0002', { quantity: 3 });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('item_not_in_cart');
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '1' });
  });

  it('rejects bad PATCH quantities and ids with 400', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    for (const body of [{ quantity: 100 }, { quantity: -1 }, { quantity: 'many' }, {}, { quantity: 1, productId: 'p-0002' }]) {
      const response = await ada.patch('p-0001', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const badId = await ada.patch('%24ne', { quantity: 1 });
    expect(badId.status).toBe(400);
  });

  it('removes an item with DELETE, and removing it again still answers the cart', async () => {
    const ada = await customer();
    await ada.add('p-0001', 4).expect(200);
    await ada.add('p-0003', 1).expect(200);
    const first = await ada.remove('p-0001');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { productId: string }) => item.productId)).toEqual(['p-0003']);
    expect(await listened.received()).toContain('ecommerce.cart.items_removed:4|c|#reason:customer');
    const again = await ada.remove('p-0001');
    expect(again.status).toBe(200);
    expect(again.body.itemCount).toBe(1);
  });

  it('empties the cart with DELETE /cart (204) and deletes the key', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    const response = await ada.clear();
    expect(response.status).toBe(204);
    expect(await redis.exists(cartKey(ada.userId))).toBe(0);
  });

  it('tracks a cart with items as active on each use and stops tracking it at DELETE /cart (checkout)', async () => {
    const ada = await customer();
    await ada.get().expect(200);
    expect(await redis.zscore(ACTIVE_CARTS_KEY, ada.userId)).toBeNull();
    const before = Date.now();
    await ada.add('p-0001', 1).expect(200);
    expect(Number(await redis.zscore(ACTIVE_CARTS_KEY, ada.userId))).toBeGreaterThanOrEqual(before);
    await ada.clear().expect(204);
    expect(await redis.zscore(ACTIVE_CARTS_KEY, ada.userId)).toBeNull();
  });
});

describe('cart lifetime and failures', () => {
  it('refreshes the TTL on every read and write', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    expect(await redis.ttl(cartKey(ada.userId))).toBeGreaterThan(TTL - 5);
    await redis.expire(cartKey(ada.userId), 10);
    await ada.get().expect(200);
    expect(await redis.ttl(cartKey(ada.userId))).toBeGreaterThan(TTL - 5);
    await redis.expire(cartKey(ada.userId), 10);
    await ada.patch('p-0001', { quantity: 3 }).expect(200);
    expect(await redis.ttl(cartKey(ada.userId))).toBeGreaterThan(TTL - 5);
  });

  it('drops products that left the catalog and names them in removedItems', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    await ada.add('p-0002', 2).expect(200);
    catalog.delete('p-0002');
    const response = await ada.get();
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { productId: string }) => item.productId)).toEqual(['p-0001']);
    expect(response.body.removedItems).toEqual(['p-0002']);
    expect(response.body.subtotal).toBe(19.99);
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '1' });
    expect(await listened.received()).toContain('ecommerce.cart.items_removed:2|c|#reason:product_gone');
    const next = await ada.get();
    expect(next.body.removedItems).toBeUndefined();
  });

  it('prices every line with one batched call to the catalog on each read', async () => {
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    await ada.add('p-0002', 1).expect(200);
    await ada.add('p-0003', 1).expect(200);
    productRequests().length = 0;
    await ada.get().expect(200);
    expect([...productRequests()]).toEqual(['/products/batch?ids=p-0001%2Cp-0002%2Cp-0003']);
  });

  it('answers 503 (never 500) when the product service fails, and keeps the cart intact', async () => {
    const ada = await customer();
    await ada.add('p-0001', 2).expect(200);
    productService.state.failing = true;
    const response = await ada.get();
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('upstream_unavailable');
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '2' });
    const adding = await ada.add('p-0002', 1);
    expect(adding.status).toBe(503);
  });

  it('answers 503 when the product service is not running at all', async () => {
    const down = buildApp('http://127.0.0.1:9');
    const ada = await customer();
    await ada.add('p-0001', 1).expect(200);
    const response = await request(down).get('/cart').set(ada.auth);
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'upstream_unavailable', details: { service: 'product' } });
  });
});
