import '@shopfast/tracing/register';
import { createEventPublisher } from '@shopfast/events';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkMongo, checkRedis, connectMongo, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import { configSchema } from './config';
import { createInventoryService } from './domain/create-inventory-service';
import { startReservationSweeper } from './domain/reservation-sweeper';
import { createStockSeeder } from './domain/stock-seeder';
import { createStockEvents } from './events/stock-events';
import { createStockStore } from './store/stock-store';

runService('inventory', async () => {
  const config = loadConfigOrExit('inventory', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  // Every stock change is announced as stock.changed on Redis Streams (the catalog keeps stock from it).
  const stockStore = createStockStore(mongo);
  const events = createStockEvents({ publisher: createEventPublisher(redis, { source: 'inventory', metrics }), currentLevel: (sku) => stockStore.find(sku), logger });
  const { stock, inventory } = await createInventoryService(mongo, {
    metrics,
    logger,
    events,
    writeLocks: config.STOCK_WRITE_LOCKS,
    defaultTtlSeconds: config.RESERVATION_TTL_SECONDS,
    stuckAfterSeconds: config.STUCK_RESERVATION_AFTER_SECONDS,
  });
  // Seeding waits for the product service in the background; /readyz says "not ready" until it is done.
  const seeder = createStockSeeder({ stock, products: createProductClient(config.PRODUCT_SERVICE_URL, credentials), logger, retryMs: config.STOCK_SEED_RETRY_MS });
  seeder.start();
  const sweeper = startReservationSweeper({ inventory, intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS, logger });

  const app = createApp({
    inventory,
    logger,
    metrics,
    callers,
    readiness: { mongodb: () => checkMongo(mongo), redis: () => checkRedis(redis), stock: () => seeder.check() },
  });
  await serve(app, [
    {
      name: 'background jobs',
      close: async () => {
        seeder.stop();
        await sweeper.stop();
        await events.flush();
        events.stop();
      },
    },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
