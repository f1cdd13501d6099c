import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asAdmin, asOrder, inventoryInstance, type InventoryInstance } from './test-support';

/**
 * Races against the local stack's real FerretDB. FerretDB 1.24 (SQLite) applies updates as
 * read, modify in Go, write back by _id, so these pass only because of the per-SKU write lock.
 * Without it the same test measured 40 "successful" reservations on a stock of 10.
 */
const DATABASE = 'shopfast_inventory_concurrency_test';
let first: InventoryInstance;
let second: InventoryInstance;

beforeAll(async () => {
  first = await inventoryInstance(DATABASE);
  await first.mongo.db.dropDatabase();
  // A second client, lock and app on the same database: a second inventory process.
  second = await inventoryInstance(DATABASE);
});

afterAll(async () => {
  await first?.mongo.db.dropDatabase();
  await first?.close();
  await second?.close();
});

beforeEach(async () => {
  await first.mongo.db.collection('stock').deleteMany({});
  await first.mongo.db.collection('reservations').deleteMany({});
  await first.stock.insertMissing([
    { sku: 'SKU-HOT-1', productId: 'p-0001', available: 50 },
    { sku: 'SKU-A', productId: 'p-0002', available: 10 },
    { sku: 'SKU-B', productId: 'p-0003', available: 6 },
  ]);
});

const reserve = async (app: InventoryInstance['app'], items: Array<{ sku: string; quantity: number }>, reservationId = randomUUID()) =>
  request(app).post('/reservations').set(await asOrder()).send({ reservationId, orderId: `o-${reservationId}`, items });

describe('concurrent reservations never oversell', () => {
  it('lets exactly 10 of 40 parallel one-unit checkouts through a stock of 10, leaving 0 available', async () => {
    const admin = await request(first.app).put('/admin/stock/SKU-HOT-1').set(await asAdmin()).send({ available: 10 });
    expect(admin.body).toMatchObject({ available: 10, reserved: 0 });

    const responses = await Promise.all(Array.from({ length: 40 }, () => reserve(first.app, [{ sku: 'SKU-HOT-1', quantity: 1 }])));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(10);
    const rejected = responses.filter((r) => r.status === 409);
    expect(rejected).toHaveLength(30);
    expect(rejected.every((r) => r.body.error.code === 'out_of_stock')).toBe(true);
    expect(await first.stock.find('SKU-HOT-1')).toMatchObject({ available: 0, reserved: 10 });
  });

  it('stays exact when two inventory processes share the database', async () => {
    await first.inventory.setAvailable('SKU-HOT-1', 10);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => reserve(i % 2 === 0 ? first.app : second.app, [{ sku: 'SKU-HOT-1', quantity: 1 }])),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(10);
    expect(await first.stock.find('SKU-HOT-1')).toMatchObject({ available: 0, reserved: 10 });
  });

  it('keeps multi-item reservations all-or-nothing while they race, in any item order', async () => {
    // 30 baskets of one A and one B (listed in both orders): B (6 units) is the limit, A must not leak.
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        reserve(
          i % 2 === 0 ? first.app : second.app,
          i % 3 === 0
            ? [
                { sku: 'SKU-B', quantity: 1 },
                { sku: 'SKU-A', quantity: 1 },
              ]
            : [
                { sku: 'SKU-A', quantity: 1 },
                { sku: 'SKU-B', quantity: 1 },
              ],
        ),
      ),
    );
    // Units briefly held by a basket that then rolls back can turn another basket away, so under a race
    // at most 6 get through; what must hold is that no unit leaks and every held basket has both items.
    const held = responses.filter((r) => r.status === 201).length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(6);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(30 - held);
    expect(await first.stock.find('SKU-A')).toMatchObject({ available: 10 - held, reserved: held });
    expect(await first.stock.find('SKU-B')).toMatchObject({ available: 6 - held, reserved: held });
    expect(await first.mongo.db.collection('reservations').countDocuments({ status: 'held' })).toBe(held);
    expect(await first.mongo.db.collection('reservations').countDocuments({ status: { $ne: 'held' } })).toBe(0);

    // Afterwards, baskets fit exactly until B runs out: 6 in all.
    let more = 0;
    while ((await reserve(first.app, [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-B', quantity: 1 }])).status === 201) more++;
    expect(held + more).toBe(6);
    expect(await first.stock.find('SKU-A')).toMatchObject({ available: 4, reserved: 6 });
    expect(await first.stock.find('SKU-B')).toMatchObject({ available: 0, reserved: 6 });
  });

  it('takes the units once when the same reservationId arrives 10 times at once', async () => {
    const reservationId = randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => reserve(i % 2 ? first.app : second.app, [{ sku: 'SKU-A', quantity: 3 }], reservationId)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.expiresAt)).size).toBe(1);
    expect(await first.stock.find('SKU-A')).toMatchObject({ available: 7, reserved: 3 });
  });
});

describe('concurrent commit and release of one reservation', () => {
  it('moves stock exactly once when 20 commits and releases race', async () => {
    const reservationId = randomUUID();
    expect((await reserve(first.app, [{ sku: 'SKU-A', quantity: 4 }], reservationId)).status).toBe(201);
    const headers = await asOrder();
    const calls = Array.from({ length: 20 }, (_, i) =>
      request(i % 2 ? first.app : second.app).post(`/reservations/${reservationId}/${i % 4 < 2 ? 'commit' : 'release'}`).set(headers),
    );
    const responses = await Promise.all(calls);
    const final = await first.reservations.find(reservationId);
    const stock = await first.stock.find('SKU-A');
    expect(['committed', 'released']).toContain(final?.status);
    if (final?.status === 'committed') {
      expect(stock).toMatchObject({ available: 6, reserved: 0 });
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'reservation_committed')).toBe(true);
    } else {
      expect(stock).toMatchObject({ available: 10, reserved: 0 });
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'reservation_released')).toBe(true);
    }
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(responses.filter((r) => r.status === 200).every((r) => r.body.status === final?.status)).toBe(true);
  });
});
