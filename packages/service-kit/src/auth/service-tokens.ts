import { SignJWT, createLocalJWKSet, errors, jwtVerify } from 'jose';
import type { ServiceKeys } from './service-keys';

/** The JWT `typ` of service tokens: a customer's login token (typ JWT) is never accepted as one, nor the reverse. */
export const SERVICE_TOKEN_TYPE = 'svc+jwt';
/** Lifetime of a service token. Short: a token that leaks from a log or a trace is soon worthless. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** A cached token is reused while it has at least this long to live. */
const REUSE_MARGIN_SECONDS = 20;
const MAX_CACHED_TOKENS = 10_000;

/** On whose behalf a service calls another: the customer it serves, and whether an administrator asked. */
export interface ActingFor {
  userId?: string;
  admin?: boolean;
}

/** Who called, as a verified service token says. */
export interface Caller {
  /** The calling app (`gateway`, `order`...): the token's issuer, whose key signed it. */
  service: string;
  /** The customer the caller acts for, if any (`sub`). */
  userId?: string;
  /** True only when the caller asserted an administrator's request (`adm`); only the gateway checks admin tokens. */
  admin: boolean;
}

export type CallerOutcome = { result: 'ok'; caller: Caller } | { result: 'missing' | 'invalid' | 'expired' };

export interface TokenIssuer {
  /** A token for calling `audience` (the callee's app name), cached while it is fresh. */
  tokenFor(audience: string, actingFor?: ActingFor): Promise<string>;
}

export interface CallerVerifier {
  verify(token: string | undefined): Promise<CallerOutcome>;
}

/**
 * Signs service tokens with this service's Ed25519 key: iss = this service, aud = the callee, sub = the
 * customer, adm = an administrator's request, 60 s expiry. The same token is reused for the same
 * callee and principal until it is close to expiring, so a busy gateway signs a few tokens a minute per
 * customer, not one per request.
 */
export function createTokenIssuer(keys: ServiceKeys): TokenIssuer {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return {
    async tokenFor(audience, actingFor = {}) {
      const key = `${audience}\u0000${actingFor.userId ?? ''}\u0000${actingFor.admin === true ? 1 : 0}`;
      const now = Math.floor(Date.now() / 1000);
      const cached = cache.get(key);
      if (cached && cached.expiresAt - now > REUSE_MARGIN_SECONDS) return cached.token;
      const expiresAt = now + SERVICE_TOKEN_TTL_SECONDS;
      const jwt = new SignJWT(actingFor.admin === true ? { adm: true } : {})
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.service, typ: SERVICE_TOKEN_TYPE })
        .setIssuer(keys.service)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(expiresAt);
      if (actingFor.userId !== undefined) jwt.setSubject(actingFor.userId);
      const token = await jwt.sign(keys.privateKey);
      if (cache.size >= MAX_CACHED_TOKENS) cache.clear();
      cache.set(key, { token, expiresAt });
      return token;
    },
  };
}

/**
 * Verifies service tokens sent to `keys.service`: EdDSA only, our `typ`, addressed to us, unexpired, and
 * signed by the key of the app it claims to come from (the header's kid must equal iss, so one app's
 * key cannot speak for another). Never throws: every failure is an outcome.
 */
export function createCallerVerifier(keys: Pick<ServiceKeys, 'service' | 'trusted'>): CallerVerifier {
  const keySet = createLocalJWKSet(keys.trusted);
  return {
    async verify(token) {
      if (!token) return { result: 'missing' };
      try {
        const { payload, protectedHeader } = await jwtVerify(token, keySet, {
          audience: keys.service,
          algorithms: ['EdDSA'],
          typ: SERVICE_TOKEN_TYPE,
          requiredClaims: ['iss', 'aud', 'exp', 'iat'],
          maxTokenAge: `${SERVICE_TOKEN_TTL_SECONDS + 5}s`,
          clockTolerance: 5,
        });
        if (protectedHeader.kid !== payload.iss) return { result: 'invalid' };
        const userId = payload.sub;
        if (userId !== undefined && (userId.length === 0 || userId.length > 128)) return { result: 'invalid' };
        return { result: 'ok', caller: { service: payload.iss!, ...(userId !== undefined ? { userId } : {}), admin: payload.adm === true } };
      } catch (error) {
        return { result: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
