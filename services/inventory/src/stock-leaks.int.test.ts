import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReservationStatus } from '@shopfast/contracts';
import type { Reservation, ReservationItem } from './model/stock';
import { asOrder, inventoryInstance, type InventoryInstance } from './test-support';

/**
 * Stock never leaks, against the local stack's real FerretDB: a multi-SKU reservation that fails on one
 * SKU gives back every unit it took, even units a slower SKU takes after the failure; and reservations a
 * crash left mid-move (pending, committing, releasing, restocking) are finished by the sweeper, each unit
 * moving exactly once. Crash states are planted with the same store calls the service makes, stopped
 * where a crash would stop them.
 */
const DATABASE = 'shopfast_inventory_leaks_test';
/** Lock waits of 1 s instead of 5 s, so a blocked SKU fails fast. */
const LOCK_WAIT_MS = 1_000;
const STUCK_AFTER_SECONDS = 60;
const LONG_AGO = () => new Date(Date.now() - 10 * 60_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let first: InventoryInstance;
let second: InventoryInstance;

beforeAll(async () => {
  first = await inventoryInstance(DATABASE, { lockWaitMs: LOCK_WAIT_MS, stuckAfterSeconds: STUCK_AFTER_SECONDS });
  await first.mongo.db.dropDatabase();
  await first.reservations.ensureIndexes();
  // A second client, lock and domain on the same database: a second inventory process.
  second = await inventoryInstance(DATABASE, { lockWaitMs: LOCK_WAIT_MS, stuckAfterSeconds: STUCK_AFTER_SECONDS });
});

afterAll(async () => {
  await first?.mongo.db.dropDatabase();
  await first?.close();
  await second?.close();
});

beforeEach(async () => {
  for (const name of ['stock', 'reservations', 'write_locks']) await first.mongo.db.collection(name).deleteMany({});
  await first.listened.reset();
});

/** Fresh SKUs with 10 units each; their names are unique to the test, so their stock.changed events are too. */
async function skus(prefix: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  await first.stock.insertMissing(names.map((sku, i) => ({ sku, productId: `p-${prefix}-${i}`, available: 10 })));
  return names;
}

const level = async (sku: string) => {
  const found = await first.stock.find(sku);
  return { available: found?.available, reserved: found?.reserved };
};
const levels = (names: string[]) => Promise.all(names.map(level));
const reasons = async (sku: string) => (await first.publishedStockEvents()).filter((event) => event.sku === sku).map((event) => event.reason);
const reservationCount = async (outcome: string) => (await first.listened.received('ecommerce.inventory.reservations:')).filter((line) => line.endsWith(`#outcome:${outcome}`)).length;

/** Takes a SKU's write lock the way another process would, for an hour: reservations touching it time out. */
const blockSku = (sku: string) => first.mongo.db.collection<{ _id: string; owner: string; expiresAt: Date }>('write_locks').insertOne({ _id: `stock:${sku}`, owner: 'test-blocker', expiresAt: new Date(Date.now() + 3_600_000) });
const unblockSku = (sku: string) => first.mongo.db.collection<{ _id: string }>('write_locks').deleteOne({ _id: `stock:${sku}` });

const reserveOver = async (app: InventoryInstance['app'], items: ReservationItem[], reservationId = randomUUID()) =>
  request(app).post('/reservations').set(await asOrder()).send({ reservationId, orderId: `o-${reservationId}`, items });
/** POST /reservations/:id/<action> as the order service. */
const step = async (id: string, action: 'commit' | 'release' | 'cancel') => request(first.app).post(`/reservations/${id}/${action}`).set(await asOrder());

/**
 * A reservation as a crash leaves it: the document in `status`, last changed long ago (or `updatedAt`),
 * after `moves` ran, the store calls the service makes (each would be under the SKU's lock; nothing else
 * runs here).
 */
async function plant(status: ReservationStatus, items: ReservationItem[], moves: (id: string) => Promise<unknown>, extra: Partial<Reservation> = {}): Promise<string> {
  const reservationId = randomUUID();
  await moves(reservationId);
  const createdAt = LONG_AGO();
  await first.reservations.insert({
    reservationId,
    orderId: `o-${reservationId}`,
    items,
    status,
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date(Date.now() + 3_600_000),
    stockHolds: true,
    ...extra,
  });
  return reservationId;
}
const takeAll = async (id: string, items: ReservationItem[]) => {
  for (const item of items) expect(await first.stock.reserve(item.sku, item.quantity, id)).not.toBeNull();
};

describe('a multi-SKU reservation that fails on one SKU', () => {
  it('gives back every unit of the other two SKUs when one of three is blocked, including a slow SKU taken after the failure', async () => {
    const [fast, slow, blocked] = await skus('LEAK-BLOCK', 3) as [string, string, string];
    await blockSku(blocked);
    // The slow SKU's lock is busy in this process for 1.8 s: the reservation's move on it queues and
    // takes its units well after the blocked SKU gave up (1 s).
    const slowHolder = first.lock.withLock(`stock:${slow}`, () => sleep(1_800));
    const reservationId = randomUUID();
    const started = Date.now();

    const response = await reserveOver(first.app, [{ sku: fast, quantity: 2 }, { sku: blocked, quantity: 3 }, { sku: slow, quantity: 4 }], reservationId);
    // It answered only once every move had settled, the slow one included.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);
    await slowHolder;

    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('stock_busy');
    expect(await levels([fast, slow, blocked])).toEqual([
      { available: 10, reserved: 0 },
      { available: 10, reserved: 0 },
      { available: 10, reserved: 0 },
    ]);
    // The slow SKU really was taken (after the failure) and given back; the blocked one never moved.
    expect(await reasons(slow)).toEqual(['reserve', 'undo']);
    expect(await reasons(fast)).toEqual(['reserve', 'undo']);
    expect(await reasons(blocked)).toEqual([]);
    expect(await first.stock.heldBy(slow, reservationId)).toBe(0);
    expect(await first.reservations.find(reservationId)).toBeNull();
    expect((await step(reservationId, 'cancel')).status).toBe(404);

    // Nothing is left behind that could block the same reservation once the SKU is free.
    await unblockSku(blocked);
    const again = await reserveOver(first.app, [{ sku: fast, quantity: 2 }, { sku: blocked, quantity: 3 }, { sku: slow, quantity: 4 }], reservationId);
    expect(again.status).toBe(201);
    expect(await levels([fast, blocked, slow])).toEqual([
      { available: 8, reserved: 2 },
      { available: 7, reserved: 3 },
      { available: 6, reserved: 4 },
    ]);
  });

  it('gives back the units taken before a short item, while another SKU of the basket was still being taken', async () => {
    const [fast, slow, short] = await skus('LEAK-SHORT', 3) as [string, string, string];
    const slowHolder = first.lock.withLock(`stock:${slow}`, () => sleep(300));
    const response = await reserveOver(first.app, [{ sku: fast, quantity: 1 }, { sku: short, quantity: 11 }, { sku: slow, quantity: 5 }]);
    await slowHolder;
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'out_of_stock', details: { items: [{ sku: short, requested: 11, available: 10 }] } });
    expect(await levels([fast, slow, short])).toEqual([
      { available: 10, reserved: 0 },
      { available: 10, reserved: 0 },
      { available: 10, reserved: 0 },
    ]);
  });

  it('keeps a reservation whose give-back failed pending with its holds, and the sweeper gives them back once it is stuck', async () => {
    const [taken, blocked] = await skus('LEAK-UNDO', 2) as [string, string];
    await blockSku(blocked);
    const reservationId = randomUUID();
    const answer = reserveOver(first.app, [{ sku: taken, quantity: 3 }, { sku: blocked, quantity: 1 }], reservationId).then((response) => response);
    // Once the first SKU is taken, another process takes its lock too: the give-back cannot run.
    await sleep(400);
    expect(await first.stock.heldBy(taken, reservationId)).toBe(3);
    await blockSku(taken);
    const response = await answer;
    expect(response.status).toBe(503);
    expect((await first.reservations.find(reservationId))?.status).toBe('pending');
    expect(await level(taken)).toEqual({ available: 7, reserved: 3 });

    await unblockSku(taken);
    await unblockSku(blocked);
    // Still young: a process could be mid-move. Old enough: recovered.
    expect(await first.inventory.recoverStuck()).toBe(0);
    expect(await first.inventory.recoverStuck(new Date(Date.now() + (STUCK_AFTER_SECONDS + 1) * 1_000))).toBe(1);
    expect(await level(taken)).toEqual({ available: 10, reserved: 0 });
    expect((await first.reservations.find(reservationId))?.status).toBe('released');
  });
});

