import pino from 'pino';
import { createMetrics } from '@shopfast/service-kit';
import { checkMongo, connectMongo, type MongoStore } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { createApp } from './app';
import { createInventoryService } from './domain/create-inventory-service';

/**
 * One inventory "instance" for integration tests: its own MongoDB client, lock and app, on a test
 * database of the local stack's real FerretDB. Two instances on one database behave like two processes.
 * Test-only: imported by *.int.test.ts files and excluded from the build (tsconfig.json).
 */
export async function inventoryInstance(database: string, options: { writeLocks?: boolean } = {}) {
  const logger = pino({ level: 'silent' });
  const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
  const mongo: MongoStore = await connectMongo(storeUrls.mongo(database), 'inventory-test');
  const { stock, reservations, inventory } = await createInventoryService(mongo, { metrics, logger, writeLocks: options.writeLocks ?? true, defaultTtlSeconds: 900 });
  const app = createApp({ inventory, logger, metrics, readiness: { mongodb: () => checkMongo(mongo) } });
  return { mongo, stock, reservations, inventory, app, metrics, logger };
}

export type InventoryInstance = Awaited<ReturnType<typeof inventoryInstance>>;

/** DogStatsD lines recorded by the mock metrics client whose name is `name`. */
export function metricLines(metrics: InventoryInstance['metrics'], name: string): string[] {
  return (metrics.client.mockBuffer ?? []).filter((line) => line.startsWith(`${name}:`));
}
