import { z } from 'zod';
import { baseConfigSchema, httpUrl, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the order service'),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams for order events'),
  USER_SERVICE_URL: httpUrl().describe('User service'),
  CART_SERVICE_URL: httpUrl().describe('Cart service'),
  INVENTORY_SERVICE_URL: httpUrl().describe('Inventory service'),
  PAYMENT_SERVICE_URL: httpUrl().describe('Payment service'),
  PRODUCT_SERVICE_URL: httpUrl().describe('Product service'),
});

export type Config = z.infer<typeof configSchema>;
