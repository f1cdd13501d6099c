import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerHeaders } from '@shopfast/test-kit';
import { asAdmin, asOrder, inventoryInstance, type InventoryInstance } from './test-support';

const DATABASE = 'shopfast_inventory_integration_test';
const CATALOG_SIZE = 230;
let inst: InventoryInstance;
let productServer: Server;
let productRequests: string[] = [];
/** The stand-in product service answers 503 this many times before it starts serving pages. */
let productFailuresLeft = 2;
let seeder: InventoryInstance['seeder'];
let app: InventoryInstance['app'];

/** A real HTTP server playing the product service's GET /products?page=&limit=. */
beforeAll(async () => {
  productServer = createServer((req, res) => {
    productRequests.push(req.url ?? '');
    if (productFailuresLeft-- > 0) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"not_ready","message":"starting"}}');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const page = Number(url.searchParams.get('page'));
    const limit = Number(url.searchParams.get('limit'));
    const ids = Array.from({ length: CATALOG_SIZE }, (_, i) => i + 1).slice((page - 1) * limit, page * limit);
    const items = ids.map((n) => ({ id: `p-${String(n).padStart(4, '0')}`, sku: `SKU-TST-${String(n).padStart(4, '0')}` }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, total: CATALOG_SIZE, page, limit }));
  });
  await new Promise<void>((resolve) => productServer.listen(0, '127.0.0.1', resolve));
  const productUrl = `http://127.0.0.1:${(productServer.address() as AddressInfo).port}`;
  inst = await inventoryInstance(DATABASE, { productUrl, seedRetryMs: 50, sweepIntervalMs: 100 });
  await inst.mongo.db.dropDatabase();
  seeder = inst.seeder;
  app = inst.app;
});

afterAll(async () => {
  seeder?.stop();
  await inst?.mongo.db.dropDatabase();
  await inst?.close();
  await new Promise<void>((resolve) => productServer.close(() => resolve()));
});

const reserve = async (body: Record<string, unknown>) => request(app).post('/reservations').set(await asOrder()).send(body);
/** POST /reservations/:id/<action> as the order service, the one caller of the reservation routes. */
const step = async (id: string, action: 'commit' | 'release' | 'cancel') => request(app).post(`/reservations/${id}/${action}`).set(await asOrder());
/** PUT /admin/stock/:sku as the gateway for an administrator. */
const setStock = async (sku: string, body: unknown) => request(app).put(`/admin/stock/${sku}`).set(await asAdmin()).send(body as object);
const basket = (items: Array<{ sku: string; quantity: number }>, extra: Record<string, unknown> = {}) => {
  const reservationId = randomUUID();
  return { reservationId, orderId: `order-${reservationId.slice(0, 8)}`, items, ...extra };
};
const stockOf = async (sku: string) => (await request(app).get(`/stock/${sku}`)).body as { available: number; reserved: number; version: number };

describe('seeding stock from the product catalog', () => {
  it('is not ready until stock is seeded, retrying while the product service is unavailable', async () => {
    expect((await request(app).get('/readyz')).status).toBe(503);
    seeder.start();
    const deadline = Date.now() + 10_000;
    while (!seeder.isSeeded() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.stock.status).toBe('ok');
    // Two 503s (retried), then pages of 100 until the total is covered.
    expect(productRequests.filter((url) => url.includes('page=1&limit=100')).length).toBeGreaterThanOrEqual(2);
    expect(productRequests).toContain('/products?page=3&limit=100');
    expect(productRequests).not.toContain('/products?page=4&limit=100');
  });

  it('gives every SKU a deterministic stock of at least 20 units', async () => {
    expect(await inst.stock.count()).toBe(CATALOG_SIZE);
    expect(await stockOf('SKU-TST-0001')).toEqual({ sku: 'SKU-TST-0001', productId: 'p-0001', available: 20, reserved: 0, version: 1 });
    expect((await stockOf('SKU-TST-0082')).available).toBe(20 + (81 % 81));
    expect((await stockOf('SKU-TST-0081')).available).toBe(100);
    const lowest = await inst.mongo.db.collection('stock').find({ available: { $lt: 20 } }).toArray();
    expect(lowest).toHaveLength(0);
  });

  it('does not seed again when stock exists', async () => {
    productRequests = [];
    expect(await seeder.seedOnce()).toBe(0);
    expect(productRequests).toHaveLength(0);
  });
});

