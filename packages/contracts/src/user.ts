export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** POST /api/auth/signup (201) and POST /api/auth/login (200). */
export interface AuthResult {
  token: string;
  user: User;
}

/**
 * Customer login tokens (docs/decisions/010-trust-between-services.md): EdDSA JWTs (`typ: JWT`) signed by
 * the user service with its own key, published under `kid` = `signer`, for the public API (`aud`). The
 * user service issues them and the gateway verifies them: both read this one definition.
 */
export const CUSTOMER_TOKEN = { audience: 'shopfast-api', signer: 'user', type: 'JWT' } as const;
