import { z } from 'zod';
import { baseConfigSchema, httpUrl, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  REDIS_URL: urlWithProtocol('redis:').describe('Redis holding carts'),
  PRODUCT_SERVICE_URL: httpUrl().describe('Product service, the only source of prices'),
  CART_TTL_SECONDS: positiveInt()
    .max(90 * 24 * 3_600)
    .default(7 * 24 * 3_600)
    .describe('Idle lifetime of a cart in seconds; every read and write starts it again'),
  CART_MAX_LINES: positiveInt().max(200).default(50).describe('Most distinct products one cart may hold (409 cart_full above)'),
  CART_ABANDON_AFTER_SECONDS: positiveInt()
    .max(30 * 24 * 3_600)
    .default(1_800)
    .describe('A cart holding items that nobody read or changed for this long counts as abandoned (ecommerce.cart.abandoned)'),
  CART_ABANDON_SWEEP_MS: positiveInt()
    .min(100)
    .max(3_600_000)
    .default(60_000)
    .describe('How often abandoned carts are looked for'),
  PRODUCT_TIMEOUT_MS: positiveInt().max(30_000).default(2_000).describe('Per-attempt timeout for product look-ups'),
});

export type Config = z.infer<typeof configSchema>;