describe('the sweeper recovers a reservation a crash left mid-move', () => {
  it('gives back exactly the units a reservation left pending had taken, and releases it', async () => {
    const [moved, notMoved] = await skus('STUCK-PENDING', 2) as [string, string];
    const items = [{ sku: moved, quantity: 2 }, { sku: notMoved, quantity: 3 }];
    const id = await plant('pending', items, (rid) => takeAll(rid, [items[0]!]));
    expect(await levels([moved, notMoved])).toEqual([{ available: 8, reserved: 2 }, { available: 10, reserved: 0 }]);

    expect(await first.inventory.recoverStuck()).toBe(1);

    expect((await first.reservations.find(id))?.status).toBe('released');
    expect(await levels([moved, notMoved])).toEqual([{ available: 10, reserved: 0 }, { available: 10, reserved: 0 }]);
    expect(await reasons(moved)).toEqual(['undo']);
    expect(await reasons(notMoved)).toEqual([]);
    expect(await first.listened.received('ecommerce.inventory.reservations:')).toEqual(['ecommerce.inventory.reservations:1|c|#outcome:recovered']);
  });

  it('rolls a reservation left committing forward: only the items not yet committed are committed', async () => {
    const [committed, held] = await skus('STUCK-COMMITTING', 2) as [string, string];
    const items = [{ sku: committed, quantity: 2 }, { sku: held, quantity: 3 }];
    const id = await plant('committing', items, async (rid) => {
      await takeAll(rid, items);
      await first.stock.commit(committed, 2, rid);
    });
    expect(await levels([committed, held])).toEqual([{ available: 8, reserved: 0 }, { available: 7, reserved: 3 }]);

    expect(await first.inventory.recoverStuck()).toBe(1);

    expect((await first.reservations.find(id))?.status).toBe('committed');
    expect(await levels([committed, held])).toEqual([{ available: 8, reserved: 0 }, { available: 7, reserved: 0 }]);
    expect(await reasons(committed)).toEqual([]);
    expect(await reasons(held)).toEqual(['commit']);
  });

  it('rolls a reservation left releasing forward, announcing the reason it was being released for', async () => {
    const [released, held] = await skus('STUCK-RELEASING', 2) as [string, string];
    const items = [{ sku: released, quantity: 2 }, { sku: held, quantity: 3 }];
    const id = await plant(
      'releasing',
      items,
      async (rid) => {
        await takeAll(rid, items);
        await first.stock.release(released, 2, rid);
      },
      { releaseReason: 'expire' },
    );
    expect(await levels([released, held])).toEqual([{ available: 10, reserved: 0 }, { available: 7, reserved: 3 }]);

    expect(await first.inventory.recoverStuck()).toBe(1);

    expect((await first.reservations.find(id))?.status).toBe('released');
    expect(await levels([released, held])).toEqual([{ available: 10, reserved: 0 }, { available: 10, reserved: 0 }]);
    expect(await reasons(held)).toEqual(['expire']);
  });

  it('rolls a reservation left restocking forward without restocking any item twice, and drops its restock marks', async () => {
    const [restocked, committed] = await skus('STUCK-RESTOCKING', 2) as [string, string];
    const items = [{ sku: restocked, quantity: 2 }, { sku: committed, quantity: 3 }];
    const id = await plant('restocking', items, async (rid) => {
      await takeAll(rid, items);
      for (const item of items) await first.stock.commit(item.sku, item.quantity, rid);
      await first.stock.restock(restocked, 2, rid);
    });
    expect(await levels([restocked, committed])).toEqual([{ available: 10, reserved: 0 }, { available: 7, reserved: 0 }]);

    expect(await first.inventory.recoverStuck()).toBe(1);

    expect((await first.reservations.find(id))?.status).toBe('released');
    expect(await levels([restocked, committed])).toEqual([{ available: 10, reserved: 0 }, { available: 10, reserved: 0 }]);
    expect(await reasons(restocked)).toEqual([]);
    expect(await reasons(committed)).toEqual(['restock']);
    expect(await first.stock.restockedFor(restocked, id)).toBe(false);
    expect(await first.stock.restockedFor(committed, id)).toBe(false);
  });

  it('moves nothing when every move had happened before the crash, or none had', async () => {
    const [a, b] = await skus('STUCK-EDGES', 2) as [string, string];
    const items = [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }];
    const allCommitted = await plant('committing', items, async (rid) => {
      await takeAll(rid, items);
      for (const item of items) await first.stock.commit(item.sku, item.quantity, rid);
    });
    const nothingTaken = await plant('pending', items, async () => undefined);
    const before = await Promise.all([a, b].map((sku) => first.stock.find(sku)));

    expect(await first.inventory.recoverStuck()).toBe(2);

    expect((await first.reservations.find(allCommitted))?.status).toBe('committed');
    expect((await first.reservations.find(nothingTaken))?.status).toBe('released');
    // Same levels and the same versions: not a single write to the stock.
    expect(await Promise.all([a, b].map((sku) => first.stock.find(sku)))).toEqual(before);
  });

  it('changes nothing on a second pass, and leaves a reservation that is mid-move but young alone', async () => {
    const [a, b] = await skus('STUCK-AGAIN', 2) as [string, string];
    const items = [{ sku: a, quantity: 2 }, { sku: b, quantity: 3 }];
    const stuck = await plant('committing', items, async (rid) => {
      await takeAll(rid, items);
      await first.stock.commit(a, 2, rid);
    });
    const young = await plant('pending', [{ sku: a, quantity: 1 }], (rid) => takeAll(rid, [{ sku: a, quantity: 1 }]), { updatedAt: new Date() });
    expect(await first.inventory.recoverStuck()).toBe(1);
    const afterFirst = await Promise.all([a, b].map((sku) => first.stock.find(sku)));

    expect(await first.inventory.recoverStuck()).toBe(0);
    expect(await second.inventory.recoverStuck()).toBe(0);

    expect(await Promise.all([a, b].map((sku) => first.stock.find(sku)))).toEqual(afterFirst);
    expect(afterFirst.map((found) => ({ available: found?.available, reserved: found?.reserved }))).toEqual([{ available: 7, reserved: 1 }, { available: 7, reserved: 0 }]);
    expect((await first.reservations.find(stuck))?.status).toBe('committed');
    expect((await first.reservations.find(young))?.status).toBe('pending');
    expect(await first.stock.heldBy(a, young)).toBe(1);
    expect(await reservationCount('recovered')).toBe(1);
  });

  it('recovers a stuck reservation once when two processes sweep at the same time', async () => {
    const [a, b] = await skus('STUCK-RACE', 2) as [string, string];
    const items = [{ sku: a, quantity: 4 }, { sku: b, quantity: 1 }];
    const id = await plant('releasing', items, (rid) => takeAll(rid, items), { releaseReason: 'release' });

    const counts = await Promise.all([first.inventory.recoverStuck(), second.inventory.recoverStuck(), first.inventory.recoverStuck()]);

    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect((await first.reservations.find(id))?.status).toBe('released');
    expect(await levels([a, b])).toEqual([{ available: 10, reserved: 0 }, { available: 10, reserved: 0 }]);
    expect(await reasons(a)).toEqual(['release']);
  });

  it('leaves stuck reservations from before stock holds alone, and still commits and releases their held units', async () => {
    const [a, b] = await skus('LEGACY', 2) as [string, string];
    // Written by the previous version: no holds on the stock, no stockHolds flag.
    await first.stock.reserve(a, 2);
    await first.stock.reserve(b, 3);
    const base = { orderId: 'o-legacy', expiresAt: new Date(Date.now() + 3_600_000), createdAt: LONG_AGO(), updatedAt: LONG_AGO(), stockHolds: false };
    await first.reservations.insert({ ...base, reservationId: 'legacy-held-a', items: [{ sku: a, quantity: 2 }], status: 'held' });
    await first.reservations.insert({ ...base, reservationId: 'legacy-held-b', items: [{ sku: b, quantity: 3 }], status: 'held' });
    await first.reservations.insert({ ...base, reservationId: 'legacy-stuck', items: [{ sku: a, quantity: 1 }], status: 'committing' });

    expect(await first.inventory.recoverStuck()).toBe(0);
    expect((await first.reservations.find('legacy-stuck'))?.status).toBe('committing');

    expect((await step('legacy-held-a', 'commit')).body.status).toBe('committed');
    expect((await step('legacy-held-b', 'release')).body.status).toBe('released');
    expect(await levels([a, b])).toEqual([{ available: 8, reserved: 0 }, { available: 10, reserved: 0 }]);
  });
});

