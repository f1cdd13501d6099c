import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { ADMIN_TOKEN, buildGateway, generousLimits, metricLines, metrics, signToken, startStandIn, STOREFRONT, type StandIn } from '../test/gateway-harness';

const redis = createRedis(storeUrls.redis(6), 'gateway-auth-test');
let upstream: StandIn;
let app: ReturnType<typeof buildGateway>;
const lastSeen = () => upstream.seen.at(-1)!;

beforeAll(async () => {
  await redis.flushdb();
  upstream = await startStandIn();
  const everything = { user: upstream.url, product: upstream.url, cart: upstream.url, order: upstream.url, inventory: upstream.url, shipping: upstream.url };
  app = buildGateway({ urls: everything, redis, limits: generousLimits('test-auth') });
});

afterAll(async () => {
  await upstream.close();
  await redis.quit();
});

beforeEach(() => {
  upstream.seen.length = 0;
  upstream.status = undefined;
  metrics.client.mockBuffer = [];
});

describe('customer tokens', () => {
  it('answers 401 unauthorized without a token on every customer route, without calling a service', async () => {
    const routes = [
      request(app).get('/api/me'),
      request(app).get('/api/cart'),
      request(app).post('/api/cart/items').send({ productId: 'p-0001', quantity: 1 }),
      request(app).patch('/api/cart/items/p-0001').send({ quantity: 2 }),
      request(app).delete('/api/cart/items/p-0001'),
      request(app).post('/api/checkout').send({}),
      request(app).get('/api/orders'),
      request(app).get('/api/orders/o-1'),
    ];
    for (const pending of routes) {
      const response = await pending;
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
    expect(upstream.seen).toHaveLength(0);
    expect(metricLines()).toContain('ecommerce.gateway.auth_failed:1|c|#reason:missing');
  });

  it('answers 401 unauthorized for forged, malformed and wrongly issued tokens', async () => {
    const sub = randomUUID();
    const bad = {
      'wrong secret': await signToken({ sub, secret: 'another-secret-that-is-long-enough-000000' }),
      'wrong issuer': await signToken({ sub, issuer: 'someone-else' }),
      'other algorithm': await signToken({ sub, alg: 'HS512' }),
      'no subject': await signToken({}),
      'unsigned (alg none)': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, iss: 'shopfast-user', exp: 9999999999 })).toString('base64url')}.`,
      garbage: 'not.a.token',
      injection: "' OR 1=1 --",
    };
    for (const [name, token] of Object.entries(bad)) {
      const response = await request(app).get('/api/cart').set('authorization', `Bearer ${token}`);
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe('unauthorized');
    }
    const basic = await request(app).get('/api/cart').set('authorization', 'Basic dXNlcjpwYXNz');
    expect(basic.status).toBe(401);
    expect(upstream.seen).toHaveLength(0);
    expect(metricLines()).toContain('ecommerce.gateway.auth_failed:1|c|#reason:invalid');
  });

  it('answers 401 token_expired for an expired token', async () => {
    const token = await signToken({ sub: randomUUID(), expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const response = await request(app).get('/api/orders').set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('token_expired');
    expect(response.headers['www-authenticate']).toContain('invalid_token');
    expect(metricLines()).toContain('ecommerce.gateway.auth_failed:1|c|#reason:expired');
  });

  it('forwards a valid token as x-user-id = sub and never passes the token itself on', async () => {
    const sub = randomUUID();
    const token = await signToken({ sub });
    const response = await request(app).post('/api/cart/items').set('authorization', `Bearer ${token}`).send({ productId: 'p-0001', quantity: 2 });
    expect(response.status).toBe(201);
    expect(lastSeen()).toMatchObject({ method: 'POST', url: '/cart/items' });
    expect(lastSeen().headers['x-user-id']).toBe(sub);
    expect(lastSeen().headers.authorization).toBeUndefined();
    expect(JSON.parse(lastSeen().body)).toEqual({ productId: 'p-0001', quantity: 2 });
  });

  it('asks the user service for the profile of the token subject at /api/me', async () => {
    const sub = randomUUID();
    const response = await request(app).get('/api/me').set('authorization', `Bearer ${await signToken({ sub })}`);
    expect(response.status).toBe(200);
    expect(lastSeen().url).toBe(`/users/${sub}`);
  });

  it('maps the cart, order and checkout routes to their services', async () => {
    const auth = { authorization: `Bearer ${await signToken({ sub: randomUUID() })}` };
    const cases: Array<[request.Test, string, string]> = [
      [request(app).get('/api/cart').set(auth), 'GET', '/cart'],
      [request(app).patch('/api/cart/items/p-0002').set(auth).send({ quantity: 0 }), 'PATCH', '/cart/items/p-0002'],
      [request(app).delete('/api/cart/items/p-0002').set(auth), 'DELETE', '/cart/items/p-0002'],
      [request(app).get('/api/orders?page=2').set(auth), 'GET', '/orders?page=2'],
      // An id with a slash is refused before forwarding now (app.int.test.ts, path parameters); other odd characters stay encoded in one segment.
      [request(app).get('/api/orders/abc%20..%3Fadmin').set(auth), 'GET', '/orders/abc%20..%3Fadmin'],
    ];
    for (const [pending, method, url] of cases) {
      await pending;
      expect(lastSeen()).toMatchObject({ method, url });
    }
  });

  it('forwards the Idempotency-Key on checkout and calls the order service exactly once even when it fails', async () => {
    upstream.status = 503;
    const response = await request(app)
      .post('/api/checkout')
      .set('authorization', `Bearer ${await signToken({ sub: randomUUID() })}`)
      .set('idempotency-key', 'checkout-key-1')
      .send({ shippingMethod: 'standard' });
    expect(response.status).toBe(503);
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]).toMatchObject({ method: 'POST', url: '/checkout' });
    expect(upstream.seen[0]!.headers['idempotency-key']).toBe('checkout-key-1');
  });
});

describe('identity headers from clients', () => {
  it('never lets a client-sent x-user-id or x-admin reach a service', async () => {
    const response = await request(app).get('/api/products').set('x-user-id', randomUUID()).set('x-admin', 'true');
    expect(response.status).toBe(200);
    expect(lastSeen().headers['x-user-id']).toBeUndefined();
    expect(lastSeen().headers['x-admin']).toBeUndefined();
  });

  it('replaces a client-sent x-user-id with the token subject', async () => {
    const sub = randomUUID();
    const response = await request(app).get('/api/cart').set('authorization', `Bearer ${await signToken({ sub })}`).set('x-user-id', randomUUID());
    expect(response.status).toBe(200);
    expect(lastSeen().headers['x-user-id']).toBe(sub);
  });

  it('does not accept a client-sent x-user-id instead of a token', async () => {
    const response = await request(app).get('/api/cart').set('x-user-id', randomUUID());
    expect(response.status).toBe(401);
    expect(upstream.seen).toHaveLength(0);
  });
});

describe('admin token', () => {
  const setStock = () => request(app).put('/api/admin/inventory/SKU-0001').send({ available: 7 });

  it('forwards with x-admin: true when the admin token matches', async () => {
    const response = await setStock().set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(response.status).toBe(200);
    expect(lastSeen()).toMatchObject({ method: 'PUT', url: '/admin/stock/SKU-0001' });
    expect(lastSeen().headers['x-admin']).toBe('true');
    expect(lastSeen().headers.authorization).toBeUndefined();
    expect(JSON.parse(lastSeen().body)).toEqual({ available: 7 });
  });

  it('answers 401 without the admin token, with a wrong one, or with a customer token', async () => {
    const customer = await signToken({ sub: randomUUID() });
    for (const header of [undefined, `Bearer ${ADMIN_TOKEN}x`, 'Bearer local-admin-token', `Bearer ${customer}`, ADMIN_TOKEN]) {
      const pending = setStock();
      const response = await (header ? pending.set('authorization', header) : pending);
      expect(response.status, String(header)).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    const spoofed = await setStock().set('x-admin', 'true');
    expect(spoofed.status).toBe(401);
    expect(upstream.seen).toHaveLength(0);
    expect(metricLines()).toContain('ecommerce.gateway.auth_failed:1|c|#reason:admin_invalid');
    expect(metricLines()).toContain('ecommerce.gateway.auth_failed:1|c|#reason:admin_missing');
  });

  it('guards a price change the same way: forwarded to product with x-admin only with the admin token', async () => {
    const setPrice = () => request(app).patch('/api/admin/products/p-0001').send({ price: 9.99 });
    expect((await setPrice()).status).toBe(401);
    expect((await setPrice().set('x-admin', 'true')).status).toBe(401);
    expect(upstream.seen).toHaveLength(0);
    const response = await setPrice().set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(response.status).toBe(200);
    expect(lastSeen()).toMatchObject({ method: 'PATCH', url: '/admin/products/p-0001' });
    expect(lastSeen().headers['x-admin']).toBe('true');
  });
});

describe('CORS for the storefront', () => {
  it('answers a preflight from the storefront allowing the auth, idempotency and trace headers', async () => {
    const response = await request(app)
      .options('/api/cart/items')
      .set('origin', STOREFRONT)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,authorization,x-datadog-trace-id,traceparent');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(STOREFRONT);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    const allowed = String(response.headers['access-control-allow-headers']).split(',');
    for (const header of ['content-type', 'authorization', 'idempotency-key', 'x-request-id', 'x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-origin', 'x-datadog-sampling-priority', 'traceparent', 'tracestate', 'baggage']) {
      expect(allowed).toContain(header);
    }
    expect(response.headers['access-control-allow-methods']).toContain('PATCH');
    expect(upstream.seen).toHaveLength(0);
  });

  it('exposes x-request-id, retry-after and idempotent-replayed on actual requests from the storefront', async () => {
    const response = await request(app).get('/api/products').set('origin', STOREFRONT);
    expect(response.headers['access-control-allow-origin']).toBe(STOREFRONT);
    expect(response.headers['access-control-expose-headers']).toBe('x-request-id,retry-after,idempotent-replayed');
  });

  it('gives no CORS headers to other origins', async () => {
    const response = await request(app).options('/api/cart').set('origin', 'https://evil.example').set('access-control-request-method', 'GET');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
