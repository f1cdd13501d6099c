// The inventoryErrors fault as the inventory service runs it: wired like main.ts with a FaultFlags whose
// value each test sets, on a test database of the local stack's real FerretDB.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { connectMongo, createRedis, type MongoStore, type RedisClient } from '@shopfast/stores';
import { callerHeaders, listenedMetrics, storeUrls, testCallers, testCredentials } from '@shopfast/test-kit';
import { reservationShare } from './domain/inventory';
import { wireInventory } from './wire';

const DATABASE = 'shopfast_inventory_faults_test';
const SKU = 'SKU-FAULT-0001';
let errorRate = 0;
const faults: FaultFlags = {
  number: async (key) => (key === 'inventoryErrors' ? errorRate : 0),
  enabled: async () => false,
};

const listened = listenedMetrics('inventory');
let mongo: MongoStore;
let redis: RedisClient;
let app: Awaited<ReturnType<typeof wireInventory>>['app'];
let service: Awaited<ReturnType<typeof wireInventory>>;
const stream = `test.inventory.${DATABASE}`;

beforeAll(async () => {
  mongo = await connectMongo(storeUrls.mongo(DATABASE), 'inventory-test');
  await mongo.db.dropDatabase();
  redis = createRedis(storeUrls.redis(), 'inventory-test');
  service = await wireInventory({
    config: {
      PRODUCT_SERVICE_URL: 'http://127.0.0.1:9',
      RESERVATION_TTL_SECONDS: 900,
      RESERVATION_SWEEP_INTERVAL_MS: 5_000,
      STUCK_RESERVATION_AFTER_SECONDS: 60,
      STOCK_SEED_RETRY_MS: 2_000,
      STOCK_WRITE_LOCKS: true,
    },
    logger: pino({ level: 'silent' }),
    metrics: listened.metrics,
    credentials: testCredentials('inventory'),
    callers: testCallers('inventory'),
    mongo,
    redis,
    stockStream: stream,
    faults,
  });
  app = service.app;
  await service.stock.insertMissing([{ sku: SKU, productId: 'p-fault-0001', available: 10 }]);
});

afterAll(async () => {
  await service?.jobs.stop();
  await mongo?.db.dropDatabase();
  await redis?.del(stream);
  await redis?.quit();
  await mongo?.client.close();
  await listened.metrics.close();
});

const reserve = async (reservationId: string) =>
  request(app).post('/reservations').set(await callerHeaders('order', 'inventory')).send({ reservationId, orderId: reservationId, items: [{ sku: SKU, quantity: 2 }] });
const stock = async () => (await request(app).get(`/stock/${SKU}`)).body as { available: number; reserved: number };
function idWhoseShareIs(side: 'below' | 'above', rate: number): string {
  for (;;) {
    const id = randomUUID();
    if ((reservationShare(id) < rate) === (side === 'below')) return id;
  }
}

describe('the inventoryErrors fault', () => {
  it('answers 503 stock_unavailable for that share of reservations, before touching stock, and again when retried', async () => {
    errorRate = 0.5;
    const before = await stock();
    const refused = idWhoseShareIs('below', 0.5);
    const first = await reserve(refused);
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe('stock_unavailable');
    expect(first.body.error.message).toBe('Stock is unavailable right now; nothing was reserved'); // a real outage's words, not the fault's name
    expect((await reserve(refused)).status).toBe(503);
    expect(await stock()).toEqual(expect.objectContaining({ available: before.available, reserved: before.reserved }));
    // Nothing to cancel: the order's compensation finds no reservation (404), which needs no undo.
    const cancel = await request(app).post(`/reservations/${refused}/cancel`).set(await callerHeaders('order', 'inventory'));
    expect(cancel.status).toBe(404);
  });

  it('lets the other reservations through, and every one once it is off', async () => {
    errorRate = 0.5;
    expect((await reserve(idWhoseShareIs('above', 0.5))).status).toBe(201);
    errorRate = 0;
    expect((await reserve(idWhoseShareIs('below', 0.5))).status).toBe(201);
    expect(await stock()).toEqual(expect.objectContaining({ available: 6, reserved: 4 }));
  });
});
