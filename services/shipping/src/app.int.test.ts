import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPublisher, type OrderPlacedData } from '@shopfast/events';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { callerHeaders, freshPostgresDatabase, listenedMetrics, storeUrls, testCallers, waitFor } from '@shopfast/test-kit';
import type { Shipments } from './domain/shipments';
import { migrations } from './store/migrations';
import { wireShipping, type ShippingService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('shipping');
const { metrics } = listened;
// Streams of this test run only: the running stack's services never see these events.
const ordersStream = `test.shipping.orders.${randomUUID()}`;
const shipmentsStream = `test.shipping.shipments.${randomUUID()}`;
const STEP_MS = 300;
let pool: PgPool;
let redis: Redis;
let service: ShippingService;
let shipments: Shipments;
let app: ShippingService['app'];

/**
 * The shipping service as main.ts wires it, on the test database and streams, its consumer polling every
 * 200 ms and its progression ticking every 100 ms once started. `stepDelayMs` and `now` make other
 * instances for the race test.
 */
const shippingService = ({ stepDelayMs = STEP_MS, now }: { stepDelayMs?: number; now?: () => Date } = {}) =>
  wireShipping({
    config: { DD_SERVICE: 'shipping', SHIPMENT_TICK_MS: 100, SHIPMENT_STEP_DELAY_MS: stepDelayMs, EVENTS_CONSUMER_NAME: 'test' },
    logger,
    metrics,
    callers: testCallers('shipping'),
    pool,
    redis,
    streams: { orders: ordersStream, shipments: shipmentsStream },
    consumerTiming: { blockMs: 200, retryDelayMs: 100 },
    now,
  });

const orderPublisher = () => createEventPublisher(redis, { source: 'order' });
const newOrder = (overrides: Partial<OrderPlacedData> = {}): OrderPlacedData => ({
  orderId: randomUUID(),
  userId: randomUUID(),
  email: 'ada@example.test',
  customerName: 'Ada',
  items: [{ productId: 'p1', sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPrice: 20 }],
  total: 20,
  currency: 'USD',
  shippingMethod: 'express',
  shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
  ...overrides,
});

/** shipment.updated events on the test stream for one order, as [status, event id]. */
async function shipmentEvents(orderId: string): Promise<{ status: string; id: string; data: Record<string, string> }[]> {
  const entries = (await redis.xrange(shipmentsStream, '-', '+')) as [string, string[]][];
  return entries
    .map(([, fields]) => Object.fromEntries(fields.flatMap((value, i) => (i % 2 === 0 ? [[value, fields[i + 1]!]] : []))) as Record<string, string>)
    .map((record) => ({ id: record.id!, type: record.type, data: JSON.parse(record.data!) as Record<string, string> }))
    .filter((event) => event.type === 'shipment.updated' && event.data.orderId === orderId)
    .map(({ id, data }) => ({ status: data.status!, id, data }));
}

/** GET /shipments/:orderId as the order service, its one caller. */
const shipmentOf = async (orderId: string) => request(app).get(`/shipments/${orderId}`).set(await callerHeaders('order', 'shipping'));


beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_shipping_integration_test'), 'shipping-test');
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-shipments']);
  redis = new Redis(storeUrls.redis());
  service = shippingService();
  ({ shipments, app } = service);
  // The consumer only: progression starts in its own test, so earlier tests see shipments stay put.
  await service.consumer.start();
});

afterAll(async () => {
  await service?.jobs.stop();
  await metrics.close();
  await redis?.del(ordersStream, shipmentsStream, `${ordersStream}.dead`);
  await redis?.quit();
  await pool?.end();
});

