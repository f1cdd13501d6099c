import { createEventPublisher } from '@shopfast/events';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics, type TokenIssuer } from '@shopfast/service-kit';
import { checkMongo, checkRedis, type MongoStore, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import type { Config } from './config';
import { createInventory } from './domain/inventory';
import { createStockSeeder } from './jobs/stock-seeder.job';
import { createStockEvents } from './events/stock-events';
import { createReservationSweeper } from './jobs/reservation-sweeper.job';
import { createReservationStore } from './store/reservation-store';
import { createStockStore } from './store/stock-store';
import { createWriteLock } from './store/write-lock';

/** The configuration the inventory service is built from (main.ts passes its whole validated config). */
export type InventorySettings = Pick<
  Config,
  'PRODUCT_SERVICE_URL' | 'RESERVATION_TTL_SECONDS' | 'RESERVATION_SWEEP_INTERVAL_MS' | 'STUCK_RESERVATION_AFTER_SECONDS' | 'STOCK_SEED_RETRY_MS' | 'STOCK_WRITE_LOCKS'
>;

export interface InventoryDeps {
  config: InventorySettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Signs the service token of the product catalog reads (runtime.credentials). */
  credentials: TokenIssuer;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The inventory database. */
  mongo: MongoStore;
  /** Where stock.changed is published (Redis Streams). */
  redis: RedisClient;
  /** The stream stock.changed goes to; default the inventory stream the catalog consumes (tests use one of their own). */
  stockStream?: string;
  /** How long a writer waits for a busy lock before answering 503; default the lock's own (tests shorten it). */
  lockWaitMs?: number;
}

/**
 * The inventory service from its dependencies: stores, write lock, domain and HTTP app on one MongoDB
 * database, and its background jobs (stock seeding, the reservation sweeper, retries of stock.changed
 * announcements), none started. main.ts builds it once; the integration tests build it twice on one
 * database to act as two processes.
 */
export async function wireInventory({ config, logger, metrics, credentials, callers, mongo, redis, stockStream, lockWaitMs, faults }: InventoryDeps) {
  const stock = createStockStore(mongo);
  const reservations = createReservationStore(mongo);
  await reservations.ensureIndexes();
  const lock = createWriteLock(mongo, { enabled: config.STOCK_WRITE_LOCKS, ...(lockWaitMs === undefined ? {} : { waitMs: lockWaitMs }) });
  // Every stock change is announced as stock.changed on Redis Streams (the catalog keeps stock from it).
  const events = createStockEvents({
    publisher: createEventPublisher(redis, { source: 'inventory', metrics }),
    currentLevel: (sku) => stock.find(sku),
    logger,
    ...(stockStream === undefined ? {} : { stream: stockStream }),
  });
  const inventory = createInventory({
    stock,
    reservations,
    lock,
    events,
    metrics,
    logger,
    defaultTtlSeconds: config.RESERVATION_TTL_SECONDS,
    stuckAfterMs: config.STUCK_RESERVATION_AFTER_SECONDS * 1_000,
    faults,
  });

  // Seeding waits for the product service in the background; /readyz says "not ready" until it is done.
  const seeder = createStockSeeder({ stock, products: createProductClient(config.PRODUCT_SERVICE_URL, credentials), logger, retryMs: config.STOCK_SEED_RETRY_MS });
  const sweeper = createReservationSweeper({ inventory, intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS, logger });
  const jobs = createServiceJobs(
    [
      { name: 'stock seeding', start: seeder.start, stop: seeder.stop },
      { name: 'reservation sweeper', start: sweeper.start, stop: sweeper.stop },
      // Last: the sweeper's releases announce stock changes too. What is in flight is published before Redis closes.
      {
        name: 'stock.changed announcements',
        stop: async () => {
          await events.flush();
          events.stop();
        },
      },
    ],
    logger,
  );

  const app = createApp({
    inventory,
    logger,
    metrics,
    callers,
    readiness: { mongodb: () => checkMongo(mongo), redis: () => checkRedis(redis), stock: () => seeder.check() },
  });
  return { app, jobs, inventory, stock, reservations, lock, events, seeder, sweeper };
}

export type InventoryService = Awaited<ReturnType<typeof wireInventory>>;