describe('cancel of a reservation a crash left mid-move', () => {
  it('answers as documented after the sweeper recovered it: released, with every unit back on sale once', async () => {
    const names = await skus('CANCEL-AFTER', 4);
    const [p, c, r, s] = names as [string, string, string, string];
    const pending = await plant('pending', [{ sku: p, quantity: 2 }], (rid) => takeAll(rid, [{ sku: p, quantity: 2 }]));
    const committing = await plant('committing', [{ sku: c, quantity: 3 }], (rid) => takeAll(rid, [{ sku: c, quantity: 3 }]));
    const releasing = await plant('releasing', [{ sku: r, quantity: 1 }], (rid) => takeAll(rid, [{ sku: r, quantity: 1 }]), { releaseReason: 'cancel' });
    const restocking = await plant('restocking', [{ sku: s, quantity: 4 }], async (rid) => {
      await takeAll(rid, [{ sku: s, quantity: 4 }]);
      await first.stock.commit(s, 4, rid);
    });
    expect(await first.inventory.recoverStuck()).toBe(4);

    for (const id of [pending, committing, releasing, restocking]) {
      const cancelled = await step(id, 'cancel');
      expect(cancelled.status, id).toBe(200);
      expect(cancelled.body).toEqual({ reservationId: id, status: 'released' });
    }
    // The committed units came back on sale through the cancel; nothing was put back twice.
    expect(await levels(names)).toEqual(names.map(() => ({ available: 10, reserved: 0 })));
    expect(await reasons(c)).toEqual(['commit', 'restock']);
    expect(await reasons(s)).toEqual(['restock']);
    const commit = await step(pending, 'commit');
    expect(commit.status).toBe(409);
    expect(commit.body.error.code).toBe('reservation_released');
  });

  it('recovers a stuck reservation itself instead of answering 409 forever, while a young one still answers 409 reservation_pending', async () => {
    const [a, b] = await skus('CANCEL-INLINE', 2) as [string, string];
    const stuck = await plant('committing', [{ sku: a, quantity: 3 }], (rid) => takeAll(rid, [{ sku: a, quantity: 3 }]));
    const young = await plant('committing', [{ sku: b, quantity: 2 }], (rid) => takeAll(rid, [{ sku: b, quantity: 2 }]), { updatedAt: new Date() });

    const cancelled = await step(stuck, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('released');
    expect(await level(a)).toEqual({ available: 10, reserved: 0 });
    expect(await reservationCount('recovered')).toBe(1);
    expect(await reservationCount('cancelled')).toBe(1);

    const refused = await step(young, 'cancel');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('reservation_pending');
    expect(await level(b)).toEqual({ available: 8, reserved: 2 });
  });
});
