import { z } from 'zod';
import { baseConfigSchema, httpUrl, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  REDIS_URL: urlWithProtocol('redis:').describe('Redis holding carts'),
  PRODUCT_SERVICE_URL: httpUrl().describe('Product service, the only source of prices'),
});

export type Config = z.infer<typeof configSchema>;
