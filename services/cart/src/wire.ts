import type { FaultFlags } from '@shopfast/feature-flags';
import { createServiceClient, createServiceJobs, type CallerVerifier, type Logger, type Metrics, type ServiceClientOptions } from '@shopfast/service-kit';
import { checkRedis, type RedisClient } from '@shopfast/stores';
import { createApp } from './app';
import { createProductClient } from './clients/product-client';
import type { Config } from './config';
import { createCartAbandonment } from './domain/cart-abandonment';
import { createCarts, MAX_QUANTITY } from './domain/carts';
import { createCartAbandonmentJob } from './jobs/cart-abandonment.job';
import { createActiveCarts } from './store/active-carts';
import { withCacheOutage } from './store/cache-outage';
import { createCartStore } from './store/cart-store';

/** The configuration the cart service is built from (main.ts passes its whole validated config). */
export type CartSettings = Pick<
  Config,
  'PRODUCT_SERVICE_URL' | 'PRODUCT_TIMEOUT_MS' | 'CART_TTL_SECONDS' | 'CART_MAX_LINES' | 'CART_ABANDON_AFTER_SECONDS' | 'CART_ABANDON_SWEEP_MS'
>;

export interface CartDeps {
  config: CartSettings;
  logger: Logger;
  metrics: Metrics;
  /** Fault flags (docs/faults.md); absent (tests not about faults): every fault off (NO_FAULTS). */
  faults?: FaultFlags;
  /** Verifies the service tokens of callers (runtime.callers). */
  callers: CallerVerifier;
  /** Where carts and their last-use times are kept. */
  redis: RedisClient;
  /** Retries of product look-ups; service-kit's default unless given (tests count the calls). */
  peerCalls?: Pick<ServiceClientOptions, 'retries'>;
  /** The clock carts are touched with, in ms; default the real one. */
  now?: () => number;
  /** Carts claimed per Redis call by the abandonment sweep; default the sweep's (tests make it small to interleave instances). */
  abandonBatchSize?: number;
}

/**
 * The cart service from its dependencies: the cart rules, the HTTP app, and its background job (the
 * abandoned-cart sweep), not started.
 */
export function wireCart({ config, logger, metrics, callers, redis, peerCalls = {}, now, abandonBatchSize, faults }: CartDeps) {
  // Product reads are public: the product client needs no credentials.
  const products = createProductClient(createServiceClient({ name: 'product', baseUrl: config.PRODUCT_SERVICE_URL, timeoutMs: config.PRODUCT_TIMEOUT_MS, ...peerCalls }));
  const active = createActiveCarts(redis);
  const redisStore = createCartStore(redis, { ttlSeconds: config.CART_TTL_SECONDS, maxQuantity: MAX_QUANTITY, maxLines: config.CART_MAX_LINES });
  // The cacheOutage fault (docs/faults.md) sits in front of Redis: while on, the store acts unreachable.
  const store = faults ? withCacheOutage(redisStore, faults) : redisStore;
  const carts = createCarts({
    store,
    active,
    products,
    metrics,
    logger,
    ...(now ? { now } : {}),
  });
  const abandonment = createCartAbandonment({
    active,
    products,
    metrics,
    logger,
    abandonAfterSeconds: config.CART_ABANDON_AFTER_SECONDS,
    ...(abandonBatchSize === undefined ? {} : { batchSize: abandonBatchSize }),
  });
  const abandonmentJob = createCartAbandonmentJob({ abandonment, intervalMs: config.CART_ABANDON_SWEEP_MS, logger });
  const jobs = createServiceJobs([{ name: 'cart abandonment sweep', start: abandonmentJob.start, stop: abandonmentJob.stop }], logger);

  const app = createApp({ carts, logger, metrics, readiness: { redis: () => checkRedis(redis) }, callers });
  return { app, jobs, carts, abandonment };
}

export type CartService = ReturnType<typeof wireCart>;