describe('stock', () => {
  it('answers 404 for an unknown SKU and 400 for an injection-shaped one', async () => {
    const missing = await request(app).get('/stock/SKU-NOPE-1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('sku_not_found');
    for (const sku of ['%7B%22%24gt%22%3A%22%22%7D', "SKU'%20OR%201=1", 'a'.repeat(65)]) {
      const response = await request(app).get(`/stock/${sku}`);
      expect(response.status, sku).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });

  it('lets an administrator set the available quantity, within bounds', async () => {
    for (const body of [{ available: -1 }, { available: 1.5 }, { available: '5' }, { available: 1_000_001 }, { available: { $inc: 5 } }, {}, { available: 5, reserved: 0 }]) {
      const response = await setStock('SKU-TST-0002', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await setStock('SKU-NOPE-1', { available: 5 });
    expect(unknown.status).toBe(404);
    const done = await setStock('SKU-TST-0002', { available: 0 });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ sku: 'SKU-TST-0002', productId: 'p-0002', available: 0, reserved: 0, version: 2 });
  });

  it('lists every SKU\'s level and version a page at a time, for the catalog to reconcile with', async () => {
    const first = await request(app).get('/stock?page=1&limit=100');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: CATALOG_SIZE, page: 1, limit: 100 });
    expect(first.body.items).toHaveLength(100);
    expect(first.body.items[0]).toEqual({ sku: 'SKU-TST-0001', productId: 'p-0001', available: 20, reserved: 0, version: 1 });
    const last = await request(app).get('/stock?page=3&limit=100');
    expect(last.body.items).toHaveLength(CATALOG_SIZE - 200);
    for (const query of ['page=0', 'limit=501', 'limit=abc', 'page=1&sku[$ne]=x']) {
      expect((await request(app).get(`/stock?${query}`)).status, query).toBe(400);
    }
  });
});

describe('stock.changed events', () => {
  const eventsFor = async (sku: string) => (await inst.publishedStockEvents()).filter((event) => event.sku === sku);

  it('seeds at version 1 without announcing it: the catalog learns seeded levels by reconciling, not from a burst of events', async () => {
    expect((await inst.publishedStockEvents()).filter((event) => (event.reason as string) === 'seed')).toEqual([]);
    expect((await request(app).get('/stock/SKU-TST-0081')).body).toMatchObject({ sku: 'SKU-TST-0081', productId: 'p-0081', available: 100, reserved: 0, version: 1 });
  });

  it('announces each change of a SKU with its whole new level and a growing version: reserve, commit, admin set', async () => {
    const body = basket([{ sku: 'SKU-TST-0060', quantity: 3 }]);
    await reserve(body);
    await step(body.reservationId, 'commit');
    await setStock('SKU-TST-0060', { available: 0 });
    const events = await eventsFor('SKU-TST-0060');
    expect(events.map(({ reason, available, reserved, version }) => ({ reason, available, reserved, version }))).toEqual([
      { reason: 'reserve', available: 76, reserved: 3, version: 2 },
      { reason: 'commit', available: 76, reserved: 0, version: 3 },
      { reason: 'admin_set', available: 0, reserved: 0, version: 4 },
    ]);
  });

  it('announces a release, a cancel that restocks, and the undo of a reservation that failed on another item', async () => {
    const released = basket([{ sku: 'SKU-TST-0061', quantity: 2 }]);
    await reserve(released);
    await step(released.reservationId, 'release');
    const cancelled = basket([{ sku: 'SKU-TST-0062', quantity: 1 }]);
    await reserve(cancelled);
    await step(cancelled.reservationId, 'commit');
    await step(cancelled.reservationId, 'cancel');
    const failing = await reserve(basket([{ sku: 'SKU-TST-0063', quantity: 1 }, { sku: 'SKU-TST-0002', quantity: 1 }]));
    expect(failing.status).toBe(409);
    expect((await eventsFor('SKU-TST-0061')).map((event) => event.reason)).toEqual(['reserve', 'release']);
    expect((await eventsFor('SKU-TST-0062')).map((event) => event.reason)).toEqual(['reserve', 'commit', 'restock']);
    const undone = await eventsFor('SKU-TST-0063');
    expect(undone.map((event) => event.reason)).toEqual(['reserve', 'undo']);
    expect(undone.at(-1)).toMatchObject({ available: 82, reserved: 0, version: 3 });
  });

  it('carries a deterministic event id per SKU and version, so a republished change is the same event', async () => {
    const entries = (await inst.redis.xrange(inst.stream, '-', '+')) as Array<[string, string[]]>;
    const ids = entries.map(([, fields]) => fields[fields.indexOf('id') + 1]);
    expect(new Set(ids).size).toBe(ids.length);
    const { deterministicEventId } = await import('@shopfast/events');
    const first = entries.find(([, fields]) => fields.includes('stock.changed'))!;
    const data = JSON.parse(first[1][first[1].indexOf('data') + 1]!) as { sku: string; version: number };
    expect(first[1][first[1].indexOf('id') + 1]).toBe(deterministicEventId('stock.changed', data.sku, String(data.version)));
  });
});

