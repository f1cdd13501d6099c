import { deflateSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { ADMIN_TOKEN, buildGateway, generousLimits, listened, metrics } from '../test/gateway-harness';

// The gateway mounts the browser intake (packages/rum-intake) at /api/rum: its own per-IP budget,
// and the locally recorded events readable only from this machine or with the admin token.
const redis = createRedis(storeUrls.redis(6), 'gateway-rum-test');
const PREFIX = 'test-rum';
const ddforward = encodeURIComponent('/api/v2/rum?ddsource=browser&dd-api-key=pub');
const batch = '{"type":"view","view":{"url":"http://localhost:8080/"}}\n';

beforeAll(async () => {
  await redis.flushdb();
});

afterAll(async () => {
  await redis.quit();
  await metrics.close();
});

beforeEach(async () => {
  await listened.reset();
});

let clients = 0;
const newClientIp = () => `10.1.0.${++clients}`;

describe('browser intake at /api/rum', () => {
  it('limits batches per client IP with its own budget, answering 429 rate_limited', async () => {
    const gateway = buildGateway({ redis, limits: { ...generousLimits(PREFIX), points: 1, rumPoints: 3 } });
    const ip = newClientIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await request(gateway).post(`/api/rum?ddforward=${ddforward}`).set('x-forwarded-for', ip).type('text/plain').send(batch)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(await listened.received()).toContain('ecommerce.gateway.rate_limited:1|c|#route:/api/rum,limiter:rum');
    expect((await request(gateway).post(`/api/rum?ddforward=${ddforward}`).set('x-forwarded-for', newClientIp()).type('text/plain').send(batch)).status).toBe(202);
    // Reading the recorded events is not a batch: not counted against the budget.
    expect((await request(gateway).get('/api/rum/events')).status).toBe(200);
  });

  it('answers 413 payload_too_large for a compressed batch that inflates past the cap', async () => {
    const gateway = buildGateway({ redis, limits: generousLimits(PREFIX) });
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, ' '));
    const response = await request(gateway).post(`/api/rum?ddforward=${ddforward}`).set('x-forwarded-for', newClientIp()).type('text/plain').send(bomb);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('shows the recorded events to a client on this machine, or anywhere with the admin token, and to nobody else', async () => {
    const gateway = buildGateway({ redis, limits: generousLimits(PREFIX) });
    await request(gateway).post(`/api/rum?ddforward=${ddforward}`).type('text/plain').send(batch).expect(202);
    const local = await request(gateway).get('/api/rum/events');
    expect(local.status).toBe(200);
    expect(local.body.items.map((item: { type: string }) => item.type)).toEqual(['view']);

    // Behind the (trusted, loopback) edge, the client is whoever X-Forwarded-For names.
    const remote = await request(gateway).get('/api/rum/events').set('x-forwarded-for', '203.0.113.9');
    expect(remote.status).toBe(403);
    expect(remote.body.error.code).toBe('forbidden');
    expect((await request(gateway).get('/api/rum/events').set('x-forwarded-for', '203.0.113.9').set('authorization', 'Bearer wrong-token-123')).status).toBe(403);
    const admin = await request(gateway).get('/api/rum/events').set('x-forwarded-for', '203.0.113.9').set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(admin.status).toBe(200);
    expect(admin.body.items).toHaveLength(1);
  });

  it('records and shows nothing when a Datadog site is configured, not even to loopback', async () => {
    const gateway = buildGateway({ redis, limits: generousLimits(PREFIX), rumIntakeSite: 'shopfast.invalid' });
    const response = await request(gateway).get('/api/rum/events').set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('rum_recording_disabled');
  });
});
