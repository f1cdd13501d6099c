import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceClient, createServiceJobs, type CallerVerifier, type Logger, type Metrics, type ServiceClientOptions, type TokenIssuer } from '@shopfast/service-kit';
import { checkPostgres, checkRedis, type PgPool, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import { createCartClient } from './clients/cart-client';
import { createOrderEventPublisher } from './clients/event-publisher';
import { createInventoryClient } from './clients/inventory-client';
import { createPaymentClient } from './clients/payment-client';
import { createShippingClient } from './clients/shipping-client';
import { createUserClient } from './clients/user-client';
import type { Config } from './config';
import { createCheckout } from './domain/checkout/checkout';
import { createCompensator } from './domain/checkout/compensations';
import { createBusinessGauges } from './domain/business-gauges';
import { createOrderHistory } from './domain/order-history';
import { createAbandonedCheckoutJob } from './jobs/abandoned-checkout.job';
import { createBusinessGaugesJob } from './jobs/business-gauges.job';
import { createCompensationJob } from './jobs/compensation.job';
import { createOutboxRelay } from './jobs/outbox-relay.job';
import type { OutboxEvent } from './model/outbox';
import { createBusinessStatsStore } from './store/business-stats-store';
import { createOrderStore } from './store/order-store';

/** The configuration the order service is built from (main.ts passes its whole validated config). */
export type OrderSettings = Pick<
  Config,
  | 'USER_SERVICE_URL'
  | 'CART_SERVICE_URL'
  | 'INVENTORY_SERVICE_URL'
  | 'PAYMENT_SERVICE_URL'
  | 'SHIPPING_SERVICE_URL'
  | 'RESERVATION_TTL_SECONDS'
  | 'OUTBOX_RELAY_INTERVAL_MS'
  | 'ABANDONED_CHECKOUT_AFTER_SECONDS'
  | 'ABANDONED_CHECKOUT_SWEEP_MS'
  | 'COMPENSATION_RETRY_INTERVAL_MS'
  | 'COMPENSATION_MAX_BACKOFF_SECONDS'
  | 'BUSINESS_GAUGES_INTERVAL_SECONDS'
  | 'REVENUE_CURRENCIES'
>;

export interface OrderDeps {
  config: OrderSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Signs the service token every peer call carries (runtime.credentials). */
  credentials: TokenIssuer;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** The order database, migrated. */
  pool: PgPool;
  /** Where order.placed is published (Redis Streams). */
  redis: RedisClient;
  /** Timeout and retries of peer calls; service-kit's defaults unless given (tests count calls, so they turn retries off). */
  peerCalls?: Pick<ServiceClientOptions, 'timeoutMs' | 'retries'>;
}

/**
 * The order service from its dependencies: the checkout saga, order history, the HTTP app, and its
 * background jobs (outbox relay, abandoned-checkout sweeper, compensation retries, business gauges), none started.
 * main.ts and the integration tests build the service with this one function.
 */
export function wireOrder({ config, logger, metrics, credentials, callers, pool, redis, peerCalls = {}, faults }: OrderDeps) {
  const store = createOrderStore(pool);
  const publishEvent = createOrderEventPublisher({ redis, metrics });
  // An outbox event is marked published only once Redis has it: a failed publish stays for the relay.
  const publish = async (event: OutboxEvent) => {
    await publishEvent(event);
    await store.markPublished(event.id);
  };
  // Every peer call carries our service token: payment, inventory and shipping serve only us, and user
  // and cart accept us acting for the customer the clients name (actingFor). Background jobs (the
  // compensator, the abandoned-checkout sweeper) call as the order service itself, for no customer.
  const peer = (name: string, baseUrl: string) => createServiceClient({ name, baseUrl, credentials, ...peerCalls });
  const shipping = createShippingClient(peer('shipping', config.SHIPPING_SERVICE_URL));
  const inventory = createInventoryClient(peer('inventory', config.INVENTORY_SERVICE_URL));
  const payments = createPaymentClient(peer('payment', config.PAYMENT_SERVICE_URL));
  const compensator = createCompensator({ store, payments, inventory, metrics, logger, maxBackoffSeconds: config.COMPENSATION_MAX_BACKOFF_SECONDS });
  const checkout = createCheckout({
    store,
    users: createUserClient(peer('user', config.USER_SERVICE_URL)),
    carts: createCartClient(peer('cart', config.CART_SERVICE_URL)),
    inventory,
    payments,
    shipping,
    compensator,
    publish,
    metrics,
    logger,
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
  });

  const relay = createOutboxRelay({ store, publish, logger, intervalMs: config.OUTBOX_RELAY_INTERVAL_MS });
  const abandonedCheckouts = createAbandonedCheckoutJob({ store, checkout, logger, olderThanSeconds: config.ABANDONED_CHECKOUT_AFTER_SECONDS, intervalMs: config.ABANDONED_CHECKOUT_SWEEP_MS });
  const compensations = createCompensationJob({ compensator, store, metrics, logger, intervalMs: config.COMPENSATION_RETRY_INTERVAL_MS });
  const businessGauges = createBusinessGaugesJob({
    gauges: createBusinessGauges({ stats: createBusinessStatsStore(pool), currencies: config.REVENUE_CURRENCIES }),
    metrics,
    logger,
    intervalMs: config.BUSINESS_GAUGES_INTERVAL_SECONDS * 1_000,
  });
  const jobs = createServiceJobs(
    [
      { name: 'outbox relay', start: relay.start, stop: relay.stop },
      { name: 'abandoned-checkout sweeper', start: abandonedCheckouts.start, stop: abandonedCheckouts.stop },
      { name: 'compensation retries', start: compensations.start, stop: compensations.stop },
      { name: 'business gauges', start: businessGauges.start, stop: businessGauges.stop },
    ],
    logger,
  );

  const app = createApp({
    checkout,
    history: createOrderHistory({ store, shipping, faults }),
    logger,
    metrics,
    readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) },
    callers,
  });
  return { app, jobs, store, checkout, relay, abandonedCheckouts, compensations, businessGauges };
}

export type OrderService = ReturnType<typeof wireOrder>;
