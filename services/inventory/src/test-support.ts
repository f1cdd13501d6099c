import pino from 'pino';
import { createEventPublisher, type StockChangedData } from '@shopfast/events';
import { createMetrics } from '@shopfast/service-kit';
import { checkMongo, connectMongo, createRedis, type MongoStore } from '@shopfast/stores';
import { callerHeaders, storeUrls, testCallers } from '@shopfast/test-kit';
import { createApp } from './app';
import { createInventoryService } from './domain/create-inventory-service';
import { createStockEvents } from './events/stock-events';
import { createStockStore } from './store/stock-store';

/**
 * One inventory "instance" for integration tests: its own MongoDB client, lock and app, on a test
 * database of the local stack's real FerretDB. Two instances on one database behave like two processes.
 * Test-only: imported by *.int.test.ts files and excluded from the build (tsconfig.json).
 */
export async function inventoryInstance(database: string, options: { writeLocks?: boolean; stuckAfterSeconds?: number; lockWaitMs?: number } = {}) {
  const logger = pino({ level: 'silent' });
  const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
  const mongo: MongoStore = await connectMongo(storeUrls.mongo(database), 'inventory-test');
  // stock.changed goes to the real Redis, on a stream of this test database (not the stack's, which the
  // running product service consumes).
  const redis = createRedis(storeUrls.redis(), 'inventory-test');
  const stream = `test.inventory.${database}`;
  await redis.del(stream); // left over from an interrupted run
  const events = createStockEvents({ publisher: createEventPublisher(redis, { source: 'inventory' }), currentLevel: (sku) => createStockStore(mongo).find(sku), logger, stream });
  const { stock, reservations, lock, inventory } = await createInventoryService(mongo, {
    metrics,
    logger,
    events,
    writeLocks: options.writeLocks ?? true,
    defaultTtlSeconds: 900,
    stuckAfterSeconds: options.stuckAfterSeconds,
    lockWaitMs: options.lockWaitMs,
  });
  const app = createApp({ inventory, logger, metrics, readiness: { mongodb: () => checkMongo(mongo) }, callers: testCallers('inventory') });
  /** The stock.changed events published so far (waits for announcements in flight first). */
  const publishedStockEvents = async (): Promise<StockChangedData[]> => {
    await events.flush();
    const entries = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1]!) as StockChangedData);
  };
  const close = async () => {
    await events.flush();
    events.stop();
    await redis.del(stream);
    await redis.quit();
    await mongo.client.close();
  };
  return { mongo, redis, stream, events, stock, reservations, lock, inventory, app, metrics, logger, publishedStockEvents, close };
}

export type InventoryInstance = Awaited<ReturnType<typeof inventoryInstance>>;

/** Headers of the order service's token: the one caller of the reservation routes. */
export const asOrder = () => callerHeaders('order', 'inventory');

/** Headers of the gateway's token for an administrator's request: what PUT /admin/stock needs. */
export const asAdmin = () => callerHeaders('gateway', 'inventory', { admin: true });

/** DogStatsD lines recorded by the mock metrics client whose name is `name`. */
export function metricLines(metrics: InventoryInstance['metrics'], name: string): string[] {
  return (metrics.client.mockBuffer ?? []).filter((line) => line.startsWith(`${name}:`));
}
