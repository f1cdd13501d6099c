import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { ShippingClient } from './clients/shipping-client';
import type { Checkout } from './domain/checkout/checkout';
import { checkoutRoutes } from './routes/checkout.routes';
import { orderRoutes } from './routes/orders.routes';
import type { OrderStore } from './store/order-store';

export interface AppDeps {
  checkout: Checkout;
  store: OrderStore;
  shipping: ShippingClient;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service tokens of callers (checkout and order history need the gateway's). */
  callers: CallerVerifier;
}

export function createApp({ checkout, store, shipping, logger, metrics, readiness, callers }: AppDeps): Express {
  const routes = Router();
  routes.use(checkoutRoutes(checkout));
  routes.use(orderRoutes(store, shipping));
  return createHttpApp({ logger, metrics, readiness, callers, routes });
}
