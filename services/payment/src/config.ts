import { z } from 'zod';
import { baseConfigSchema, databasePasswordFile, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the payment service'),
  DATABASE_PASSWORD_FILE: databasePasswordFile(),
  BANK_LATENCY_MS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be >= 0')
    .max(10_000, 'must be <= 10000')
    .default(120)
    .describe('Typical latency of the simulated bank authorization (each call varies by ±25%)'),
  FRAUD_AMOUNT_LIMIT: positiveInt().default(10_000).describe('Charges above this amount (major units) are declined as fraud_suspected'),
  DATABASE_POOL_SIZE: positiveInt().max(100).default(20).describe('PostgreSQL connections; a charge holds one for its whole idempotency-locked transaction'),
});

export type Config = z.infer<typeof configSchema>;
