import type { Logger, Metrics } from '@shopfast/service-kit';
import type { MongoStore } from '@shopfast/stores';
import { createReservationStore } from '../store/reservation-store';
import { createStockStore } from '../store/stock-store';
import { createWriteLock } from '../store/write-lock';
import { createInventory } from './inventory';
import type { StockEvents } from './stock';

export interface InventoryServiceOptions {
  metrics: Metrics;
  logger: Logger;
  events: StockEvents;
  writeLocks: boolean;
  defaultTtlSeconds: number;
  /** STUCK_RESERVATION_AFTER_SECONDS: a reservation mid-move this long was left by a crash and is recovered. */
  stuckAfterSeconds?: number;
  /** How long a writer waits for a busy lock before answering 503 (tests shorten it). */
  lockWaitMs?: number;
}

/**
 * The inventory's stores, lock and domain on one MongoDB database: what main.ts runs and what the
 * integration tests start (twice, to act as two processes), wired in one place.
 */
export async function createInventoryService(mongo: MongoStore, options: InventoryServiceOptions) {
  const stock = createStockStore(mongo);
  const reservations = createReservationStore(mongo);
  await reservations.ensureIndexes();
  const lock = createWriteLock(mongo, { enabled: options.writeLocks, ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }) });
  const inventory = createInventory({
    stock,
    reservations,
    lock,
    events: options.events,
    metrics: options.metrics,
    logger: options.logger,
    defaultTtlSeconds: options.defaultTtlSeconds,
    stuckAfterMs: (options.stuckAfterSeconds ?? 60) * 1_000,
  });
  return { stock, reservations, lock, inventory };
}
