import { z } from 'zod';

export const user = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    createdAt: z.string().meta({ description: 'ISO 8601.' }),
  })
  .meta({ id: 'User', description: 'A customer account as the API shows it (GET /api/me); never the password.' });
export type User = z.infer<typeof user>;

export const authResult = z
  .object({ token: z.string().meta({ description: 'Login token (EdDSA JWT): send as Authorization: Bearer <token>.' }), user })
  .meta({ id: 'AuthResult', description: 'POST /api/auth/signup (201) and POST /api/auth/login (200).' });
export type AuthResult = z.infer<typeof authResult>;

/** An e-mail address as a customer types it (trimmed): signup, login, and the events that name the customer. */
export const email = z.string().trim().max(254, 'at most 254 characters').pipe(z.email({ error: 'must be an e-mail address' }));

/** Acquisition channels reported on; anything else is counted as "other" (bounded metric tags). */
export const SIGNUP_CHANNELS = ['web', 'mobile', 'referral', 'other'] as const;

export const signupRequest = z
  .object({
    email,
    password: z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters'),
    name: z.string().trim().min(1, 'is required').max(100, 'at most 100 characters'),
    channel: z
      .string()
      .optional()
      .transform((value) => ((SIGNUP_CHANNELS as readonly string[]).includes(value ?? '') ? (value as string) : value ? 'other' : 'web'))
      .meta({ description: 'Where the customer came from: web (default), mobile, referral; anything else counts as other.' }),
  })
  .strict()
  .meta({ id: 'SignupRequest', description: 'POST /api/auth/signup.' });
export type SignupRequest = z.infer<typeof signupRequest>;
/** What a client sends (channel optional); SignupRequest is what the user service reads after parsing. */
export type SignupRequestInput = z.input<typeof signupRequest>;

export const loginRequest = z
  .object({ email, password: z.string().min(1, 'is required').max(128) })
  .strict()
  .meta({ id: 'LoginRequest', description: 'POST /api/auth/login.' });
export type LoginRequest = z.infer<typeof loginRequest>;

/** GET /users/:id (internal: the gateway for GET /api/me, the order service at checkout). */
export const userParams = z.object({ id: z.uuid({ error: 'must be a user id' }) });

/**
 * Customer login tokens (docs/decisions/010-trust-between-services.md): EdDSA JWTs (`typ: JWT`) signed by
 * the user service with its own key, published under `kid` = `signer`, for the public API (`aud`). The
 * user service issues them and the gateway verifies them: both read this one definition.
 */
export const CUSTOMER_TOKEN = { audience: 'shopfast-api', signer: 'user', type: 'JWT' } as const;
