import { describe, expect, it } from 'vitest';
import { endpoints, lastMetricSeq, waitForMetric } from '@shopfast/test-kit';

describe('business metrics over DogStatsD', () => {
  it('reports the gateway response time with unified service tags and the route template', async () => {
    const since = await lastMetricSeq();
    const response = await fetch(`${endpoints.gateway}/api/products?limit=1&page=2`);
    expect(response.status).toBe(200);

    const line = await waitForMetric(since, 'ecommerce.api.response_time', (l) => l.tags.service === 'gateway' && l.tags.endpoint === '/api/products');
    expect(line.type).toBe('d');
    expect(Number(line.value)).toBeGreaterThan(0);
    expect(line.tags).toMatchObject({ env: 'local', service: 'gateway', version: process.env.SHOPFAST_EXPECTED_VERSION ?? '0.1.0', method: 'GET', status_class: '2xx' });
    // Bounded tags: the raw URL with its query string never becomes a tag value.
    expect(line.raw).not.toContain('page=2');
  });

  it('counts a new customer with its acquisition channel when someone signs up', async () => {
    const since = await lastMetricSeq();
    const response = await fetch(`${endpoints.gateway}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `metrics-${Date.now()}@example.test`, password: 'correct horse battery', name: 'Metric Tester', channel: 'referral' }),
    });
    expect(response.status).toBe(201);
    const line = await waitForMetric(since, 'ecommerce.customers.acquired', (l) => l.tags.channel === 'referral');
    expect(line.type).toBe('c');
    expect(line.value).toBe('1');
    expect(line.tags).toMatchObject({ env: 'local', service: 'user' });
  });
});
