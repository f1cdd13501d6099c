// Stock never leaks, against the running inventory service and its FerretDB: a reservation of three SKUs
// whose third SKU is blocked (another process holds its write lock) fails and gives back every unit of
// the other two; and reservations left by a crash in each mid-move state (pending, committing, releasing,
// restocking) are finished by the inventory sweeper, after which cancel answers and stock reconciles.
// Crash states are planted directly in shopfast_inventory, in the shape the service writes them (under
// each SKU's write lock, as another process would), on quiet SKUs whose levels are restored afterwards.
import { randomUUID } from 'node:crypto';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastMetricSeq, stackCallerHeaders, storeUrls, waitFor, waitForMetric } from '@shopfast/test-kit';
import { internal, stockOf } from './shop-client';

interface Item {
  sku: string;
  quantity: number;
}
interface Level {
  sku: string;
  available: number;
  reserved: number;
}
interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const OWNER = `e2e-stock-leaks-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The database of the inventory service at `internal.inventory` (overridable, like its URL, to target another instance). */
const mongo = new MongoClient(storeUrls.mongo(process.env.SHOPFAST_INVENTORY_DATABASE ?? 'shopfast_inventory'));
let stock: Collection<Document>;
let reservations: Collection<Document>;
let locks: Collection<LockDocument>;
/** Levels before the test touched each SKU, restored in afterAll whatever happened. */
const baseline = new Map<string, { available: number; reserved: number }>();
const planted: string[] = [];
let quietSkus: string[] = [];

/** Marks on a SKU's stock document, as services/inventory/src/store/stock-store.ts names them. */
const holdPath = (reservationId: string) => `holds.r_${reservationId}`;
const restockPath = (reservationId: string) => `restocks.r_${reservationId}`;

beforeAll(async () => {
  await mongo.connect();
  stock = mongo.db().collection('stock');
  reservations = mongo.db().collection('reservations');
  locks = mongo.db().collection<LockDocument>('write_locks');
  // Quiet SKUs: nothing reserved, enough units; from the end of the catalog, where other tests rarely shop.
  const page = (await (await fetch(`${internal.inventory}/stock?page=1&limit=500`)).json()) as { items: Level[] };
  quietSkus = page.items.filter((level) => level.reserved === 0 && level.available >= 10).map((level) => level.sku).slice(-11);
  if (quietSkus.length < 11) throw new Error(`only ${quietSkus.length} quiet SKUs in inventory`);
  for (const sku of quietSkus) {
    const { available, reserved } = await stockOf(sku);
    baseline.set(sku, { available, reserved });
  }
});

afterAll(async () => {
  await locks.deleteMany({ owner: OWNER });
  if (planted.length > 0) await reservations.deleteMany({ _id: { $in: planted } } as Document);
  for (const [sku, before] of baseline) {
    const now = await stock.findOne({ _id: sku } as Document);
    const marked = planted.some((id) => now?.holds?.[`r_${id}`] !== undefined || now?.restocks?.[`r_${id}`] !== undefined);
    if (!now || (!marked && now.available === before.available && now.reserved === before.reserved)) continue;
    const unset = Object.fromEntries(planted.flatMap((id) => [[holdPath(id), ''], [restockPath(id), '']]));
    await underLock(`stock:${sku}`, () =>
      stock.updateOne({ _id: sku } as Document, { $set: { available: before.available, reserved: before.reserved, updatedAt: new Date() }, $inc: { version: 1 }, $unset: unset }),
    );
    await adminSetStock(sku, before.available); // announces the restored level to the catalog
  }
  await mongo.close();
});

/** Holds a write lock the way an inventory process does (an insert-only lock document), then lets go. */
async function underLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await locks.insertOne({ _id: key, owner: OWNER, expiresAt: new Date(Date.now() + 10_000) });
      break;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000 || Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
  try {
    return await work();
  } finally {
    await locks.deleteOne({ _id: key, owner: OWNER });
  }
}

/** One stock move of one SKU for a reservation, exactly as the service writes it (quantities and mark in one update). */
async function moveStock(sku: string, filter: Document, update: Document): Promise<void> {
  const result = await underLock(`stock:${sku}`, () => stock.updateOne({ _id: sku, ...filter } as Document, { ...update, $set: { ...update.$set, updatedAt: new Date() } }));
  if (result.modifiedCount !== 1) throw new Error(`planting a move on ${sku} matched nothing`);
}
const crashMoves = {
  take: (id: string, { sku, quantity }: Item) => moveStock(sku, { available: { $gte: quantity } }, { $inc: { available: -quantity, reserved: quantity, version: 1 }, $set: { [holdPath(id)]: quantity } }),
  commit: (id: string, { sku, quantity }: Item) => moveStock(sku, { [holdPath(id)]: { $exists: true } }, { $inc: { reserved: -quantity, version: 1 }, $unset: { [holdPath(id)]: '' } }),
  release: (id: string, { sku, quantity }: Item) => moveStock(sku, { [holdPath(id)]: { $exists: true } }, { $inc: { available: quantity, reserved: -quantity, version: 1 }, $unset: { [holdPath(id)]: '' } }),
  restock: (id: string, { sku, quantity }: Item) => moveStock(sku, { [restockPath(id)]: { $exists: false } }, { $inc: { available: quantity, version: 1 }, $set: { [restockPath(id)]: true } }),
};

/** A reservation document as a crash leaves it: mid-move, its status last changed ten minutes ago. */
async function plantReservation(id: string, status: string, items: Item[], extra: Document = {}): Promise<void> {
  const longAgo = new Date(Date.now() - 10 * 60_000);
  planted.push(id);
  await reservations.insertOne({ _id: id, orderId: `o-${id}`, items, status, createdAt: longAgo, updatedAt: longAgo, expiresAt: new Date(Date.now() + 3_600_000), stockHolds: true, ...extra } as Document);
}

const inventory = async (path: string, body?: unknown) => {
  const response = await fetch(`${internal.inventory}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await stackCallerHeaders('order', 'inventory')) },
    body: JSON.stringify(body ?? {}),
  });
  return { status: response.status, body: (await response.json()) as { status?: string; error?: { code: string } } };
};
/** PUT /admin/stock/:sku on the inventory under test (the gateway would reach the stack's own). */
async function adminSetStock(sku: string, available: number): Promise<void> {
  const response = await fetch(`${internal.inventory}/admin/stock/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(await stackCallerHeaders('gateway', 'inventory', { admin: true })) },
    body: JSON.stringify({ available }),
  });
  if (response.status !== 200) throw new Error(`restoring the stock of ${sku}: ${response.status}`);
}
const levelOf = async (sku: string) => {
  const { available, reserved } = await stockOf(sku);
  return { available, reserved };
};
/** The SKU's level before the test, moved by `availableDelta` / `reservedDelta`. */
const expected = (sku: string, availableDelta = 0, reservedDelta = 0) => {
  const before = baseline.get(sku)!;
  return { available: before.available + availableDelta, reserved: before.reserved + reservedDelta };
};

describe('a reservation of several SKUs that fails on one', () => {
  it('gives back every unit of the other two when one SKU of three is blocked', async () => {
    const [first, blocked, third] = quietSkus.slice(0, 3) as [string, string, string];
    // Another process holds the blocked SKU's lock for two minutes: the reservation's wait for it times out.
    await locks.insertOne({ _id: `stock:${blocked}`, owner: OWNER, expiresAt: new Date(Date.now() + 120_000) });
    const reservationId = `e2e-leak-${randomUUID()}`;
    try {
      const response = await inventory('/reservations', {
        reservationId,
        orderId: `o-${reservationId}`,
        items: [
          { sku: first, quantity: 2 },
          { sku: blocked, quantity: 1 },
          { sku: third, quantity: 3 },
        ],
      });
      expect(response.status).toBe(503);
      expect(response.body.error?.code).toBe('stock_busy');
    } finally {
      await locks.deleteOne({ _id: `stock:${blocked}`, owner: OWNER });
    }
    expect(await levelOf(first)).toEqual(expected(first));
    expect(await levelOf(third)).toEqual(expected(third));
    expect(await levelOf(blocked)).toEqual(expected(blocked));
    for (const sku of [first, third]) expect((await stock.findOne({ _id: sku } as Document))?.holds?.[`r_${reservationId}`], sku).toBeUndefined();
    // Nothing of the attempt remains: no reservation to cancel.
    expect(await reservations.findOne({ _id: reservationId } as Document)).toBeNull();
    expect((await inventory(`/reservations/${reservationId}/cancel`)).status).toBe(404);
  });
});

describe('reservations a crash left mid-move', () => {
  it('are recovered by the sweeper in every state, and after a cancel every unit is back where it was', async () => {
    const [p1, p2, c1, c2, r1, r2, s1, s2] = quietSkus.slice(3, 11) as [string, string, string, string, string, string, string, string];
    const id = (state: string) => `e2e-stuck-${state}-${randomUUID()}`;
    const pending = id('pending');
    const committing = id('committing');
    const releasing = id('releasing');
    const restocking = id('restocking');
    const since = await lastMetricSeq();

    // pending: the first item's units were taken, the second's not yet.
    await crashMoves.take(pending, { sku: p1, quantity: 2 });
    await plantReservation(pending, 'pending', [{ sku: p1, quantity: 2 }, { sku: p2, quantity: 1 }]);
    // committing: both held, the first committed.
    await crashMoves.take(committing, { sku: c1, quantity: 2 });
    await crashMoves.take(committing, { sku: c2, quantity: 1 });
    await crashMoves.commit(committing, { sku: c1, quantity: 2 });
    await plantReservation(committing, 'committing', [{ sku: c1, quantity: 2 }, { sku: c2, quantity: 1 }]);
    // releasing (it had expired): both held, the first released.
    await crashMoves.take(releasing, { sku: r1, quantity: 2 });
    await crashMoves.take(releasing, { sku: r2, quantity: 1 });
    await crashMoves.release(releasing, { sku: r1, quantity: 2 });
    await plantReservation(releasing, 'releasing', [{ sku: r1, quantity: 2 }, { sku: r2, quantity: 1 }], { releaseReason: 'expire' });
    // restocking (a cancel after the commit): both committed, the first put back on sale.
    for (const item of [{ sku: s1, quantity: 2 }, { sku: s2, quantity: 1 }]) {
      await crashMoves.take(restocking, item);
      await crashMoves.commit(restocking, item);
    }
    await crashMoves.restock(restocking, { sku: s1, quantity: 2 });
    await plantReservation(restocking, 'restocking', [{ sku: s1, quantity: 2 }, { sku: s2, quantity: 1 }]);

    const finalStatus = { [pending]: 'released', [committing]: 'committed', [releasing]: 'released', [restocking]: 'released' };
    await waitFor(
      'the sweeper to recover all four reservations',
      async () => {
        const found = await reservations.find({ _id: { $in: Object.keys(finalStatus) } } as Document).toArray();
        return found.length === 4 && found.every((document) => document.status === finalStatus[String(document._id)]) ? true : undefined;
      },
      20_000,
      500,
    );

    // Exactly the units still to move moved, once: pending gave back what it took, the others rolled forward.
    expect(await Promise.all([p1, p2, c1, c2, r1, r2, s1, s2].map(levelOf))).toEqual([
      expected(p1),
      expected(p2),
      expected(c1, -2),
      expected(c2, -1),
      expected(r1),
      expected(r2),
      expected(s1),
      expected(s2),
    ]);
    for (const sku of [s1, s2]) expect((await stock.findOne({ _id: sku } as Document))?.restocks?.[`r_${restocking}`], sku).toBeUndefined();
    await waitForMetric(since, 'ecommerce.inventory.reservations', (line) => line.tags.service === 'inventory' && line.tags.outcome === 'recovered');

    // Cancel no longer answers 409: every one is released, and the committed units come back on sale.
    for (const reservationId of [pending, committing, releasing, restocking]) {
      const cancelled = await inventory(`/reservations/${reservationId}/cancel`);
      expect(cancelled.status, reservationId).toBe(200);
      expect(cancelled.body.status).toBe('released');
    }
    expect(await Promise.all([p1, p2, c1, c2, r1, r2, s1, s2].map(levelOf))).toEqual([p1, p2, c1, c2, r1, r2, s1, s2].map((sku) => expected(sku)));
  });
});
