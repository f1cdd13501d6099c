import { z } from 'zod';
import { baseConfigSchema, databasePasswordFile, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

// Login tokens are signed with this service's own Ed25519 key (SERVICE_KEY_FILE, a base key): no shared
// secret to configure, and the gateway verifies them with the public half it already trusts.
export const configSchema = baseConfigSchema.extend({
  DATABASE_URL: urlWithProtocol('postgres:', 'postgresql:').describe('PostgreSQL database owned by the user service'),
  DATABASE_PASSWORD_FILE: databasePasswordFile(),
  JWT_ISSUER: z.string().min(1).default('shopfast-user').describe('`iss` claim of issued login tokens; the gateway requires the same value'),
  JWT_TTL_SECONDS: positiveInt().default(3_600).describe('Login token lifetime in seconds'),
});

export type Config = z.infer<typeof configSchema>;
