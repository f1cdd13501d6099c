import { afterAll, describe, expect, it } from 'vitest';
import { endpoints, lastMetricSeq, newTraceContext, waitForMetric, waitForTrace } from '@shopfast/test-kit';
import { isStackHealthy, stackDown, stackUp } from '../../scripts/stack';

const SINKS = ['test-agent', 'dogstatsd'];
const quiet = () => undefined;

/** Calls every kind of route once; returns the statuses. */
async function shopTraffic(round: number): Promise<number[]> {
  const statuses: number[] = [];
  for (const path of ['/api/products?limit=2', '/api/search?q=lamp', '/api/search/suggest?q=ha', '/api/products/p-0001']) {
    statuses.push((await fetch(endpoints.gateway + path)).status);
  }
  const signup = await fetch(`${endpoints.gateway}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `outage-${Date.now()}-${round}@example.test`, password: 'correct horse battery', name: 'Outage' }),
  });
  statuses.push(signup.status);
  return statuses;
}

describe('telemetry is best effort', () => {
  afterAll(async () => {
    // Put the sinks back for whatever runs next, whatever happened above.
    if (!(await isStackHealthy({ only: SINKS }))) await stackUp({ detach: true, only: SINKS, log: quiet });
  });

  it('serves every request while the trace agent and the DogStatsD listener are down, then reports again once they are back', async () => {
    await stackDown({ only: SINKS, log: quiet });
    expect(await isStackHealthy({ only: SINKS })).toBe(false);

    for (let round = 0; round < 5; round++) {
      expect(await shopTraffic(round)).toEqual([200, 200, 200, 200, 201]);
    }

    await stackUp({ detach: true, only: SINKS, log: quiet });
    // The tracer and the metrics client reconnect by themselves: a new request is seen again.
    const since = await lastMetricSeq();
    const context = newTraceContext();
    expect((await fetch(`${endpoints.gateway}/api/products?limit=1`, { headers: context.headers })).status).toBe(200);
    const spans = await waitForTrace(context.traceId, (all) => all.some((span) => span.service === 'product') && all.some((span) => span.service === 'gateway'));
    expect(spans.some((span) => span.service === 'gateway')).toBe(true);
    await waitForMetric(since, 'ecommerce.api.response_time', (line) => line.tags.service === 'gateway');
  });
});
