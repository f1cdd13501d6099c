import { createEventConsumer, STREAMS, type EventConsumerOptions } from '@shopfast/events';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics } from '@shopfast/service-kit';
import { checkPostgres, checkRedis, type PgPool, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import type { Mailer } from './clients/smtp-mailer';
import type { Config } from './config';
import { createNotifier } from './domain/notifier';
import { orderEventHandlers, shipmentEventHandlers } from './events/notification.handlers';
import { createNotificationStore } from './store/notification-store';

/** The configuration the notification service is built from (main.ts passes its whole validated config). */
export type NotificationSettings = Pick<Config, 'EVENTS_CONSUMER_NAME'>;

export interface NotificationDeps {
  config: NotificationSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The notification database, migrated. */
  pool: PgPool;
  /** Redis Streams: order and shipment events are read from it. */
  redis: RedisClient;
  /** Where e-mails are sent (SMTP). */
  mailer: Mailer;
  /** The streams read; default the platform's (tests use streams of their own). */
  streams?: { orders: string; shipments: string };
  /** How quickly the consumers poll and retry; default the consumer's (tests shorten both). */
  consumerTiming?: Pick<EventConsumerOptions, 'blockMs' | 'retryDelayMs'>;
}

/**
 * The notification service from its dependencies: the notifier, the HTTP app, and its background job
 * (the consumers of order and shipment events), not started.
 */
export function wireNotification({ config, logger, metrics, callers, pool, redis, mailer, streams = STREAMS, consumerTiming = {}, faults }: NotificationDeps) {
  const notifier = createNotifier({ store: createNotificationStore(pool), mailer, metrics, logger, faults });
  // 10 deliveries with the doubling wait (1 s up to 30 s) ride out an SMTP outage of about three minutes.
  const common = { group: 'notification', consumer: config.EVENTS_CONSUMER_NAME, logger, metrics, maxDeliveries: 10, ...consumerTiming };
  const consumers = [
    createEventConsumer(redis, { ...common, stream: streams.orders, handlers: orderEventHandlers(notifier) }),
    createEventConsumer(redis, { ...common, stream: streams.shipments, handlers: shipmentEventHandlers(notifier) }),
  ];
  const jobs = createServiceJobs(
    [
      {
        name: 'event consumers',
        start: async () => {
          for (const consumer of consumers) await consumer.start();
        },
        stop: () => Promise.all(consumers.map((consumer) => consumer.stop())),
      },
    ],
    logger,
  );

  // SMTP is not a readiness check: while it is down, e-mails wait in the streams and are retried.
  const app = createApp({ notifier, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) } });
  return { app, jobs, notifier };
}

export type NotificationService = ReturnType<typeof wireNotification>;
