import { createEventConsumer, createEventPublisher, EVENT_TYPES, STREAMS, type EventConsumerOptions } from '@shopfast/events';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceJobs, type CallerVerifier, type Logger, type Metrics } from '@shopfast/service-kit';
import { checkPostgres, checkRedis, type PgPool, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import type { Config } from './config';
import { createShipments } from './domain/shipments';
import { orderPlacedHandler } from './events/order-placed.handler';
import { createCpuBurnJob } from './jobs/cpu-burn.job';
import { createShipmentProgressJob } from './jobs/shipment-progress.job';
import { createShipmentStore } from './store/shipment-store';

/** The configuration the shipping service is built from (main.ts passes its whole validated config). */
export type ShippingSettings = Pick<Config, 'DD_SERVICE' | 'SHIPMENT_TICK_MS' | 'SHIPMENT_STEP_DELAY_MS' | 'EVENTS_CONSUMER_NAME'>;

export interface ShippingDeps {
  config: ShippingSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The shipping database, migrated. */
  pool: PgPool;
  /** Redis Streams: order.placed is read from it, shipment.updated published to it. */
  redis: RedisClient;
  /** The streams read and written; default the platform's (tests use streams of their own). */
  streams?: { orders: string; shipments: string };
  /** How quickly the order.placed consumer polls and retries; default the consumer's (tests shorten both). */
  consumerTiming?: Pick<EventConsumerOptions, 'blockMs' | 'retryDelayMs'>;
  /** The clock shipments are created and moved on; default the real one. */
  now?: () => Date;
}

/**
 * The shipping service from its dependencies: shipments, quotes and the HTTP app, and its background
 * jobs (the order.placed consumer, shipment progression), none started.
 */
export function wireShipping({ config, logger, metrics, callers, pool, redis, streams = STREAMS, consumerTiming = {}, now, faults }: ShippingDeps) {
  const shipments = createShipments({
    store: createShipmentStore(pool),
    publisher: createEventPublisher(redis, { source: config.DD_SERVICE, metrics }),
    shipmentsStream: streams.shipments,
    stepDelayMs: config.SHIPMENT_STEP_DELAY_MS,
    metrics,
    logger,
    ...(now ? { now } : {}),
  });
  const consumer = createEventConsumer(redis, {
    stream: streams.orders,
    group: 'shipping',
    consumer: config.EVENTS_CONSUMER_NAME,
    handlers: { [EVENT_TYPES.orderPlaced]: orderPlacedHandler(shipments, faults) },
    logger,
    metrics,
    ...consumerTiming,
  });
  const progress = createShipmentProgressJob({ shipments, tickMs: config.SHIPMENT_TICK_MS, logger });
  const cpuBurn = faults ? createCpuBurnJob({ faults, logger }) : undefined;
  const jobs = createServiceJobs(
    [
      { name: 'order events consumer', start: consumer.start, stop: consumer.stop },
      { name: 'shipment progression', start: progress.start, stop: progress.stop },
      // The cpuBurn fault (docs/faults.md): idle while the fault is off.
      ...(cpuBurn ? [{ name: 'cpu burn fault', start: cpuBurn.start, stop: cpuBurn.stop }] : []),
    ],
    logger,
  );

  const app = createApp({ shipments, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) } });
  return { app, jobs, shipments, consumer, progress };
}

export type ShippingService = ReturnType<typeof wireShipping>;
