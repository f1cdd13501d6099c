import { describe, expect, it } from 'vitest';
import { checkoutRequest, checkoutResult, idempotencyKey, orderListQuery } from './order';

const request = {
  shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'us' },
  shippingMethod: 'standard',
  payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' },
};

describe('checkout request', () => {
  it('normalises what the customer typed: card digits only, country in capitals', () => {
    const parsed = checkoutRequest.parse(request);
    expect(parsed.payment.cardNumber).toBe('4242424242424242');
    expect(parsed.shippingAddress.country).toBe('US');
  });

  it('lists every problem of every part at once', () => {
    const result = checkoutRequest.safeParse({ ...request, shippingMethod: 'drone', payment: { ...request.payment, cardNumber: '4242424242424241', cvc: '1' } });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['payment.cardNumber', 'payment.cvc', 'shippingMethod']);
  });

  it('refuses fields it does not know at every level', () => {
    expect(checkoutRequest.safeParse({ ...request, coupon: 'FREE' }).success).toBe(false);
    expect(checkoutRequest.safeParse({ ...request, payment: { ...request.payment, pin: '1' } }).success).toBe(false);
  });
});

describe('checkout result', () => {
  it('is only ever confirmed', () => {
    const result = { orderId: 'o-1', status: 'confirmed', total: 44.97, currency: 'USD', items: [{ productId: 'p-0001', sku: 'S', name: 'N', unitPrice: 19.99, quantity: 2, lineTotal: 39.98 }] };
    expect(checkoutResult.parse(result)).toEqual(result);
    expect(checkoutResult.safeParse({ ...result, status: 'pending' }).success).toBe(false);
  });
});

describe('order list query', () => {
  it('reads page and limit from the query string with defaults, limit at most 50', () => {
    expect(orderListQuery.parse({})).toEqual({ page: 1, limit: 20 });
    expect(orderListQuery.parse({ page: '3', limit: '50' })).toEqual({ page: 3, limit: 50 });
    expect(orderListQuery.safeParse({ limit: '51' }).success).toBe(false);
    expect(orderListQuery.safeParse({ sort: 'x' }).success).toBe(false);
  });
});

describe('idempotency key', () => {
  it('takes 8 to 128 letters, digits, or . _ : -', () => {
    for (const key of ['abcd1234', 'checkout:2026-01-01_a.b', 'k'.repeat(128)]) expect(idempotencyKey.safeParse(key).success, key).toBe(true);
  });

  it('refuses a key too short, too long, or with other characters', () => {
    for (const key of ['short', 'k'.repeat(129), 'has space-123', 'semi;colon1', 'ünïcode-key']) expect(idempotencyKey.safeParse(key).success, key).toBe(false);
  });
});
