import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CUSTOMER_TOKEN } from '@shopfast/contracts';

/** `aud` and `kid` of login tokens: one definition, shared with the gateway that verifies them. */
export const CUSTOMER_TOKEN_AUDIENCE = CUSTOMER_TOKEN.audience;
export const CUSTOMER_TOKEN_KID = CUSTOMER_TOKEN.signer;

export interface TokenSettings {
  /** The user service's Ed25519 key (SERVICE_KEY_FILE): the only key customer tokens are signed with. */
  privateKey: KeyObject;
  issuer: string;
  ttlSeconds: number;
}

/**
 * A customer's login token: EdDSA with this service's key, typ JWT (never the `svc+jwt` of service
 * tokens, so neither passes for the other), subject = user id, our issuer, the API as audience, and an
 * expiry. The gateway verifies it with the public key only, so nothing that can sign one leaves here.
 */
export async function issueToken(userId: string, settings: TokenSettings): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: CUSTOMER_TOKEN_KID, typ: CUSTOMER_TOKEN.type })
    .setSubject(userId)
    .setIssuer(settings.issuer)
    .setAudience(CUSTOMER_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .sign(settings.privateKey);
}
