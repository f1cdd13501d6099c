import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { readGeneratedFile } from './generated-file';

/**
 * What one service needs to take part in service-to-service trust (docs/decisions/010): its own Ed25519
 * private key, to sign the tokens it sends, and the public keys of every app, by app name (the JWK's
 * `kid`), to verify the tokens it receives.
 */
export interface ServiceKeys {
  /** This service's name: the `iss` of what it signs and the `aud` it accepts. */
  service: string;
  privateKey: KeyObject;
  trusted: JSONWebKeySet;
}

export class ServiceKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceKeyError';
  }
}

const isEd25519PublicJwk = (key: unknown): key is { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string } => {
  const jwk = key as Record<string, unknown>;
  return typeof jwk === 'object' && jwk !== null && typeof jwk.kid === 'string' && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && !('d' in jwk);
};

/** Parses and checks a trusted-keys JWKS: Ed25519 public keys only, one per `kid`. */
export function parseTrustedKeys(text: string, source = 'trusted keys'): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceKeyError(`${source} is not JSON`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ServiceKeyError(`${source} has no "keys" array`);
  const seen = new Set<string>();
  for (const key of keys) {
    if (!isEd25519PublicJwk(key)) throw new ServiceKeyError(`${source}: every key must be an Ed25519 public JWK with a kid (and no private part)`);
    if (seen.has(key.kid)) throw new ServiceKeyError(`${source}: kid "${key.kid}" appears twice`);
    seen.add(key.kid);
  }
  return { keys: keys.map((key) => ({ ...key, alg: 'EdDSA', use: 'sig' })) };
}

/**
 * Builds a service's keys and checks they belong together: the private key must be Ed25519 and its
 * public half must be the trusted key published under the service's own name, or the service would
 * sign tokens nobody accepts.
 */
export function serviceKeysFrom(service: string, privateKeyPem: string, trusted: JSONWebKeySet): ServiceKeys {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new ServiceKeyError(`the private key of ${service} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ServiceKeyError(`the private key of ${service} must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const own = trusted.keys.find((key) => key.kid === service);
  const publicX = (createPublicKey(privateKey).export({ format: 'jwk' }) as { x?: string }).x;
  if (!own) throw new ServiceKeyError(`the trusted keys have no key for ${service} (kid "${service}")`);
  if (own.x !== publicX) throw new ServiceKeyError(`the trusted key for ${service} does not match its private key: regenerate trusted-keys.json`);
  return { service, privateKey, trusted };
}

/**
 * Reads SERVICE_KEY_FILE and TRUSTED_KEYS_FILE, failing start-up with a message that says what to do. A
 * private key other users can read is refused: the generator writes it with mode 600, and a looser mode
 * means it was copied around (the trusted keys are public and may be readable by all).
 */
export function loadServiceKeys(options: { service: string; keyFile: string; trustedKeysFile: string }): ServiceKeys {
  const fail = (message: string) => new ServiceKeyError(message);
  const trusted = parseTrustedKeys(readGeneratedFile(options.trustedKeysFile, 'the trusted keys (TRUSTED_KEYS_FILE)', { mustBePrivate: false }, fail), options.trustedKeysFile);
  const privateKey = readGeneratedFile(options.keyFile, 'the service key (SERVICE_KEY_FILE)', { mustBePrivate: true }, fail);
  return serviceKeysFrom(options.service, privateKey, trusted);
}

/**
 * Fresh keys for a set of apps, in memory, sharing one trusted set: for tests, which must never use
 * a key that is written down anywhere.
 */
export function generateServiceKeys<const Apps extends readonly string[]>(apps: Apps): Record<Apps[number], ServiceKeys> {
  const pairs = apps.map((app) => ({ app, ...generateKeyPairSync('ed25519') }));
  const trusted: JSONWebKeySet = {
    keys: pairs.map(({ app, publicKey }) => ({ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: app, alg: 'EdDSA', use: 'sig' })),
  };
  return Object.fromEntries(pairs.map(({ app, privateKey }) => [app, { service: app, privateKey, trusted }])) as Record<Apps[number], ServiceKeys>;
}
