import { describe, expect, it } from 'vitest';
import { endpoints, waitForTrace } from '@shopfast/test-kit';

/** Trace context without a sampling decision, so the gateway's own sampling rules decide. */
function undecidedContext(): { traceId: string; headers: Record<string, string> } {
  const traceId = String(Math.floor(Math.random() * 2 ** 50) + 1);
  return { traceId, headers: { 'x-datadog-trace-id': traceId, 'x-datadog-parent-id': '1' } };
}

describe('sampling rules', () => {
  it('drops health-check traces while keeping ordinary requests', async () => {
    const health = undecidedContext();
    const healthResponse = await fetch(`${endpoints.gateway}/api/health`, { headers: health.headers });
    expect([200, 503]).toContain(healthResponse.status);

    const products = undecidedContext();
    expect((await fetch(`${endpoints.gateway}/api/products?limit=1`, { headers: products.headers })).status).toBe(200);
    const kept = await waitForTrace(products.traceId, (spans) => spans.some((span) => span.service === 'product') && spans.some((span) => span.service === 'gateway'));
    expect(kept.find((span) => span.service === 'gateway')?.metrics._sampling_priority_v1).toBeGreaterThan(0);

    // The health check's trace carries the user-reject decision (-1) from the rule, so the Datadog agent
    // drops it after counting it in trace metrics (the test agent keeps everything, which lets us look).
    const dropped = await waitForTrace(health.traceId, (spans) => spans.some((span) => span.name === 'express.request'));
    for (const span of dropped) expect(span.metrics._sampling_priority_v1, `${span.name} ${span.resource}`).toBe(-1);
  });
});
