import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import type { LimitSettings } from './app';
import { buildGateway, gatewayService, generousLimits, listened, metrics, signToken, startStandIn, type StandIn } from '../test/gateway-harness';

const redis = createRedis(storeUrls.redis(6), 'gateway-limits-test');
/** Nothing listens on port 9: a Redis that is down. */
const deadRedis = createRedis('redis://127.0.0.1:9/0', 'gateway-dead-redis-test');
const PREFIX = 'test-limits';
let upstream: StandIn;

beforeAll(async () => {
  await redis.flushdb();
  upstream = await startStandIn();
});

afterAll(async () => {
  await upstream.close();
  await redis.quit();
  deadRedis.disconnect();
  await metrics.close();
});

beforeEach(async () => {
  upstream.status = undefined;
  await listened.reset();
});

/** Each test is its own client (X-Forwarded-For is trusted from loopback), so budgets never leak between tests. */
let clients = 0;
const newClientIp = () => {
  clients += 1;
  return `10.0.${Math.floor(clients / 250)}.${clients % 250}`;
};

describe('per-client rate limit', () => {
  const app = () => buildGateway({ urls: { product: upstream.url, cart: upstream.url }, redis, limits: { ...generousLimits(PREFIX), points: 3, windowSeconds: 30 } });

  it('answers 429 rate_limited with Retry-After once a client spent its budget, without calling the service', async () => {
    const gateway = app();
    const ip = newClientIp();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(gateway).get('/api/products/p-0001').set('x-forwarded-for', ip);
      expect(response.status).toBe(200);
    }
    const before = upstream.seen.length;
    const limited = await request(gateway).get('/api/products/p-0001').set('x-forwarded-for', ip);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(upstream.seen.length).toBe(before);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/products/:id,limiter:api');
  });

  it('limits the public JWKS route like the other public routes', async () => {
    const gateway = buildGateway({ urls: { user: upstream.url }, redis, limits: { ...generousLimits(PREFIX), points: 3, windowSeconds: 30 } });
    const ip = newClientIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await request(gateway).get('/.well-known/jwks.json').set('x-forwarded-for', ip)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts each client separately', async () => {
    const gateway = app();
    const ip = newClientIp();
    for (let attempt = 0; attempt < 3; attempt++) await request(gateway).get('/api/products').set('x-forwarded-for', ip);
    expect((await request(gateway).get('/api/products').set('x-forwarded-for', ip)).status).toBe(429);
    const other = await request(gateway).get('/api/products').set('x-forwarded-for', newClientIp());
    expect(other.status).toBe(200);
  });

  it('counts an authenticated customer by user id, whatever address they call from', async () => {
    const gateway = app();
    const token = await signToken({ sub: randomUUID() });
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(gateway).get('/api/cart').set('authorization', `Bearer ${token}`).set('x-forwarded-for', newClientIp());
      expect(response.status).toBe(200);
    }
    const limited = await request(gateway).get('/api/cart').set('authorization', `Bearer ${token}`).set('x-forwarded-for', newClientIp());
    expect(limited.status).toBe(429);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/cart,limiter:api');
  });

  it('throttles requests with bad tokens by IP, so token guessing is limited too', async () => {
    const gateway = app();
    const ip = newClientIp();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await request(gateway).get('/api/cart').set('authorization', 'Bearer guess').set('x-forwarded-for', ip)).status).toBe(401);
    }
    expect((await request(gateway).get('/api/cart').set('authorization', 'Bearer guess').set('x-forwarded-for', ip)).status).toBe(429);
  });

  it('keeps its counters in Redis under the configured prefix', async () => {
    const gateway = app();
    const ip = newClientIp();
    await request(gateway).get('/api/products').set('x-forwarded-for', ip);
    expect(await redis.get(`${PREFIX}:rl:api:ip:${ip}`)).toBe('1');
  });
});

