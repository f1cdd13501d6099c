import pino from 'pino';
import type { StockChangedData } from '@shopfast/events';
import { connectMongo, createRedis, type MongoStore } from '@shopfast/stores';
import { callerHeaders, listenedMetrics, storeUrls, testCallers, testCredentials } from '@shopfast/test-kit';
import { wireInventory, type InventorySettings } from './wire';

export interface InstanceOptions {
  /** The product service stock is seeded from; default a port nothing listens on (tests that never seed). */
  productUrl?: string;
  writeLocks?: boolean;
  stuckAfterSeconds?: number;
  lockWaitMs?: number;
  seedRetryMs?: number;
  sweepIntervalMs?: number;
}

/**
 * One inventory "instance" for integration tests, wired by main.ts's wireInventory: its own MongoDB client,
 * lock and app on a test database of the local stack's real FerretDB, metrics to the local DogStatsD
 * listener. Two instances on one database behave like two processes. Jobs are not started.
 * Test-only: imported by *.int.test.ts files and excluded from the build (tsconfig.json).
 */
export async function inventoryInstance(database: string, options: InstanceOptions = {}) {
  const logger = pino({ level: 'silent' });
  const listened = listenedMetrics('inventory');
  const { metrics } = listened;
  const mongo: MongoStore = await connectMongo(storeUrls.mongo(database), 'inventory-test');
  // stock.changed goes to the real Redis, on a stream of this test database (not the stack's, which the
  // running product service consumes).
  const redis = createRedis(storeUrls.redis(), 'inventory-test');
  const stream = `test.inventory.${database}`;
  await redis.del(stream); // left over from an interrupted run
  const config: InventorySettings = {
    PRODUCT_SERVICE_URL: options.productUrl ?? 'http://127.0.0.1:9',
    RESERVATION_TTL_SECONDS: 900,
    RESERVATION_SWEEP_INTERVAL_MS: options.sweepIntervalMs ?? 5_000,
    STUCK_RESERVATION_AFTER_SECONDS: options.stuckAfterSeconds ?? 60,
    STOCK_SEED_RETRY_MS: options.seedRetryMs ?? 2_000,
    STOCK_WRITE_LOCKS: options.writeLocks ?? true,
  };
  const service = await wireInventory({
    config,
    logger,
    metrics,
    credentials: testCredentials('inventory'),
    callers: testCallers('inventory'),
    mongo,
    redis,
    stockStream: stream,
    lockWaitMs: options.lockWaitMs,
  });
  /** The stock.changed events published so far (waits for announcements in flight first). */
  const publishedStockEvents = async (): Promise<StockChangedData[]> => {
    await service.events.flush();
    const entries = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1]!) as StockChangedData);
  };
  const close = async () => {
    await service.jobs.stop();
    await redis.del(stream);
    await redis.quit();
    await mongo.client.close();
    await metrics.close();
  };
  return { ...service, mongo, redis, stream, metrics, listened, logger, publishedStockEvents, close };
}

export type InventoryInstance = Awaited<ReturnType<typeof inventoryInstance>>;

/** Headers of the order service's token: the one caller of the reservation routes. */
export const asOrder = () => callerHeaders('order', 'inventory');

/** Headers of the gateway's token for an administrator's request: what PUT /admin/stock needs. */
export const asAdmin = () => callerHeaders('gateway', 'inventory', { admin: true });

