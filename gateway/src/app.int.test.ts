import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { ADMIN_TOKEN, buildGateway, generousLimits, signToken, startStandIn, STOREFRONT, type StandIn } from '../test/gateway-harness';
import { SERVICE_NAMES, type ServiceName } from './config';

// Redis database 6 is the gateway tests' own (the running shop uses 0); flushed before use.
const redis = createRedis(storeUrls.redis(6), 'gateway-routing-test');
let upstream: StandIn;
const seen = () => upstream.seen;

beforeAll(async () => {
  await redis.flushdb();
  upstream = await startStandIn();
});

afterAll(async () => {
  await upstream.close();
  await redis.quit();
});

const gateway = (urls: Partial<Record<ServiceName, string>>) => buildGateway({ urls, redis, limits: generousLimits('test-routing') });

describe('gateway routing', () => {
  it('forwards the path, query and request id to the owning service and relays its answer', async () => {
    const response = await request(gateway({ product: upstream.url })).get('/api/products?category=books&page=2').set('x-request-id', 'req-42');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ echoed: '/products?category=books&page=2' });
    expect(response.headers['cache-control']).toBe('max-age=5');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(seen().at(-1)?.headers['x-request-id']).toBe('req-42');
  });

  it('forwards JSON bodies to the user service', async () => {
    const response = await request(gateway({ user: upstream.url })).post('/api/auth/signup').send({ email: 'a@b.c', password: 'x', name: 'A' });
    expect(response.status).toBe(201);
    expect(JSON.parse(seen().at(-1)!.body)).toEqual({ email: 'a@b.c', password: 'x', name: 'A' });
  });

  it('forwards public shipping quotes without a token', async () => {
    const response = await request(gateway({ shipping: upstream.url })).post('/api/shipping/quotes').send({ country: 'US', postalCode: '10001', weightKg: 1 });
    expect(response.status).toBe(201);
    expect(seen().at(-1)).toMatchObject({ method: 'POST', url: '/quotes' });
  });

  it('answers 503 upstream_unavailable quickly when the service is down', async () => {
    const started = Date.now();
    const response = await request(gateway({})).get('/api/products');
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'upstream_unavailable', details: { service: 'product' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects a 10 MB body with 413 before calling any service', async () => {
    const before = seen().length;
    const response = await request(gateway({ user: upstream.url }))
      .post('/api/auth/signup')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(seen().length).toBe(before);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await request(gateway({ user: upstream.url })).post('/api/auth/signup').set('content-type', 'application/json').send('{"email":');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });

  it('answers unknown paths with 404 in the error shape', async () => {
    const response = await request(gateway({})).get('/api/nope');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route_not_found');
  });

  it('reports each service in /api/health and 503 when one is down', async () => {
    const response = await request(gateway({ product: upstream.url })).get('/api/health');
    expect(response.status).toBe(503);
    expect(response.body.services.product.status).toBe('ok');
    expect(response.body.services.user.status).toBe('error');
    expect(Object.keys(response.body.services).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('lists its endpoints at /, including the customer and admin routes and the token key', async () => {
    const response = await request(gateway({})).get('/');
    expect(response.body.endpoints).toContain('GET /api/products?category=&page=&limit=');
    expect(response.body.endpoints).toContain('GET /api/cart (token)');
    expect(response.body.endpoints).toContain('PUT /api/admin/inventory/:sku {available} (admin token)');
    expect(response.body.endpoints).toContain('GET /.well-known/jwks.json (the public key customer tokens are signed with)');
    expect(response.body.authentication).toContain('Bearer <contents of .stack/secrets/admin-token>');
  });

  it('serves the user service\'s JWKS at /.well-known/jwks.json, without a token, with its cache-control', async () => {
    upstream.headers = { 'cache-control': 'public, max-age=300' };
    try {
      const response = await request(gateway({ user: upstream.url })).get('/.well-known/jwks.json');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ echoed: '/.well-known/jwks.json' });
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(seen().at(-1)).toMatchObject({ method: 'GET', url: '/.well-known/jwks.json', audience: 'user' });
    } finally {
      upstream.headers = undefined;
    }
  });
});

describe('path parameters', () => {
  // `..` would survive encodeURIComponent and be resolved by the URL parser: DELETE /api/cart/items/..
  // became the cart service's DELETE /cart (the whole cart emptied). supertest sends the path as written.
  const traversals = ['%2E%2E', '%2e%2e', '..', '%2E', '.', '..%2F..%2Fcart', 'a%2Fb', 'a%5Cb', '%2E%2E%5C'];

  it('answers ., .. and values with slashes or backslashes with 400 validation_failed, without calling any service', async () => {
    const app = gateway({ product: upstream.url, cart: upstream.url, order: upstream.url, inventory: upstream.url });
    const token = await signToken({ sub: '11111111-1111-4111-8111-111111111111' });
    const before = seen().length;
    for (const value of traversals) {
      for (const [label, call] of [
        ['GET /api/products/', () => request(app).get(`/api/products/${value}`)],
        ['GET image.svg', () => request(app).get(`/api/products/${value}/image.svg`)],
        ['DELETE /api/cart/items/', () => request(app).delete(`/api/cart/items/${value}`).set('authorization', `Bearer ${token}`)],
        ['PATCH /api/cart/items/', () => request(app).patch(`/api/cart/items/${value}`).set('authorization', `Bearer ${token}`).send({ quantity: 1 })],
        ['GET /api/orders/', () => request(app).get(`/api/orders/${value}`).set('authorization', `Bearer ${token}`)],
        ['PUT /api/admin/inventory/', () => request(app).put(`/api/admin/inventory/${value}`).set('authorization', `Bearer ${ADMIN_TOKEN}`).send({ available: 1 })],
      ] as const) {
        const response = await call();
        expect(response.status, `${label} ${value}`).toBe(400);
        expect(response.body.error.code, `${label} ${value}`).toBe('validation_failed');
      }
    }
    expect(seen().slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('still forwards ordinary ids, encoded as one path segment', async () => {
    const token = await signToken({ sub: '11111111-1111-4111-8111-111111111111' });
    const response = await request(gateway({ cart: upstream.url })).delete('/api/cart/items/p-0001%20x...').set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(seen().at(-1)).toMatchObject({ method: 'DELETE', url: '/cart/items/p-0001%20x...' });
  });
});

describe('replayed checkouts', () => {
  it('passes the order service\'s idempotent-replayed header on, readable by the storefront', async () => {
    upstream.headers = { 'idempotent-replayed': 'true' };
    try {
      const token = await signToken({ sub: '11111111-1111-4111-8111-111111111111' });
      const response = await request(gateway({ order: upstream.url }))
        .post('/api/checkout')
        .set('authorization', `Bearer ${token}`)
        .set('origin', STOREFRONT)
        .set('idempotency-key', 'key-1')
        .send({});
      expect(response.status).toBe(201);
      expect(response.headers['idempotent-replayed']).toBe('true');
      expect(response.headers['access-control-expose-headers']?.split(',')).toContain('idempotent-replayed');
    } finally {
      upstream.headers = undefined;
    }
  });
});
