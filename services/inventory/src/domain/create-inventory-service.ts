import type { Logger, Metrics } from '@shopfast/service-kit';
import type { MongoStore } from '@shopfast/stores';
import { createReservationStore } from '../store/reservation-store';
import { createStockStore } from '../store/stock-store';
import { createWriteLock } from '../store/write-lock';
import { createInventory } from './inventory';
import type { StockEvents } from './stock';

/**
 * The inventory's stores, lock and domain on one MongoDB database: what main.ts runs and what the
 * integration tests start (twice, to act as two processes), wired in one place.
 */
export async function createInventoryService(
  mongo: MongoStore,
  options: { metrics: Metrics; logger: Logger; events: StockEvents; writeLocks: boolean; defaultTtlSeconds: number },
) {
  const stock = createStockStore(mongo);
  const reservations = createReservationStore(mongo);
  await reservations.ensureIndexes();
  const inventory = createInventory({
    stock,
    reservations,
    lock: createWriteLock(mongo, { enabled: options.writeLocks }),
    events: options.events,
    metrics: options.metrics,
    logger: options.logger,
    defaultTtlSeconds: options.defaultTtlSeconds,
  });
  return { stock, reservations, inventory };
}
