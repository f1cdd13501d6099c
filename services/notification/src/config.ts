import { z } from 'zod';
import { baseConfigSchema, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the notification service'),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams for order and shipment events'),
  SMTP_URL: urlWithProtocol('smtp:', 'smtps:').describe('SMTP server e-mails are sent through'),
});

export type Config = z.infer<typeof configSchema>;