describe('reservations', () => {
  it('holds the units of every item and says until when', async () => {
    await inst.listened.reset();
    const body = basket([{ sku: 'SKU-TST-0010', quantity: 2 }, { sku: 'SKU-TST-0011', quantity: 1 }], { ttlSeconds: 60 });
    const before = Date.now();
    const response = await reserve(body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ reservationId: body.reservationId, status: 'held', items: body.items });
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 59_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(await stockOf('SKU-TST-0010')).toMatchObject({ available: 27, reserved: 2 });
    expect(await stockOf('SKU-TST-0011')).toMatchObject({ available: 29, reserved: 1 });
    expect(await inst.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:held']);
  });

  it('returns the same reservation for a repeated reservationId without taking units twice', async () => {
    const body = basket([{ sku: 'SKU-TST-0012', quantity: 3 }]);
    const first = await reserve(body);
    const again = await reserve(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await stockOf('SKU-TST-0012')).toMatchObject({ available: 28, reserved: 3 });
  });

  it('adds up the quantities of a SKU listed twice', async () => {
    const response = await reserve(basket([{ sku: 'SKU-TST-0013', quantity: 1 }, { sku: 'SKU-TST-0013', quantity: 2 }]));
    expect(response.body.items).toEqual([{ sku: 'SKU-TST-0013', quantity: 3 }]);
    expect(await stockOf('SKU-TST-0013')).toMatchObject({ available: 29, reserved: 3 });
  });

  it('reserves nothing and lists every short item when some items lack stock', async () => {
    await inst.listened.reset();
    const body = basket([
      { sku: 'SKU-TST-0020', quantity: 5 },
      { sku: 'SKU-TST-0002', quantity: 1 },
      { sku: 'SKU-TST-0021', quantity: 500 },
      { sku: 'SKU-NOPE-9', quantity: 1 },
    ]);
    const response = await reserve(body);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('out_of_stock');
    expect(response.body.error.details).toEqual({
      items: [
        { sku: 'SKU-NOPE-9', requested: 1, available: 0 },
        { sku: 'SKU-TST-0002', requested: 1, available: 0 },
        { sku: 'SKU-TST-0021', requested: 500, available: 40 },
      ],
    });
    expect(await stockOf('SKU-TST-0020')).toMatchObject({ available: 39, reserved: 0 });
    expect(await inst.reservations.find(body.reservationId)).toBeNull();
    expect(await inst.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:rejected']);
    expect(await inst.listened.received('ecommerce.inventory.stockout:')).toEqual(['ecommerce.inventory.stockout:3|c']);
  });

  it('rejects malformed reservations with 400 and reserves nothing', async () => {
    const sku = 'SKU-TST-0030';
    const cases = [
      basket([{ sku, quantity: 0 }]),
      basket([{ sku, quantity: -3 }]),
      basket([{ sku, quantity: 1.5 }]),
      basket([{ sku, quantity: '2' as unknown as number }]),
      basket([]),
      basket([{ sku: { $gt: '' } as unknown as string, quantity: 1 }]),
      basket([{ sku, quantity: 1 }], { reservationId: { $ne: null } }),
      basket([{ sku, quantity: 1 }], { ttlSeconds: -5 }),
      basket([{ sku, quantity: 1 }], { status: 'committed' }),
      { items: [{ sku, quantity: 1 }] },
    ];
    for (const body of cases) {
      const response = await reserve(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect(await stockOf(sku)).toMatchObject({ available: 49, reserved: 0 });
  });
});

describe('commit and release', () => {
  it('commits once: units leave reserved for good, a repeat changes nothing, a release is refused', async () => {
    const body = basket([{ sku: 'SKU-TST-0040', quantity: 4 }]);
    await reserve(body);
    await inst.listened.reset();
    const committed = await step(body.reservationId, 'commit');
    expect(committed.status).toBe(200);
    expect(committed.body).toEqual({ reservationId: body.reservationId, status: 'committed' });
    expect((await step(body.reservationId, 'commit')).status).toBe(200);
    expect(await stockOf('SKU-TST-0040')).toMatchObject({ available: 55, reserved: 0 });
    const release = await step(body.reservationId, 'release');
    expect(release.status).toBe(409);
    expect(release.body.error.code).toBe('reservation_committed');
    expect(await stockOf('SKU-TST-0040')).toMatchObject({ available: 55, reserved: 0 });
    expect(await inst.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:committed']);
  });

  it('releases once: units go back on sale, a repeat changes nothing, a commit is refused', async () => {
    const body = basket([{ sku: 'SKU-TST-0041', quantity: 4 }]);
    await reserve(body);
    const released = await step(body.reservationId, 'release');
    expect(released.body).toEqual({ reservationId: body.reservationId, status: 'released' });
    expect((await step(body.reservationId, 'release')).status).toBe(200);
    expect(await stockOf('SKU-TST-0041')).toMatchObject({ available: 60, reserved: 0 });
    const commit = await step(body.reservationId, 'commit');
    expect(commit.status).toBe(409);
    expect(commit.body.error.code).toBe('reservation_released');
  });

  it('cancels a committed reservation for a failed order: its units come back on sale, once', async () => {
    const before = await stockOf('SKU-TST-0042');
    const body = basket([{ sku: 'SKU-TST-0042', quantity: 3 }]);
    await reserve(body);
    expect((await step(body.reservationId, 'commit')).status).toBe(200);
    expect(await stockOf('SKU-TST-0042')).toMatchObject({ available: before.available - 3, reserved: 0 });
    await inst.listened.reset();
    const cancelled = await step(body.reservationId, 'cancel');
    expect(cancelled.body).toEqual({ reservationId: body.reservationId, status: 'released' });
    expect((await step(body.reservationId, 'cancel')).status).toBe(200);
    expect(await stockOf('SKU-TST-0042')).toMatchObject({ available: before.available, reserved: 0 });
    expect(await inst.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:cancelled']);
  });

  it('cancels a held reservation like a release, and answers 404 for an unknown one', async () => {
    const before = await stockOf('SKU-TST-0043');
    const body = basket([{ sku: 'SKU-TST-0043', quantity: 2 }]);
    await reserve(body);
    expect((await step(body.reservationId, 'cancel')).body.status).toBe('released');
    expect(await stockOf('SKU-TST-0043')).toMatchObject({ available: before.available, reserved: 0 });
    expect((await step(randomUUID(), 'cancel')).status).toBe(404);
  });

  it('answers 404 for an unknown reservation and 400 for a malformed id', async () => {
    const missing = await step(randomUUID(), 'commit');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('reservation_not_found');
    expect((await step('%24where%3A1', 'release')).status).toBe(400);
  });
});

describe('expiry', () => {
  it('releases held reservations past their expiry on the sweeper timer and counts them as expired', async () => {
    const expiring = basket([{ sku: 'SKU-TST-0050', quantity: 2 }], { ttlSeconds: 1 });
    const lasting = basket([{ sku: 'SKU-TST-0050', quantity: 1 }], { ttlSeconds: 600 });
    await reserve(expiring);
    await reserve(lasting);
    expect(await stockOf('SKU-TST-0050')).toMatchObject({ available: 66, reserved: 3 });
    await inst.listened.reset();
    // The service's jobs as main.ts starts them: the sweeper runs every 100 ms here.
    await inst.jobs.start();
    try {
      const deadline = Date.now() + 5_000;
      while ((await inst.reservations.find(expiring.reservationId))?.status !== 'released' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await inst.jobs.stop();
    }
    expect((await inst.reservations.find(expiring.reservationId))?.status).toBe('released');
    expect((await inst.reservations.find(lasting.reservationId))?.status).toBe('held');
    expect(await stockOf('SKU-TST-0050')).toMatchObject({ available: 68, reserved: 1 });
    expect(await inst.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:expired']);
  });
});

describe('who may call', () => {
  const forged = { 'x-user-id': randomUUID(), 'x-admin': 'true' };
  const actions = ['commit', 'release', 'cancel'] as const;

  it('serves stock reads to anyone, without a token', async () => {
    expect((await request(app).get('/stock/SKU-TST-0074')).status).toBe(200);
    expect((await request(app).get('/stock?page=1&limit=5')).status).toBe(200);
  });

  it('refuses a reservation without a service token with 401, forged x-user-id and x-admin headers or not, and holds nothing', async () => {
    const before = await stockOf('SKU-TST-0070');
    const body = basket([{ sku: 'SKU-TST-0070', quantity: 2 }]);
    for (const headers of [{}, forged, { authorization: 'Bearer not-a-token' }]) {
      const refused = await request(app).post('/reservations').set(headers).send(body);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
    }
    expect(await inst.reservations.find(body.reservationId)).toBeNull();
    expect(await stockOf('SKU-TST-0070')).toEqual(before);
    // The same request from the order service holds the units: the refusals were about the caller.
    expect((await reserve(body)).status).toBe(201);
    expect(await stockOf('SKU-TST-0070')).toMatchObject({ available: before.available - 2, reserved: 2 });
  });

  it('refuses commit, release and cancel without a service token (401): the reservation stays held, its units reserved', async () => {
    const body = basket([{ sku: 'SKU-TST-0071', quantity: 3 }]);
    expect((await reserve(body)).status).toBe(201);
    const held = await stockOf('SKU-TST-0071');
    for (const action of actions) {
      for (const headers of [{}, forged]) {
        expect((await request(app).post(`/reservations/${body.reservationId}/${action}`).set(headers)).status, action).toBe(401);
      }
    }
    expect((await inst.reservations.find(body.reservationId))?.status).toBe('held');
    expect(await stockOf('SKU-TST-0071')).toEqual(held);
  });

  it('answers 403 to every valid caller but the order service on the reservation routes, the gateway for an administrator included', async () => {
    const held = basket([{ sku: 'SKU-TST-0072', quantity: 1 }]);
    expect((await reserve(held)).status).toBe(201);
    const before = await stockOf('SKU-TST-0072');
    const attempt = basket([{ sku: 'SKU-TST-0072', quantity: 1 }]);
    for (const [from, actingFor] of [
      ['cart', { userId: randomUUID() }],
      ['gateway', { userId: randomUUID(), admin: true }],
      ['product', {}],
      ['payment', {}],
    ] as const) {
      const headers = await callerHeaders(from, 'inventory', actingFor);
      const reserved = await request(app).post('/reservations').set(headers).send(attempt);
      expect(reserved.status, from).toBe(403);
      expect(reserved.body.error.code).toBe('forbidden');
      for (const action of actions) {
        expect((await request(app).post(`/reservations/${held.reservationId}/${action}`).set(headers)).status, `${from} ${action}`).toBe(403);
      }
    }
    expect(await inst.reservations.find(attempt.reservationId)).toBeNull();
    expect((await inst.reservations.find(held.reservationId))?.status).toBe('held');
    expect(await stockOf('SKU-TST-0072')).toEqual(before);
  });

  it('lets only the gateway set stock, for an administrator: 401 without a token or with x-admin alone, 403 without admin or from another app', async () => {
    const before = await stockOf('SKU-TST-0073');
    const put = (headers: Record<string, string>) => request(app).put('/admin/stock/SKU-TST-0073').set(headers).send({ available: 3 });
    const unverified: Array<Record<string, string>> = [{}, { 'x-admin': 'true' }, forged, await callerHeaders('gateway', 'product', { admin: true })];
    for (const headers of unverified) {
      const refused = await put(headers);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
    }
    for (const headers of [
      await callerHeaders('gateway', 'inventory'),
      await callerHeaders('gateway', 'inventory', { userId: randomUUID() }),
      await callerHeaders('order', 'inventory', { admin: true }),
      await callerHeaders('product', 'inventory', { admin: true }),
    ]) {
      const refused = await put(headers);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect(await stockOf('SKU-TST-0073')).toEqual(before);
    expect((await setStock('SKU-TST-0073', { available: 3 })).status).toBe(200);
    expect(await stockOf('SKU-TST-0073')).toMatchObject({ available: 3, version: before.version + 1 });
  });
});
