import { hostname } from 'node:os';
import { z } from 'zod';
import { baseConfigSchema, databasePasswordFile, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the shipping service'),
  DATABASE_PASSWORD_FILE: databasePasswordFile(),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams for order and shipment events'),
  SHIPMENT_TICK_MS: positiveInt().default(3_000).describe('How often the progression job looks for shipments due to move to their next status'),
  SHIPMENT_STEP_DELAY_MS: positiveInt().default(5_000).describe('Time a shipment spends in label_created and in in_transit before it moves on'),
  EVENTS_CONSUMER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1-64)')
    .default(hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64) || 'shipping')
    .describe("This instance's name in the `shipping` consumer group; keep it stable across restarts (default: host name)"),
});

export type Config = z.infer<typeof configSchema>;
