import { describe, expect, it } from 'vitest';
import { checkoutFingerprint } from './checkout-fingerprint';

const request = {
  shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
  shippingMethod: 'standard' as const,
  payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' },
};

describe('checkout fingerprint', () => {
  it('is the same for the same request, whatever the CVC', () => {
    expect(checkoutFingerprint(request)).toBe(checkoutFingerprint({ ...request, payment: { ...request.payment, cvc: '999' } }));
  });

  it('differs for another card, expiry, address or shipping method', () => {
    const base = checkoutFingerprint(request);
    expect(checkoutFingerprint({ ...request, payment: { ...request.payment, cardNumber: '4000000000000002' } })).not.toBe(base);
    expect(checkoutFingerprint({ ...request, payment: { ...request.payment, expYear: 2031 } })).not.toBe(base);
    expect(checkoutFingerprint({ ...request, shippingAddress: { ...request.shippingAddress, city: 'Shelbyville' } })).not.toBe(base);
    expect(checkoutFingerprint({ ...request, shippingMethod: 'express' })).not.toBe(base);
  });

  it('is a SHA-256 digest, not the request itself', () => {
    expect(checkoutFingerprint(request)).toMatch(/^[0-9a-f]{64}$/);
  });
});
