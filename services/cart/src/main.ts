import '@shopfast/tracing/register';
import { createServiceClient, createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import { configSchema } from './config';
import { createCartAbandonment } from './domain/cart-abandonment';
import { createCarts, MAX_QUANTITY } from './domain/carts';
import { createCartAbandonmentJob } from './jobs/cart-abandonment.job';
import { createActiveCarts } from './store/active-carts';
import { createCartStore } from './store/cart-store';

runService('cart', async () => {
  const config = loadConfigOrExit('cart', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  // Product reads are public: the product client needs no credentials.
  const products = createProductClient(createServiceClient({ name: 'product', baseUrl: config.PRODUCT_SERVICE_URL, timeoutMs: config.PRODUCT_TIMEOUT_MS }));
  const active = createActiveCarts(redis);
  const carts = createCarts({
    store: createCartStore(redis, { ttlSeconds: config.CART_TTL_SECONDS, maxQuantity: MAX_QUANTITY, maxLines: config.CART_MAX_LINES }),
    active,
    products,
    metrics,
    logger,
  });
  const abandonmentJob = createCartAbandonmentJob({
    abandonment: createCartAbandonment({ active, products, metrics, logger, abandonAfterSeconds: config.CART_ABANDON_AFTER_SECONDS }),
    intervalMs: config.CART_ABANDON_SWEEP_MS,
    logger,
  });
  const app = createApp({ carts, logger, metrics, readiness: { redis: () => checkRedis(redis) }, callers });
  abandonmentJob.start();
  await serve(app, [
    { name: 'cart-abandonment', close: () => abandonmentJob.stop() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