describe('quotes', () => {
  it('quotes standard and express for an address and weight, counted by zone', async () => {
    await listened.reset();
    const response = await request(app).post('/quotes').send({ country: 'DE', postalCode: '10115', weightKg: 1.2 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      quotes: [
        { method: 'standard', amount: 12.99, currency: 'USD', estimatedDays: 7 },
        { method: 'express', amount: 35.99, currency: 'USD', estimatedDays: 3 },
      ],
    });
    expect(await listened.received('ecommerce.shipping.quote_requested')).toEqual(['ecommerce.shipping.quote_requested:1|c|#zone:eu']);
  });

  it('reads country and postal code as checkout does: trimmed, the country upper-cased', async () => {
    const typed = await request(app).post('/quotes').send({ country: ' gb ', postalCode: ' 12345 ', weightKg: 1.2 });
    const canonical = await request(app).post('/quotes').send({ country: 'GB', postalCode: '12345', weightKg: 1.2 });
    expect(typed.status).toBe(200);
    expect(typed.body).toEqual(canonical.body);
  });

  it('rejects bad addresses and weights with 400 validation_failed', async () => {
    const valid = { country: 'US', postalCode: '94103', weightKg: 2 };
    const cases = [
      { ...valid, postalCode: '---' },
      { ...valid, country: 'USA' },
      { ...valid, country: "' OR 1=1 --" },
      { ...valid, country: 12 },
      { ...valid, postalCode: '' },
      { ...valid, postalCode: '   ' },
      { ...valid, postalCode: '12345678901234567' },
      { ...valid, postalCode: '<script>alert(1)</script>' },
      { ...valid, postalCode: "1'; DROP TABLE shipments;--" },
      { ...valid, weightKg: 0 },
      { ...valid, weightKg: -3 },
      { ...valid, weightKg: 1000.5 },
      { ...valid, weightKg: '2' },
      { ...valid, weightKg: null },
      { country: 'US', postalCode: '94103' },
      { ...valid, discount: 100 },
    ];
    for (const body of cases) {
      const response = await request(app).post('/quotes').send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});

describe('shipments from order.placed', () => {
  it('creates a label_created shipment for a placed order and announces it', async () => {
    await listened.reset();
    const order = newOrder({ shippingMethod: 'express' });
    await orderPublisher().publish(ordersStream, 'order.placed', order);

    const events = await waitFor('shipment.updated', async () => ((await shipmentEvents(order.orderId)).length > 0 ? shipmentEvents(order.orderId) : undefined), 5_000);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ orderId: order.orderId, userId: order.userId, email: order.email, status: 'label_created', carrier: 'FedEx', trackingNumber: expect.stringMatching(/^SF\d{10}$/) });

    const response = await shipmentOf(order.orderId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      orderId: order.orderId,
      carrier: 'FedEx',
      trackingNumber: events[0]!.data.trackingNumber,
      status: 'label_created',
      history: [{ status: 'label_created', at: expect.stringMatching(/^\d{4}-/) }],
    });
    expect(await listened.received('ecommerce.shipments.created')).toEqual(['ecommerce.shipments.created:1|c|#method:express,carrier:FedEx']);
    expect(await listened.received('ecommerce.shipments.status_changed')).toEqual(['ecommerce.shipments.status_changed:1|c|#status:label_created']);
  });

  it('creates one shipment per order however often order.placed is delivered', async () => {
    const order = newOrder({ shippingMethod: 'standard' });
    await orderPublisher().publish(ordersStream, 'order.placed', order);
    await orderPublisher().publish(ordersStream, 'order.placed', order);
    await waitFor('both events handled', async () => (Number(((await redis.xpending(ordersStream, 'shipping')) as [number])[0]) === 0 && (await shipmentEvents(order.orderId)).length > 0 ? true : undefined), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await pool.query('SELECT carrier FROM shipments WHERE order_id = $1', [order.orderId]);
    expect(rows).toEqual([{ carrier: 'USPS' }]);
    expect(await shipmentEvents(order.orderId)).toHaveLength(1);
  });

  it('dead-letters an order.placed whose data is unusable, creating nothing', async () => {
    const order = newOrder();
    await orderPublisher().publish(ordersStream, 'order.placed', { ...order, shippingMethod: 'teleport' });
    await waitFor('the dead letter', async () => ((await redis.xlen(`${ordersStream}.dead`)) > 0 ? true : undefined), 5_000);
    const { rows } = await pool.query('SELECT 1 FROM shipments WHERE order_id = $1', [order.orderId]);
    expect(rows).toHaveLength(0);
  });

  it('answers 404 for an order without a shipment and 400 for something that is not an order id', async () => {
    const missing = await shipmentOf(randomUUID());
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('shipment_not_found');
    for (const id of ['1 OR 1=1', 'abc', '%27%20OR%20%271%27=%271']) {
      const response = await shipmentOf(id);
      expect(response.status, id).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});

describe('progression', () => {
  it('never advances a shipment twice when two instances race for it', async () => {
    const order = newOrder();
    // Created in the past, so its next step is already due.
    const past = shippingService({ stepDelayMs: 0, now: () => new Date(Date.now() - 60_000) }).shipments;
    await past.createForOrder(order);
    const instances = [1, 2, 3].map(() => shippingService({ stepDelayMs: 0 }).shipments);

    for (let round = 0; round < 3; round++) await Promise.all(instances.map((instance) => instance.advanceDue()));

    const { body } = await shipmentOf(order.orderId);
    expect(body.history.map((entry: { status: string }) => entry.status)).toEqual(['label_created', 'in_transit', 'delivered']);
    expect((await shipmentEvents(order.orderId)).map((event) => event.status)).toEqual(['label_created', 'in_transit', 'delivered']);
  });

  it('moves a new shipment to in_transit then delivered on the timer, announcing each step', async () => {
    service.progress.start();
    await listened.reset();
    const order = newOrder();
    await orderPublisher().publish(ordersStream, 'order.placed', order);

    const delivered = await waitFor('delivery', async () => {
      const response = await shipmentOf(order.orderId);
      return response.body.status === 'delivered' ? response.body : undefined;
    }, 10_000);
    const [created, inTransit, done] = delivered.history as { status: string; at: string }[];
    expect(delivered.history.map((entry: { status: string }) => entry.status)).toEqual(['label_created', 'in_transit', 'delivered']);
    // Each step waited for the configured delay.
    expect(Date.parse(inTransit!.at) - Date.parse(created!.at)).toBeGreaterThanOrEqual(STEP_MS);
    expect(Date.parse(done!.at) - Date.parse(inTransit!.at)).toBeGreaterThanOrEqual(STEP_MS);

    const events = await shipmentEvents(order.orderId);
    expect(events.map((event) => event.status)).toEqual(['label_created', 'in_transit', 'delivered']);
    expect(new Set(events.map((event) => event.id)).size).toBe(3);
    expect(events.every((event) => event.data.trackingNumber === delivered.trackingNumber)).toBe(true);
    expect(await listened.received('ecommerce.shipments.status_changed')).toEqual([
      'ecommerce.shipments.status_changed:1|c|#status:label_created',
      'ecommerce.shipments.status_changed:1|c|#status:in_transit',
      'ecommerce.shipments.status_changed:1|c|#status:delivered',
    ]);
  });
});

// Last: the progression tests count every status change, and shipments made here would add to them.
describe('who may call', () => {
  it('reads a shipment only with a service token: 401 without one, with forged x-user-id and x-admin headers, or with one meant for another service', async () => {
    const order = newOrder();
    await shipments.createForOrder(order);
    const { trackingNumber } = await shipments.get(order.orderId);
    for (const headers of [{}, { 'x-user-id': order.userId, 'x-admin': 'true' }, await callerHeaders('order', 'payment')]) {
      const refused = await request(app).get(`/shipments/${order.orderId}`).set(headers);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      expect(refused.text).not.toContain(trackingNumber);
    }
    expect((await shipmentOf(order.orderId)).body.trackingNumber).toBe(trackingNumber);
  });

  it('answers 403 to every caller but the order service, the gateway for the order\'s own customer or an administrator included', async () => {
    const order = newOrder();
    await shipments.createForOrder(order);
    const { trackingNumber } = await shipments.get(order.orderId);
    for (const [from, actingFor] of [
      ['gateway', { userId: order.userId }],
      ['gateway', { admin: true }],
      ['notification', {}],
      ['cart', { userId: order.userId }],
    ] as const) {
      const refused = await request(app).get(`/shipments/${order.orderId}`).set(await callerHeaders(from, 'shipping', actingFor));
      expect(refused.status, from).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect(refused.text).not.toContain(trackingNumber);
    }
  });

  it('quotes for anyone, without a token', async () => {
    expect((await request(app).post('/quotes').send({ country: 'US', postalCode: '94103', weightKg: 2 })).status).toBe(200);
  });
});
