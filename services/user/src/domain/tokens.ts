import { SignJWT } from 'jose';

export interface TokenSettings {
  secret: string;
  issuer: string;
  ttlSeconds: number;
}

/** An HS256 JWT whose subject is the user id; the gateway verifies it with the same secret and issuer. */
export async function issueToken(userId: string, settings: TokenSettings): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(settings.issuer)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .sign(new TextEncoder().encode(settings.secret));
}