describe('client address (TRUST_PROXY)', () => {
  const app = (trustProxy: string[] | undefined, budget: Partial<LimitSettings>) =>
    buildGateway({ urls: { product: upstream.url, user: upstream.url }, redis, limits: { ...generousLimits(PREFIX), ...budget }, trustProxy });
  /** Requests from an untrusted peer count against supertest's own address, 127.0.0.1: start clean. */
  const forgetLoopback = async () => {
    const keys = await redis.keys(`${PREFIX}:rl:*:ip:*127.0.0.1`);
    for (const key of keys) await redis.del(key);
  };
  beforeEach(forgetLoopback);
  afterAll(forgetLoopback);

  it('believes X-Forwarded-For from a trusted proxy (loopback by default), one budget per forwarded address', async () => {
    const gateway = app(undefined, { points: 3 });
    const ip = newClientIp();
    await request(gateway).get('/api/products').set('x-forwarded-for', ip);
    expect(await redis.get(`${PREFIX}:rl:api:ip:${ip}`)).toBe('1');
    expect(await redis.keys(`${PREFIX}:rl:api:ip:*127.0.0.1`)).toEqual([]);
  });

  it('ignores X-Forwarded-For from a peer it does not trust: a client cannot buy a fresh budget per made-up address', async () => {
    const gateway = app(['10.9.9.9'], { points: 3 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await request(gateway).get('/api/products').set('x-forwarded-for', newClientIp())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('keeps the per-IP login limit whatever X-Forwarded-For says, when the peer is not trusted', async () => {
    const gateway = app(['10.9.9.9'], { loginPoints: 3 });
    upstream.status = 401;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await request(gateway).post('/api/auth/login').set('x-forwarded-for', newClientIp()).send({ email: `${randomUUID()}@example.test`, password: 'wrong' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/auth/login,limiter:login_ip');
  });
});

describe('login throttling', () => {
  const app = () =>
    buildGateway({
      urls: { user: upstream.url },
      redis,
      limits: { ...generousLimits(PREFIX), loginPoints: 4, loginWindowSeconds: 60, loginFailures: 5, loginFailureWindowSeconds: 900 },
    });
  const login = (gateway: ReturnType<typeof app>, email: string, ip = newClientIp()) =>
    request(gateway).post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password: 'wrong password' });

  it('answers 429 after five failed logins for one e-mail, from any address, for the whole window', async () => {
    const gateway = app();
    const email = `victim-${randomUUID()}@example.test`;
    upstream.status = 401;
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(gateway, email)).status).toBe(401);
    const before = upstream.seen.length;
    const blocked = await login(gateway, email.toUpperCase());
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(upstream.seen.length).toBe(before);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/auth/login,limiter:login_failures');
    expect((await login(gateway, `someone-else-${randomUUID()}@example.test`)).status).toBe(401);
  });

  it('counts an e-mail padded with spaces (which the user service trims) against the same account', async () => {
    const gateway = app();
    const email = `padded-${randomUUID()}@example.test`;
    upstream.status = 401;
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(gateway, email)).status).toBe(401);
    const before = upstream.seen.length;
    expect((await login(gateway, `${email}${' '.repeat(250)}`)).status).toBe(429);
    expect((await login(gateway, `   ${email.toUpperCase()}\t`)).status).toBe(429);
    expect(upstream.seen.length).toBe(before);
  });

  it('counts only failed logins, and a successful login clears the count', async () => {
    const gateway = app();
    const email = `ada-${randomUUID()}@example.test`;
    upstream.status = 401;
    for (let attempt = 0; attempt < 4; attempt++) await login(gateway, email);
    upstream.status = 200;
    expect((await login(gateway, email)).status).toBe(200);
    upstream.status = 401;
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(gateway, email)).status).toBe(401);
    upstream.status = 400;
    expect((await login(gateway, email)).status).toBe(429);
  });

  it('lets at most LOGIN_FAILURE_LIMIT of 30 parallel wrong passwords for one account reach the user service', async () => {
    const gateway = app();
    const email = `parallel-${randomUUID()}@example.test`;
    upstream.status = 401;
    const before = upstream.seen.filter((r) => r.url === '/login').length;
    const responses = await Promise.all(Array.from({ length: 30 }, () => login(gateway, email)));
    const reached = upstream.seen.filter((r) => r.url === '/login').length - before;
    const statuses = responses.map((r) => r.status);
    expect(reached).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBe(reached);
    expect(statuses.filter((s) => s === 429).length).toBe(30 - reached);
  });

  it('gives the attempt back when the user service answers something other than 401 or cannot be reached', async () => {
    const gateway = app();
    const email = `refund-${randomUUID()}@example.test`;
    upstream.status = 400;
    for (let attempt = 0; attempt < 7; attempt++) expect((await login(gateway, email)).status).toBe(400);
    const down = buildGateway({ redis, limits: { ...generousLimits(PREFIX), loginFailures: 5, loginFailureWindowSeconds: 900 } });
    for (let attempt = 0; attempt < 7; attempt++) expect((await login(down, email)).status).toBe(503);
    upstream.status = 401;
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(gateway, email)).status).toBe(401);
    expect((await login(gateway, email)).status).toBe(429);
  });

  it('does not store the e-mail in readable form', async () => {
    const gateway = app();
    const email = `private-${randomUUID()}@example.test`;
    upstream.status = 401;
    await login(gateway, email);
    const keys = await redis.keys(`${PREFIX}:rl:login_failures:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((key) => key.includes('private-'))).toBe(false);
  });

  it('limits login attempts per IP whatever e-mails are tried', async () => {
    const gateway = app();
    const ip = newClientIp();
    upstream.status = 401;
    for (let attempt = 0; attempt < 4; attempt++) expect((await login(gateway, `${randomUUID()}@example.test`, ip)).status).toBe(401);
    const blocked = await login(gateway, `${randomUUID()}@example.test`, ip);
    expect(blocked.status).toBe(429);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/auth/login,limiter:login_ip');
  });

  it('lets odd login bodies through to the user service, which answers 400', async () => {
    const gateway = app();
    upstream.status = 400;
    for (const body of [{ email: { $ne: null } }, { email: 42 }, {}, { email: 'x'.repeat(300) }]) {
      const response = await request(gateway).post('/api/auth/login').set('x-forwarded-for', newClientIp()).send(body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
  });
});

describe('when Redis is down', () => {
  it('lets requests through (fail open), counts the bypass and answers quickly', async () => {
    const gateway = buildGateway({ urls: { product: upstream.url, user: upstream.url, cart: upstream.url }, redis: deadRedis, limits: { ...generousLimits(PREFIX), points: 1, loginPoints: 1, loginFailures: 1 } });
    const started = Date.now();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await request(gateway).get('/api/products')).status).toBe(200);
    }
    upstream.status = 401;
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await request(gateway).post('/api/auth/login').send({ email: 'a@b.c', password: 'x' })).status).toBe(401);
    }
    const token = await signToken({ sub: randomUUID() });
    upstream.status = undefined;
    expect((await request(gateway).get('/api/cart').set('authorization', `Bearer ${token}`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limit_bypassed:1|c|#limiter:api');
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limit_bypassed:1|c|#limiter:login_ip');
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limit_bypassed:1|c|#limiter:login_failures');
  });
});

describe('active users', () => {
  it('counts distinct authenticated users across requests and emits ecommerce.active_users', async () => {
    // A key prefix of its own, so the count is this test's users only; the gauge ticks every second once started.
    const { app: gateway, jobs, activeUsers } = gatewayService({ urls: { cart: upstream.url }, redis, limits: generousLimits(`${PREFIX}-active-${randomUUID()}`) });
    const users = [randomUUID(), randomUUID(), randomUUID()];
    for (const sub of [...users, users[0]!]) {
      await request(gateway).get('/api/cart').set('authorization', `Bearer ${await signToken({ sub })}`).expect(200);
    }
    await request(gateway).get('/api/products');
    await expect.poll(() => activeUsers.count(), { timeout: 2_000 }).toBe(3);
    await jobs.start();
    try {
      await expect.poll(() => listened.received('ecommerce.active_users:'), { timeout: 3_000 }).toContain('ecommerce.active_users:3|g');
    } finally {
      await jobs.stop();
    }
  });
});
