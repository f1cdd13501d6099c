import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopfast/stores';
import { storeUrls } from '@shopfast/test-kit';
import { buildGateway, generousLimits } from '../test/gateway-harness';

const redis = createRedis(storeUrls.redis(6), 'gateway-demo-test');
afterAll(() => redis.quit());
const gateway = () => buildGateway({ redis, limits: generousLimits('test-demo') });

describe('demo endpoints from the quick setup', () => {
  it('answers /slow after the requested delay', async () => {
    const started = Date.now();
    const response = await request(gateway()).get('/slow?ms=120');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', sleptMs: 120 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('rejects a delay out of bounds instead of hanging', async () => {
    const response = await request(gateway()).get('/slow?ms=600000');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('fails /error on purpose with a generic 500 in the error shape', async () => {
    const response = await request(gateway()).get('/error');
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('internal_error');
    expect(JSON.stringify(response.body)).not.toContain('Intentional');
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with request counts labelled by route template', async () => {
    const app = gateway();
    await request(app).get('/slow?ms=0');
    await request(app).get('/error');
    const response = await request(app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(/shopfast_http_requests_total\{method="GET",route="\/slow",status_class="2xx"\} [1-9]/);
    expect(response.text).toMatch(/shopfast_http_requests_total\{method="GET",route="\/error",status_class="5xx"\} [1-9]/);
    expect(response.text).toContain('shopfast_http_request_duration_seconds_bucket');
    expect(response.text).toContain('shopfast_gateway_process_cpu_user_seconds_total');
    expect(response.text).not.toContain('ms=0');
  });
});
