import { hostname } from 'node:os';
import { z } from 'zod';
import { baseConfigSchema, databasePasswordFile, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the notification service'),
  DATABASE_PASSWORD_FILE: databasePasswordFile(),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams for order and shipment events'),
  SMTP_URL: urlWithProtocol('smtp:', 'smtps:').describe('SMTP server e-mails are sent through (`smtps:` for implicit TLS; user:password@ for auth)'),
  SMTP_FROM: z.string().min(3).default('ShopFast <orders@shopfast.local>').describe('Sender of every e-mail'),
  EVENTS_CONSUMER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1-64)')
    .default(hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64) || 'notification')
    .describe("This instance's name in the `notification` consumer group; keep it stable across restarts (default: host name)"),
});

export type Config = z.infer<typeof configSchema>;
