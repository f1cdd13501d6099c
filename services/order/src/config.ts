import { z } from 'zod';
import { currency } from '@shopfast/contracts';
import { baseConfigSchema, databasePasswordFile, httpUrl, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the order service'),
  DATABASE_PASSWORD_FILE: databasePasswordFile(),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams, where order.placed is published'),
  USER_SERVICE_URL: httpUrl().describe('User service (checks the customer exists)'),
  CART_SERVICE_URL: httpUrl().describe('Cart service (priced cart, cleared after checkout)'),
  INVENTORY_SERVICE_URL: httpUrl().describe('Inventory service (reserve, commit, release stock)'),
  PAYMENT_SERVICE_URL: httpUrl().describe('Payment service (charge, refund)'),
  SHIPPING_SERVICE_URL: httpUrl().default('http://127.0.0.1:5107').describe('Shipping service (quotes at checkout, shipment status on order reads)'),
  RESERVATION_TTL_SECONDS: positiveInt().max(3_600).default(120).describe('How long reserved stock is held if a checkout dies midway (the safety net behind every undo)'),
  OUTBOX_RELAY_INTERVAL_MS: positiveInt().default(1_000).describe('How often unpublished events are retried'),
  ABANDONED_CHECKOUT_AFTER_SECONDS: positiveInt()
    .min(60, 'at least 60: longer than any checkout can still be running')
    .default(120)
    .describe('A checkout still pending this long died midway: it is ended and undone (refund, cancel reservation)'),
  ABANDONED_CHECKOUT_SWEEP_MS: positiveInt().default(5_000).describe('How often pending checkouts are looked at (one indexed query)'),
  COMPENSATION_RETRY_INTERVAL_MS: positiveInt().min(100).default(2_000).describe('How often owed compensations (refunds, stock cancels) that failed are looked at again'),
  COMPENSATION_MAX_BACKOFF_SECONDS: positiveInt()
    .max(3_600)
    .default(10)
    .describe('Longest wait between two attempts of one compensation (doubling from 1 s): how soon a refund goes through once payment is back'),
  BUSINESS_GAUGES_INTERVAL_SECONDS: positiveInt()
    .max(60, 'at most 60: the gauges must reach Datadog every minute, or per-minute monitors see gaps')
    .default(10)
    .describe('How often ecommerce.revenue.per_minute and ecommerce.orders.conversion_rate are read from PostgreSQL and sent (10: the DogStatsD flush interval)'),
  REVENUE_CURRENCIES: z
    .string()
    .default('USD')
    .transform((value) => value.split(',').map((code) => code.trim()).filter((code) => code !== ''))
    .pipe(z.array(currency).min(1, 'must name at least one currency'))
    .describe('Comma-separated currencies the shop sells in: ecommerce.revenue.per_minute reports each of them every pass, 0 when nothing sold'),
});

export type Config = z.infer<typeof configSchema>;
