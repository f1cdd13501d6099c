import { z } from 'zod';
import { baseConfigSchema, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the user service'),
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default('local-development-secret-change-me-0123456789')
    .describe('HMAC key signing login tokens; shared with the gateway, which verifies them. Set a real one outside local runs'),
  JWT_ISSUER: z.string().min(1).default('shopfast-user').describe('`iss` claim of issued tokens'),
  JWT_TTL_SECONDS: positiveInt().default(3_600).describe('Token lifetime in seconds'),
});

export type Config = z.infer<typeof configSchema>;
