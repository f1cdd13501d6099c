import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { CONSUMER_POLL_COMMANDS, createEventConsumer, STREAMS } from '@shopfast/events';
import { checkPostgres, checkRedis, createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { createApp } from './app';
import { createSmtpMailer } from './clients/smtp-mailer';
import { configSchema } from './config';
import { createNotifier } from './domain/notifier';
import { orderEventHandlers, shipmentEventHandlers } from './events/notification.handlers';
import { migrations } from './store/migrations';
import { createNotificationStore } from './store/notification-store';

// The consumers' blocking reads would otherwise be a root trace every second.
tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS });

runService('notification', async () => {
  const config = loadConfigOrExit('notification', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const mailer = createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM });
  const notifier = createNotifier({ store: createNotificationStore(pool), mailer, metrics, logger });
  // 10 deliveries with the doubling wait (1 s up to 30 s) ride out an SMTP outage of about three minutes.
  const common = { group: 'notification', consumer: config.EVENTS_CONSUMER_NAME, logger, metrics, maxDeliveries: 10 };
  const consumers = [
    createEventConsumer(redis, { ...common, stream: STREAMS.orders, handlers: orderEventHandlers(notifier) }),
    createEventConsumer(redis, { ...common, stream: STREAMS.shipments, handlers: shipmentEventHandlers(notifier) }),
  ];
  for (const consumer of consumers) await consumer.start();

  // SMTP is not a readiness check: while it is down, e-mails wait in the streams and are retried.
  const app = createApp({ notifier, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) } });
  await serve(app, [
    { name: 'event consumers', close: () => Promise.all(consumers.map((consumer) => consumer.stop())) },
    { name: 'smtp', close: async () => mailer.close() },
    { name: 'postgres', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
