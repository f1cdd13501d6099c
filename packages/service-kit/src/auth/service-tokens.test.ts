import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateServiceKeys } from './service-keys';
import { createCallerVerifier, createTokenIssuer, SERVICE_TOKEN_TYPE } from './service-tokens';

const keys = generateServiceKeys(['gateway', 'order', 'payment'] as const);
const payment = createCallerVerifier(keys.payment);

describe('service tokens', () => {
  it('names the calling service, the customer and an administrator request', async () => {
    const token = await createTokenIssuer(keys.gateway).tokenFor('payment', { userId: 'u-1', admin: true });
    expect(await payment.verify(token)).toEqual({ result: 'ok', caller: { service: 'gateway', userId: 'u-1', admin: true } });
    const plain = await createTokenIssuer(keys.order).tokenFor('payment');
    expect(await payment.verify(plain)).toEqual({ result: 'ok', caller: { service: 'order', admin: false } });
  });

  it('reuses a fresh token for the same callee and principal, and signs another for a different one', async () => {
    const issuer = createTokenIssuer(keys.gateway);
    const first = await issuer.tokenFor('payment', { userId: 'u-1' });
    expect(await issuer.tokenFor('payment', { userId: 'u-1' })).toBe(first);
    expect(await issuer.tokenFor('payment', { userId: 'u-2' })).not.toBe(first);
    expect(await issuer.tokenFor('order', { userId: 'u-1' })).not.toBe(first);
  });

  it('refuses a token meant for another service', async () => {
    const token = await createTokenIssuer(keys.gateway).tokenFor('order', { userId: 'u-1' });
    expect(await payment.verify(token)).toEqual({ result: 'invalid' });
  });

  it('refuses a token signed by a key nobody trusts, even under a trusted name', async () => {
    const stranger = generateServiceKeys(['gateway'] as const).gateway;
    const token = await createTokenIssuer(stranger).tokenFor('payment', { admin: true });
    expect(await payment.verify(token)).toEqual({ result: 'invalid' });
  });

  it('refuses one app speaking for another: the key of order cannot sign as gateway', async () => {
    const forged = await new SignJWT({ adm: true })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'order', typ: SERVICE_TOKEN_TYPE })
      .setIssuer('gateway')
      .setAudience('payment')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(keys.order.privateKey);
    expect(await payment.verify(forged)).toEqual({ result: 'invalid' });
  });

  it('refuses an expired token as expired, and a customer login token (typ JWT) as invalid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway', typ: SERVICE_TOKEN_TYPE })
      .setIssuer('gateway')
      .setAudience('payment')
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(keys.gateway.privateKey);
    expect(await payment.verify(expired)).toEqual({ result: 'expired' });
    const login = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway', typ: 'JWT' })
      .setIssuer('gateway')
      .setAudience('payment')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(keys.gateway.privateKey);
    expect(await payment.verify(login)).toEqual({ result: 'invalid' });
  });

  it('refuses a token that lives longer than a service token may, and other algorithms', async () => {
    const longLived = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway', typ: SERVICE_TOKEN_TYPE })
      .setIssuer('gateway')
      .setAudience('payment')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime('1d')
      .sign(keys.gateway.privateKey);
    expect(await payment.verify(longLived)).toEqual({ result: 'expired' });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es256 = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'gateway', typ: SERVICE_TOKEN_TYPE }).setIssuer('gateway').setAudience('payment').setIssuedAt().setExpirationTime('60s').sign(privateKey);
    expect(await payment.verify(es256)).toEqual({ result: 'invalid' });
    expect(await payment.verify('not.a.token')).toEqual({ result: 'invalid' });
    expect(await payment.verify(undefined)).toEqual({ result: 'missing' });
  });
});
