import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog.ts';
import { JOURNEYS, journeyMix } from './journeys/index.ts';
import { createRandom } from './random.ts';
import { ROUTES, routeOf } from './shop-routes.ts';
import type { Product } from './shop-responses.ts';
import { createUserPool, type Customer } from './user-pool.ts';

const customer = (n: number, tokenAt = Date.now()): Customer => ({ email: `c${n}@example.test`, password: 'x', name: `C ${n}`, userId: `u${n}`, token: `t${n}`, tokenAt });

describe('the customer pool', () => {
  it('signs up unique e-mails per run and never leases one customer to two journeys at once', () => {
    const pool = createUserPool({ runId: 'abc' });
    expect(pool.newIdentity().email).toBe('traffic+abc-1@example.test');
    expect(pool.newIdentity().email).toBe('traffic+abc-2@example.test');
    const random = createRandom(1);
    const first = pool.addLeased(customer(1));
    expect(pool.lease(random)).toBeUndefined(); // the only customer is busy
    pool.release(first);
    expect(pool.lease(random)).toBe(first);
    expect(pool.lease(random)).toBeUndefined();
  });

  it('forgets the oldest idle customer past its capacity, and asks for a new login when a token gets old', () => {
    let now = 0;
    const pool = createUserPool({ runId: 'r', capacity: 2, tokenLifetimeMs: 1_000, now: () => now });
    const customers = [1, 2, 3].map((n) => pool.addLeased(customer(n, 0)));
    for (const c of customers) pool.release(c);
    expect(pool.size).toBe(2);
    const random = createRandom(2);
    const leased = [pool.lease(random), pool.lease(random)].map((c) => c!.userId).sort();
    expect(leased).toEqual(['u2', 'u3']);
    expect(pool.needsLogin(customers[1]!)).toBe(false);
    now = 1_001;
    expect(pool.needsLogin(customers[1]!)).toBe(true);
  });
});

const product = (id: string, stock: number, name = 'Birchwood Pro Lamp (Teal)'): Product => ({ id, sku: `SKU-${id}`, name, category: 'home', brand: 'Birchwood', price: 10, stock, available: stock > 0 });

describe('the catalogue the generator learns', () => {
  it('picks products in stock, learns search words from names and brands, and forgets sold-out stock', () => {
    const catalog = createCatalog();
    catalog.learn([product('p-0001', 50), product('p-0002', 0, 'Voltra Pro Earbuds (Graphite)')]);
    const random = createRandom(3);
    for (let i = 0; i < 20; i++) expect(catalog.pickInStock(random)?.id).toBe('p-0001');
    const terms = new Set(Array.from({ length: 50 }, () => catalog.pickTerm(random)));
    expect([...terms].sort()).toEqual(['birchwood', 'earbuds', 'lamp']);
    catalog.soldOut('p-0001');
    // Nothing in stock any more: any product rather than none (the shop answers the truth).
    expect(['p-0001', 'p-0002']).toContain(catalog.pickInStock(random)?.id);
  });
});

describe('the journey mix', () => {
  it('covers every journey the issue asks for, and --mix narrows it', () => {
    expect(JOURNEYS.map((journey) => journey.name)).toEqual([
      'browse',
      'category',
      'search',
      'search-no-results',
      'view-product',
      'add-to-cart',
      'abandon-cart',
      'sign-up',
      'log-in',
      'checkout',
      'checkout-declined',
      'view-orders',
      'checkout-retry',
    ]);
    expect(JOURNEYS.reduce((sum, journey) => sum + journey.weight, 0)).toBe(100);
    expect(journeyMix(new Map([['checkout', 2]])).map((entry) => [entry.value.name, entry.weight])).toEqual([['checkout', 2]]);
  });

  it('keeps logins under the local per-IP login budget at 20 journeys/s (100 a minute)', () => {
    const share = JOURNEYS.find((journey) => journey.name === 'log-in')!.weight / 100;
    expect(20 * 60 * share).toBeLessThanOrEqual(60);
  });
});

describe('route names', () => {
  it('label requests as the gateway does in shopfast_http_requests_total', () => {
    expect(routeOf('get', '/api/orders/0e0e0e0e-0000-4000-8000-000000000001')).toBe(ROUTES.order);
    expect(routeOf('DELETE', '/api/cart/items/p-0001')).toBe(ROUTES.removeItem);
    expect(routeOf('GET', '/api/products/p-0001/image.svg')).toBe('GET /api/products/:id/image.svg');
    expect(routeOf('GET', '/api/products/p-0001')).toBe(ROUTES.product);
    expect(routeOf('POST', '/api/checkout')).toBe(ROUTES.checkout);
  });
});
