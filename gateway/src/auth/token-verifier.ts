import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { CUSTOMER_TOKEN } from '@shopfast/contracts';
import { ServiceKeyError } from '@shopfast/service-kit';

export type AuthOutcome = { result: 'ok'; userId: string } | { result: 'missing' | 'invalid' | 'expired' };

export interface TokenVerifier {
  verify(token: string): Promise<AuthOutcome>;
}

/** `aud` of customer login tokens and the only app whose key signs them: one definition, shared with the user service. */
export const CUSTOMER_TOKEN_AUDIENCE = CUSTOMER_TOKEN.audience;
export const CUSTOMER_TOKEN_SIGNER = CUSTOMER_TOKEN.signer;

export interface TokenSettings {
  /** Every app's public key (runtime.keys.trusted); only the `user` entry is used here. */
  trusted: JSONWebKeySet;
  /** Required `iss` (JWT_ISSUER), the user service's own setting of the same name. */
  issuer: string;
}

/** The user service's public key from the trusted set; start-up fails without it (nobody could log in). */
function customerTokenKey(trusted: JSONWebKeySet): KeyObject {
  const jwk = trusted.keys.find((key) => key.kid === CUSTOMER_TOKEN_SIGNER);
  if (!jwk) throw new ServiceKeyError(`the trusted keys have no key for ${CUSTOMER_TOKEN_SIGNER} (kid "${CUSTOMER_TOKEN_SIGNER}"), which signs customer tokens`);
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
}

/**
 * Verifies customer login tokens as the user service issues them: EdDSA only (no HS256 with a guessable
 * secret, no `alg: none`, no algorithm confusion), checked against the user service's public key and no
 * other trusted key (another service's key must not mint customers), typ JWT (a service token,
 * `svc+jwt`, never passes as a customer's), our issuer and audience, an expiry and a subject (the user
 * id). Never throws: every failure is an outcome.
 */
export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  const key = customerTokenKey(settings.trusted);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['EdDSA'],
          typ: CUSTOMER_TOKEN.type,
          issuer: settings.issuer,
          audience: CUSTOMER_TOKEN_AUDIENCE,
          requiredClaims: ['exp', 'sub'],
        });
        const userId = payload.sub;
        if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128) return { result: 'invalid' };
        return { result: 'ok', userId };
      } catch (error) {
        return { result: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
