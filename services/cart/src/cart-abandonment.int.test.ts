import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { callerHeaders, storeUrls, testCallers } from '@shopfast/test-kit';
import { listenedMetrics } from '@shopfast/test-kit';
import { createActiveCarts, ACTIVE_CARTS_KEY } from './store/active-carts';
import { cartKey } from './store/cart-store';
import { standInProduct, startProductStandIn } from './test-support';
import { wireCart, type CartService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('cart-abandonment');
const { metrics } = listened;
// Database 6, flushed first: app.int.test.ts uses 5 and the running shop 0.
const redis = createRedis(storeUrls.redis(6), 'cart-abandonment-test');
const active = createActiveCarts(redis);
const ABANDON_AFTER_SECONDS = 2;

const prices: Record<string, number> = { 'p-0001': 19.99, 'p-0002': 5.5 };
let productsDown = false;
let productService: Awaited<ReturnType<typeof startProductStandIn>>;
let clock = 1_700_000_000_000;
let app: CartService['app'];

/**
 * The cart service as main.ts wires it, on the test Redis and the stand-in product service (or a port
 * nothing listens on while `productsDown`), with the test's clock; each call is another cart instance.
 */
const cartService = (options: { abandonAfterSeconds?: number; sweepMs?: number; now?: () => number } = {}) =>
  wireCart({
    config: {
      PRODUCT_SERVICE_URL: productsDown ? 'http://127.0.0.1:1' : productService.url,
      PRODUCT_TIMEOUT_MS: 500,
      CART_TTL_SECONDS: 3_600,
      CART_MAX_LINES: 10,
      CART_ABANDON_AFTER_SECONDS: options.abandonAfterSeconds ?? ABANDON_AFTER_SECONDS,
      CART_ABANDON_SWEEP_MS: options.sweepMs ?? 60_000,
    },
    logger,
    metrics,
    callers: testCallers('cart'),
    redis,
    peerCalls: { retries: 0 },
    now: options.now ?? (() => clock),
    abandonBatchSize: 2,
  });
const abandonment = () => cartService().abandonment;
const abandonedLines = () => listened.received('ecommerce.cart.abandoned');

beforeAll(async () => {
  const catalog = new Map(Object.entries(prices).map(([id, price]) => [id, standInProduct(id, price)]));
  productService = await startProductStandIn(catalog);
  await redis.flushdb();
  app = cartService().app;
});

afterAll(async () => {
  await redis.flushdb();
  await redis.quit();
  await productService.close();
  await metrics.close();
});

beforeEach(async () => {
  await redis.del(ACTIVE_CARTS_KEY);
  productsDown = false;
  await listened.reset();
});

/** A customer shopping through the gateway; the order service empties the cart at checkout. */
async function customer() {
  const userId = randomUUID();
  const shopper = await callerHeaders('gateway', 'cart', { userId });
  const order = await callerHeaders('order', 'cart', { userId });
  return {
    userId,
    add: (productId: string, quantity: number) => request(app).post('/cart/items').set(shopper).send({ productId, quantity }).expect(200),
    get: () => request(app).get('/cart').set(shopper).expect(200),
    remove: (productId: string) => request(app).delete(`/cart/items/${productId}`).set(shopper).expect(200),
    checkout: () => request(app).delete('/cart').set(order).expect(204),
  };
}

describe('cart abandonment', () => {
  it('reports a cart with items untouched for the threshold once, with its value by currency', async () => {
    const ada = await customer();
    await ada.add('p-0001', 3);
    await listened.reset();
    expect(await abandonment().sweep(clock + ABANDON_AFTER_SECONDS * 1_000 - 1)).toBe(0);
    expect(await abandonedLines()).toEqual([]);
    expect(await abandonment().sweep(clock + ABANDON_AFTER_SECONDS * 1_000)).toBe(1);
    expect(await abandonedLines()).toEqual(['ecommerce.cart.abandoned:1|c', 'ecommerce.cart.abandoned_value:59.97|d|#currency:USD']);
    expect(await abandonment().sweep(clock + 60_000)).toBe(0);
    expect(await abandonedLines()).toHaveLength(2);
    // Reporting leaves the cart itself alone: the customer may still come back to it.
    expect(await redis.hgetall(cartKey(ada.userId))).toEqual({ 'p-0001': '3' });
  });

  it('does not report a cart that ended in a checkout', async () => {
    const bob = await customer();
    await bob.add('p-0001', 1);
    await bob.checkout();
    expect(await abandonment().sweep(clock + 60_000)).toBe(0);
    expect(await abandonedLines()).toEqual([]);
  });

  it('restarts the idle time whenever the cart is read or changed', async () => {
    const cy = await customer();
    const start = clock;
    await cy.add('p-0001', 1);
    clock = start + 1_500;
    await cy.get();
    expect(await abandonment().sweep(start + ABANDON_AFTER_SECONDS * 1_000)).toBe(0);
    expect(await abandonment().sweep(clock + ABANDON_AFTER_SECONDS * 1_000)).toBe(1);
    clock = start;
  });

  it('does not report a cart the customer emptied', async () => {
    const di = await customer();
    await di.add('p-0002', 2);
    await di.remove('p-0002');
    expect(await abandonment().sweep(clock + 60_000)).toBe(0);
    expect(await abandonedLines()).toEqual([]);
  });

  it('counts each cart once when two cart instances sweep at the same time', async () => {
    const people = await Promise.all(Array.from({ length: 7 }, () => customer()));
    for (const person of people) await person.add('p-0002', 1);
    await listened.reset();
    const counts = await Promise.all([abandonment().sweep(clock + 60_000), abandonment().sweep(clock + 60_000), abandonment().sweep(clock + 60_000)]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(7);
    const lines = await abandonedLines();
    expect(lines.filter((line) => line === 'ecommerce.cart.abandoned:1|c')).toHaveLength(7);
    expect(lines.filter((line) => line === 'ecommerce.cart.abandoned_value:5.5|d|#currency:USD')).toHaveLength(7);
    expect(await redis.zcard(ACTIVE_CARTS_KEY)).toBe(0);
  });

  it('still counts the cart, without a value, when the catalog cannot price it', async () => {
    const ed = await customer();
    await ed.add('p-0001', 1);
    productsDown = true;
    await listened.reset();
    expect(await abandonment().sweep(clock + 60_000)).toBe(1);
    expect(await abandonedLines()).toEqual(['ecommerce.cart.abandoned:1|c']);
  });
});

describe('cart abandonment job', () => {
  it('sweeps on its timer with the real clock and stops cleanly', async () => {
    const fay = await customer();
    await fay.add('p-0001', 1);
    // The cart was last touched "now" by the real clock, so the job has to wait out the threshold.
    await active.touch(fay.userId, Date.now());
    await listened.reset();
    // The service's jobs as main.ts starts them, on the real clock, sweeping every 100 ms.
    const { jobs } = cartService({ abandonAfterSeconds: 1, sweepMs: 100, now: Date.now });
    await jobs.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await abandonedLines()).toEqual([]);
      const deadline = Date.now() + 3_000;
      while ((await abandonedLines()).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await abandonedLines()).toEqual(['ecommerce.cart.abandoned:1|c', 'ecommerce.cart.abandoned_value:19.99|d|#currency:USD']);
    } finally {
      await jobs.stop();
    }
    await active.touch(fay.userId, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.zscore(ACTIVE_CARTS_KEY, fay.userId)).toBe('0');
  });
});
