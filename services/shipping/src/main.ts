import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { CONSUMER_POLL_COMMANDS, createEventConsumer, createEventPublisher, EVENT_TYPES, STREAMS } from '@shopfast/events';
import { checkPostgres, checkRedis, createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { createApp } from './app';
import { configSchema } from './config';
import { createShipments } from './domain/shipments';
import { orderPlacedHandler } from './events/order-placed.handler';
import { createShipmentProgressJob } from './jobs/shipment-progress.job';
import { migrations } from './store/migrations';
import { createShipmentStore } from './store/shipment-store';

// The consumer's blocking reads would otherwise be a root trace every second.
tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS });

runService('shipping', async () => {
  const config = loadConfigOrExit('shipping', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const shipments = createShipments({
    store: createShipmentStore(pool),
    publisher: createEventPublisher(redis, { source: config.DD_SERVICE, metrics }),
    shipmentsStream: STREAMS.shipments,
    stepDelayMs: config.SHIPMENT_STEP_DELAY_MS,
    metrics,
    logger,
  });
  const consumer = createEventConsumer(redis, {
    stream: STREAMS.orders,
    group: 'shipping',
    consumer: config.EVENTS_CONSUMER_NAME,
    handlers: { [EVENT_TYPES.orderPlaced]: orderPlacedHandler(shipments) },
    logger,
    metrics,
  });
  const progress = createShipmentProgressJob({ shipments, tickMs: config.SHIPMENT_TICK_MS, logger });
  await consumer.start();
  progress.start();

  const app = createApp({ shipments, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) } });
  await serve(app, [
    { name: 'order events consumer', close: () => consumer.stop() },
    { name: 'shipment progression', close: () => progress.stop() },
    { name: 'postgres', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
