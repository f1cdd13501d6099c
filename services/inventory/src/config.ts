import { z } from 'zod';
import { baseConfigSchema, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  MONGODB_URL: urlWithProtocol('mongodb:').describe('Inventory database; the path names the database'),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams for order events'),
});

export type Config = z.infer<typeof configSchema>;
