import '@shopfast/tracing/register';
import { createServiceClient, createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import { configSchema } from './config';
import { createCarts, MAX_QUANTITY } from './domain/carts';
import { createCartStore } from './store/cart-store';

runService('cart', async () => {
  const config = loadConfigOrExit('cart', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const carts = createCarts({
    store: createCartStore(redis, { ttlSeconds: config.CART_TTL_SECONDS, maxQuantity: MAX_QUANTITY, maxLines: config.CART_MAX_LINES }),
    products: createProductClient(createServiceClient({ name: 'product', baseUrl: config.PRODUCT_SERVICE_URL, timeoutMs: config.PRODUCT_TIMEOUT_MS })),
    metrics,
    logger,
  });
  const app = createApp({ carts, logger, metrics, readiness: { redis: () => checkRedis(redis) } });
  await serve(app, [{ name: 'redis', close: () => redis.quit() }]);
});
