import { Router, type Express } from 'express';
import { createHttpApp, type CallerVerifier, type Logger, type Metrics, type ReadinessChecks } from '@shopfast/service-kit';
import type { Checkout } from './domain/checkout/checkout';
import type { OrderHistory } from './domain/order-history';
import { checkoutRoutes } from './routes/checkout.routes';
import { orderRoutes } from './routes/orders.routes';

export interface AppDeps {
  checkout: Checkout;
  history: OrderHistory;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Verifies the service tokens of callers (checkout and order history need the gateway's). */
  callers: CallerVerifier;
}

export function createApp({ checkout, history, logger, metrics, readiness, callers }: AppDeps): Express {
  const routes = Router();
  routes.use(checkoutRoutes(checkout));
  routes.use(orderRoutes(history));
  return createHttpApp({ logger, metrics, readiness, callers, routes });
}
