import { createPublicKey, type KeyObject } from 'node:crypto';
import { Router } from 'express';
import type { JWK } from 'jose';
import { CUSTOMER_TOKEN_KID } from '../domain/tokens';

/**
 * GET /.well-known/jwks.json: the public key login tokens are signed with, for anyone who wants to check
 * one (the gateway reads the same key from the trusted keys file). Public: a public key is no secret.
 * Derived from the signing key itself, so what is published is always what signs.
 */
export function jwksRoutes(signingKey: KeyObject): Router {
  const jwk: JWK = { ...(createPublicKey(signingKey).export({ format: 'jwk' }) as JWK), kid: CUSTOMER_TOKEN_KID, alg: 'EdDSA', use: 'sig' };
  const body = { keys: [jwk] };
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(body);
  });
  return router;
}
