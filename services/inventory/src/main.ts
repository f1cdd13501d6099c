import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkMongo, checkRedis, connectMongo, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import { configSchema } from './config';
import { createInventory } from './domain/inventory';
import { startReservationSweeper } from './domain/reservation-sweeper';
import { createStockSeeder } from './domain/stock-seeder';
import { createReservationStore } from './store/reservation-store';
import { createStockStore } from './store/stock-store';
import { createWriteLock } from './store/write-lock';

runService('inventory', async () => {
  const config = loadConfigOrExit('inventory', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const stock = createStockStore(mongo);
  const reservations = createReservationStore(mongo);
  await reservations.ensureIndexes();
  const inventory = createInventory({
    stock,
    reservations,
    lock: createWriteLock(mongo, { enabled: config.STOCK_WRITE_LOCKS }),
    metrics,
    logger,
    defaultTtlSeconds: config.RESERVATION_TTL_SECONDS,
  });
  // Seeding waits for the product service in the background; /readyz says "not ready" until it is done.
  const seeder = createStockSeeder({ stock, products: createProductClient(config.PRODUCT_SERVICE_URL), logger, retryMs: config.STOCK_SEED_RETRY_MS });
  seeder.start();
  const sweeper = startReservationSweeper({ inventory, intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS, logger });

  const app = createApp({
    inventory,
    logger,
    metrics,
    readiness: { mongodb: () => checkMongo(mongo), redis: () => checkRedis(redis), stock: () => seeder.check() },
  });
  await serve(app, [
    {
      name: 'background jobs',
      close: async () => {
        seeder.stop();
        await sweeper.stop();
      },
    },
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
