import { z } from 'zod';
import { baseConfigSchema, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the payment service'),
});

export type Config = z.infer<typeof configSchema>;
