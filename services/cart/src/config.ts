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
  PRODUCT_TIMEOUT_MS: positiveInt().max(30_000).default(2_000).describe('Per-attempt timeout for product look-ups'),
});

export type Config = z.infer<typeof configSchema>;
