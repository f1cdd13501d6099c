import { errors, jwtVerify } from 'jose';

export type AuthOutcome = { result: 'ok'; userId: string } | { result: 'missing' | 'invalid' | 'expired' };

export interface TokenVerifier {
  verify(token: string): Promise<AuthOutcome>;
}

export interface TokenSettings {
  /** HS256 key shared with the user service, which signs the tokens. */
  secret: string;
  issuer: string;
}

/**
 * Verifies customer JWTs as the user service issues them: HS256 only (no `alg: none`, no algorithm
 * confusion), our issuer, an expiry and a subject (the user id). Never throws: every failure is an outcome.
 */
export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  const key = new TextEncoder().encode(settings.secret);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: settings.issuer, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
        const userId = payload.sub;
        if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128) return { result: 'invalid' };
        return { result: 'ok', userId };
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
