import '@shopfast/tracing/register';
import { createServiceClient, createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkPostgres, checkRedis, createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { createApp } from './app';
import { createCartClient } from './clients/cart-client';
import { createOrderEventPublisher } from './clients/event-publisher';
import { createInventoryClient } from './clients/inventory-client';
import { createPaymentClient } from './clients/payment-client';
import { createShippingClient } from './clients/shipping-client';
import { createUserClient } from './clients/user-client';
import { configSchema } from './config';
import { createCheckout } from './domain/checkout/checkout';
import { createCompensator } from './domain/checkout/compensations';
import { createOutboxRelay } from './domain/outbox-relay';
import { createAbandonedCheckoutJob } from './jobs/abandoned-checkout.job';
import { createCompensationJob } from './jobs/compensation.job';
import { migrations } from './store/migrations';
import { createOrderStore } from './store/order-store';

runService('order', async () => {
  const config = loadConfigOrExit('order', configSchema);
  const { logger, metrics, credentials, callers, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const store = createOrderStore(pool);
  const publishEvent = createOrderEventPublisher({ redis, metrics });
  const publish = async (event: Parameters<typeof publishEvent>[0]) => {
    await publishEvent(event);
    await store.markPublished(event.id);
  };
  // Every peer call carries our service token: payment, inventory and shipping serve only us, and user
  // and cart accept us acting for the customer the clients name (actingFor). Background jobs (the
  // compensator, the abandoned-checkout sweeper) call as the order service itself, for no customer.
  const peer = (name: string, baseUrl: string) => createServiceClient({ name, baseUrl, credentials });
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
  relay.start();
  const sweeper = createAbandonedCheckoutJob({ store, checkout, logger, olderThanSeconds: config.ABANDONED_CHECKOUT_AFTER_SECONDS, intervalMs: config.ABANDONED_CHECKOUT_SWEEP_MS });
  sweeper.start();
  const compensations = createCompensationJob({ compensator, store, metrics, logger, intervalMs: config.COMPENSATION_RETRY_INTERVAL_MS });
  compensations.start();

  const app = createApp({ checkout, store, shipping, logger, metrics, readiness: { postgres: () => checkPostgres(pool), redis: () => checkRedis(redis) }, callers });
  await serve(app, [
    { name: 'outbox-relay', close: () => relay.stop() },
    { name: 'abandoned-checkout sweeper', close: () => sweeper.stop() },
    { name: 'compensation retries', close: () => compensations.stop() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
