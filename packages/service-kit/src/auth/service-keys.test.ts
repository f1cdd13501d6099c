import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateServiceKeys, loadServiceKeys, parseTrustedKeys, serviceKeysFrom } from './service-keys';

const pem = (key: import('node:crypto').KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('service keys', () => {
  const generated = generateServiceKeys(['gateway', 'order'] as const);

  it('loads a key and the trusted set from files, as main.ts does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-keys-'));
    writeFileSync(join(dir, 'order.key.pem'), pem(generated.order.privateKey), { mode: 0o600 });
    writeFileSync(join(dir, 'trusted-keys.json'), JSON.stringify(generated.order.trusted));
    const keys = loadServiceKeys({ service: 'order', keyFile: join(dir, 'order.key.pem'), trustedKeysFile: join(dir, 'trusted-keys.json') });
    expect(keys.service).toBe('order');
    expect(keys.trusted.keys.map((key) => key.kid)).toEqual(['gateway', 'order']);
  });

  it('refuses a private key file every user can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-keys-'));
    writeFileSync(join(dir, 'order.key.pem'), pem(generated.order.privateKey));
    chmodSync(join(dir, 'order.key.pem'), 0o644);
    writeFileSync(join(dir, 'trusted-keys.json'), JSON.stringify(generated.order.trusted));
    expect(() => loadServiceKeys({ service: 'order', keyFile: join(dir, 'order.key.pem'), trustedKeysFile: join(dir, 'trusted-keys.json') })).toThrow(/readable by every user \(mode 644\)/);
  });

  it('says what to do when a file is missing', () => {
    expect(() => loadServiceKeys({ service: 'order', keyFile: '/nonexistent/order.key.pem', trustedKeysFile: '/nonexistent/trusted-keys.json' })).toThrow(
      /TRUSTED_KEYS_FILE.*does not exist.*generate-secrets\.mjs/,
    );
  });

  it('refuses a private key whose public half is not the one published under the service name', () => {
    expect(() => serviceKeysFrom('order', pem(generated.gateway.privateKey), generated.order.trusted)).toThrow(/does not match/);
    expect(() => serviceKeysFrom('cart', pem(generated.order.privateKey), generated.order.trusted)).toThrow(/no key for cart/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => serviceKeysFrom('order', pem(rsa), generated.order.trusted)).toThrow(/must be Ed25519/);
  });

  it('refuses a trusted set with a private key in it, a duplicate kid or another key type', () => {
    const withPrivate = { keys: [{ ...(generated.order.privateKey.export({ format: 'jwk' }) as object), kid: 'order' }] };
    expect(() => parseTrustedKeys(JSON.stringify(withPrivate))).toThrow(/no private part/);
    const key = generated.order.trusted.keys[0]!;
    expect(() => parseTrustedKeys(JSON.stringify({ keys: [key, key] }))).toThrow(/twice/);
    expect(() => parseTrustedKeys(JSON.stringify({ keys: [{ kty: 'RSA', kid: 'x', n: 'a', e: 'AQAB' }] }))).toThrow(/Ed25519/);
    expect(() => parseTrustedKeys('{')).toThrow(/not JSON/);
  });
});
