import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { buildGateway, generousLimits, startStandIn, type StandIn } from '../test/gateway-harness';
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

  it('lists its endpoints at /, including the customer and admin routes', async () => {
    const response = await request(gateway({})).get('/');
    expect(response.body.endpoints).toContain('GET /api/products?category=&page=&limit=');
    expect(response.body.endpoints).toContain('GET /api/cart (token)');
    expect(response.body.endpoints).toContain('PUT /api/admin/inventory/:sku {available} (admin token)');
  });
});
