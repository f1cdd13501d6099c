// The cacheOutage fault as the cart service runs it: wired like main.ts with a FaultFlags the test
// switches, on a Redis database of its own and a stand-in product service.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createRedis } from '@shopfast/stores';
import { callerHeaders, listenedMetrics, storeUrls, testCallers } from '@shopfast/test-kit';
import { standInProduct, startProductStandIn, type StandInProduct } from './test-support';
import { wireCart, type CartService } from './wire';

let outage = false;
const faults: FaultFlags = { number: async () => 0, enabled: async (key) => key === 'cacheOutage' && outage };

const listened = listenedMetrics('cart');
// A Redis database of its own (index 6): the running shop uses 0, app.int.test.ts 5.
const redis = createRedis(storeUrls.redis(6), 'cart-test');
const catalog = new Map<string, StandInProduct>([['p-0001', standInProduct('p-0001', 19.99)]]);
let productService: Awaited<ReturnType<typeof startProductStandIn>>;
let app: CartService['app'];

beforeAll(async () => {
  productService = await startProductStandIn(catalog);
  await redis.flushdb();
  const config = {
    PRODUCT_SERVICE_URL: productService.url,
    PRODUCT_TIMEOUT_MS: 500,
    CART_TTL_SECONDS: 3_600,
    CART_MAX_LINES: 5,
    CART_ABANDON_AFTER_SECONDS: 1_800,
    CART_ABANDON_SWEEP_MS: 60_000,
  };
  app = wireCart({ config, logger: pino({ level: 'silent' }), metrics: listened.metrics, callers: testCallers('cart'), redis, faults, peerCalls: { retries: 1 } }).app;
});

afterAll(async () => {
  await redis.flushdb();
  await redis.quit();
  await productService.close();
  await listened.metrics.close();
});

describe('the cacheOutage fault', () => {
  it('answers every cart request 503 cart_unavailable at once, loses nothing, and carts are back when it is off', async () => {
    const auth = await callerHeaders('gateway', 'cart', { userId: randomUUID() });
    expect((await request(app).post('/cart/items').set(auth).send({ productId: 'p-0001', quantity: 2 })).status).toBe(200);

    outage = true;
    try {
      const started = performance.now();
      const answers = [
        await request(app).get('/cart').set(auth),
        await request(app).post('/cart/items').set(auth).send({ productId: 'p-0001', quantity: 1 }),
        await request(app).patch('/cart/items/p-0001').set(auth).send({ quantity: 5 }),
        await request(app).delete('/cart/items/p-0001').set(auth),
        await request(app).delete('/cart').set(auth),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.body.error.code).toBe('cart_unavailable');
      }
      // Clear and fast: no waiting on a Redis that will not answer.
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      outage = false;
    }

    const after = await request(app).get('/cart').set(auth);
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual([expect.objectContaining({ productId: 'p-0001', quantity: 2 })]);
  });
});
