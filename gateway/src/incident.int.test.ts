import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import { bearerToken, createServiceClient } from '@shopfast/service-kit';
import { checkRedis, createRedis } from '@shopfast/stores';
import { storeUrls, testCredentials } from '@shopfast/test-kit';
import { ADMIN_TOKEN, generousLimits, JWT_ISSUER, logger, metrics, trustedKeys } from '../test/gateway-harness';
import { createApp } from './app';
import { SERVICE_NAMES } from './config';
import type { LimitSettings } from './app';
import type { ServiceClients } from './routes/api.routes';

const redis = createRedis(storeUrls.redis(6), 'gateway-incident-test');
const clients = Object.fromEntries(SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: 'http://127.0.0.1:9' })])) as ServiceClients;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SECRET = 'kq8Zr2VbN5xLw9Tf3HcYs7JdP1mGa4Ue6QiRoWnBtEz';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let standIn: Server;
let seen: Seen[] = [];
/** What the stand-in incident service answers next. */
let answer = { status: 202, body: { deliveryId: '1', duplicate: false, incidentId: null, actions: [] } as unknown };

/** The gateway's app with the incident service at `incidentUrl` (none: not configured), its limits generous unless given. */
const gateway = (incidentUrl: string | undefined, limits: Partial<LimitSettings> = {}) =>
  createApp({
    clients,
    incident: incidentUrl ? createServiceClient({ name: 'incident', baseUrl: incidentUrl, credentials: testCredentials('gateway'), retries: 2 }) : undefined,
    logger,
    metrics,
    readiness: {},
    version: 'test',
    bodyLimit: '100kb',
    redis,
    tokens: { trusted: trustedKeys.user.trusted, issuer: JWT_ISSUER },
    adminToken: ADMIN_TOKEN,
    limits: { ...generousLimits(`test-incident-${randomUUID()}`), ...limits },
    corsOrigins: [],
    checkoutTimeoutMs: 1_000,
    flagsFile: '/nonexistent/shopfast.flagd.json',
  });
let app: ReturnType<typeof gateway>;

/** The claims of the service token the gateway sent (verified elsewhere: here, who it says it is and for whom). */
const claimsOf = (request: Seen) => decodeJwt(bearerToken(request.headers.authorization as string) ?? '');

beforeAll(async () => {
  // The limiters fail open until Redis is connected: a test of a budget run on its own (-t) would see its
  // first requests let through uncounted. Connected first, every test counts from its first request.
  await checkRedis(redis);
  standIn = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  app = gateway(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => standIn.close(() => resolve()));
  await redis.quit();
  await metrics.close();
});
beforeEach(() => {
  seen = [];
  answer = { status: 202, body: { deliveryId: '1', duplicate: false, incidentId: null, actions: [] } };
});

describe('POST /api/webhooks/datadog', () => {
  it('forwards the delivery with its secret header and the gateway\'s own token, without asking the caller for one', async () => {
    const delivery = { version: '1', id: '99', title: 'Error rate spike' };
    const response = await request(app)
      .post('/api/webhooks/datadog')
      .set(WEBHOOK_SECRET_HEADER, SECRET)
      .set('authorization', 'Bearer made-up')
      .set('cookie', 'session=1')
      .send(delivery);
    expect(response.status).toBe(202);
    expect(response.body).toEqual(answer.body);
    expect(seen).toHaveLength(1);
    const [forwarded] = seen;
    expect(forwarded).toMatchObject({ method: 'POST', url: '/webhooks/datadog' });
    expect(forwarded!.headers[WEBHOOK_SECRET_HEADER]).toBe(SECRET);
    expect(forwarded!.headers.cookie).toBeUndefined();
    expect(JSON.parse(forwarded!.body)).toEqual(delivery);
    expect(claimsOf(forwarded!)).toMatchObject({ iss: 'gateway', aud: 'incident' });
    expect(claimsOf(forwarded!).adm).toBeUndefined();
  });

  it('relays the service\'s answer (401 for a wrong secret) and never retries a delivery itself', async () => {
    answer = { status: 401, body: { error: { code: 'unauthorized', message: 'wrong secret' } } };
    const refused = await request(app).post('/api/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, 'nope').send({});
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
    answer = { status: 503, body: { error: { code: 'unavailable', message: 'database down' } } };
    const unavailable = await request(app).post('/api/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, SECRET).send({});
    expect(unavailable.status).toBe(503);
    expect(seen).toHaveLength(2);
  });

  it('has its own budget, which a flood of API calls from the same address does not spend, and answers overflow with a retried 503, never 429', async () => {
    const limited = gateway(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`, { points: 1, webhookPoints: 3, webhookWindowSeconds: 60 });
    // The API budget of this address is spent...
    await request(limited).get('/api/admin/incidents');
    expect((await request(limited).get('/api/admin/incidents')).status).toBe(429);
    // ...and Datadog's deliveries from it still get through, up to their own budget.
    for (let i = 0; i < 3; i++) expect((await request(limited).post('/api/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, SECRET).send({ id: String(i) })).status).toBe(202);
    const overflow = await request(limited).post('/api/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, SECRET).send({ id: '3' });
    // A 4xx would be a lost alert: Datadog retries only a 5xx.
    expect(overflow.status).toBe(503);
    expect(overflow.body.error).toMatchObject({ code: 'webhook_overloaded', details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(overflow.headers['retry-after'])).toBeGreaterThan(0);
    expect(seen.filter((call) => call.url === '/webhooks/datadog')).toHaveLength(3);
  });

  it('answers 503 incident_service_not_configured when the gateway has no incident service', async () => {
    const response = await request(gateway(undefined)).post('/api/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, SECRET).send({});
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('incident_service_not_configured');
  });
});

describe('GET /api/admin/incidents', () => {
  it('forwards an administrator\'s request with its query, as an administrator\'s', async () => {
    answer = { status: 200, body: { items: [], nextCursor: null } };
    const response = await request(app).get('/api/admin/incidents?limit=5&cursor=12').set(admin);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/admin/incidents?limit=5&cursor=12' });
    expect(claimsOf(seen[0]!)).toMatchObject({ iss: 'gateway', aud: 'incident', adm: true });
  });

  it('refuses anyone without the admin token before calling the service', async () => {
    expect((await request(app).get('/api/admin/incidents')).status).toBe(401);
    expect((await request(app).get('/api/admin/incidents').set(WEBHOOK_SECRET_HEADER, SECRET)).status).toBe(401);
    expect(seen).toEqual([]);
  });
});
