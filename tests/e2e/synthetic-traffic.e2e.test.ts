import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { endpoints, newTraceContext, waitFor, waitForTrace, type AgentSpan } from '@shopfast/test-kit';

/**
 * Generated traffic (npm run traffic) says so in W3C baggage, `synthetic_request=true`; the tracers copy
 * that one item onto every span of the request (`baggage.synthetic_request`) in every service it reaches,
 * so dashboards can leave demo traffic out. Other baggage items a client makes up are not copied.
 */
const isServer = (service: string) => (span: AgentSpan) => span.service === service && span.name === 'express.request';

describe('synthetic traffic marking', () => {
  it('tags the gateway and service spans of a request with baggage synthetic_request=true, and nothing the client invents', async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products/p-0001`, {
      headers: { ...context.headers, baggage: 'synthetic_request=true,user.id=someone-else', 'x-shopfast-synthetic': 'true' },
    });
    expect(response.status).toBe(200);
    const spans = await waitForTrace(context.traceId, (all) => all.some(isServer('gateway')) && all.some(isServer('product')));
    for (const service of ['gateway', 'product']) {
      const server = spans.find(isServer(service));
      expect(server?.meta['baggage.synthetic_request'], service).toBe('true');
      expect(server?.meta['baggage.user.id'], service).toBeUndefined();
    }
  });

  it('marks the gateway entry span of a request with no trace context, as the generator sends them', async () => {
    const marker = `synthetic${randomUUID().replaceAll('-', '')}`;
    const response = await fetch(`${endpoints.gateway}/api/search?q=${marker}`, { headers: { baggage: 'synthetic_request=true' } });
    expect(response.status).toBe(200);
    const gatewaySpan = await waitFor('the gateway span of the marked search', async () => {
      const traces = (await (await fetch(`${endpoints.testAgent}/test/traces`)).json()) as AgentSpan[][];
      return traces.flat().find((span) => isServer('gateway')(span) && String(span.meta['http.url'] ?? '').includes(marker));
    }, 20_000, 1_000);
    expect(gatewaySpan.meta['baggage.synthetic_request']).toBe('true');
  });

  it('leaves ordinary requests unmarked', async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products/p-0002`, { headers: context.headers });
    expect(response.status).toBe(200);
    const spans = await waitForTrace(context.traceId, (all) => all.some(isServer('gateway')) && all.some(isServer('product')));
    expect(spans.filter((span) => span.meta['baggage.synthetic_request'] !== undefined)).toEqual([]);
  });
});
