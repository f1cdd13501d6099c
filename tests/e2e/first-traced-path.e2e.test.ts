import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { endpoints, storeUrls, newTraceContext, sameId, traceCheckFailures, waitForTrace, type AgentSpan } from '@shopfast/test-kit';
import { spanTree } from './span-tree';

const ENV = 'local';
const VERSION = process.env.SHOPFAST_EXPECTED_VERSION ?? '0.1.0';

const isServer = (service: string) => (span: AgentSpan) => span.service === service && span.name === 'express.request';

/** Every span must carry the unified service tags, and its service must be one of ours. */
function expectUnifiedTags(spans: AgentSpan[], services: string[]): void {
  for (const span of spans) {
    expect(services, `service of ${span.name}`).toContain(span.service);
    expect(span.meta.env, `env on ${span.service}/${span.name}`).toBe(ENV);
    expect(span.meta.version, `version on ${span.service}/${span.name}`).toBe(VERSION);
  }
}

/**
 * Checks the shape every gateway -> service -> store trace must have: one root (the gateway's request,
 * child of the test's own context), the service's request span below the gateway's outgoing call, and
 * the store span below the service's request.
 */
function expectGatewayToStoreChain(spans: AgentSpan[], parentId: string, service: string, storeSpanName: string): void {
  const tree = spanTree(spans);
  const gateway = tree.find(isServer('gateway'), 'gateway express.request');
  const serviceSpan = tree.find(isServer(service), `${service} express.request`);
  const store = tree.find((span) => span.service === service && span.name === storeSpanName, `${service} ${storeSpanName}`);

  expect(sameId(gateway.parent_id, parentId), 'gateway span is a child of the caller context').toBe(true);
  expect(tree.roots()).toHaveLength(1);
  expect(tree.descendsFrom(serviceSpan, gateway), `${service} request descends from the gateway request`).toBe(true);
  const callToService = tree.parentOf(serviceSpan);
  expect(callToService?.service).toBe('gateway');
  expect(callToService?.meta['span.kind']).toBe('client');
  expect(tree.descendsFrom(store, serviceSpan), `${storeSpanName} descends from the ${service} request`).toBe(true);
}

/**
 * Drops the product service's cached listing pages (services/product/src/store/catalog-cache.ts keys them
 * `catalog:list:*` for two minutes), so the listing below reaches MongoDB even when another test or an
 * earlier run asked for the same page.
 */
async function forgetCachedListings(): Promise<void> {
  const redis = new Redis(storeUrls.redis(0), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: 'catalog:list:*', count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe('first traced path through the gateway', () => {
  it('lists products in one trace: gateway -> product -> mongodb, all tagged with env, service and version', async () => {
    await forgetCachedListings();
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products?limit=3`, { headers: context.headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: unknown[]; total: number };
    expect(body.items).toHaveLength(3);
    expect(body.total).toBeGreaterThanOrEqual(3);

    const spans = await waitForTrace(
      context.traceId,
      (all) => all.some(isServer('gateway')) && all.some(isServer('product')) && all.some((s) => s.name === 'mongodb.query'),
    );
    expectGatewayToStoreChain(spans, context.parentId, 'product', 'mongodb.query');
    expectUnifiedTags(spans, ['gateway', 'product']);
  });

  it('searches in one trace: gateway -> product -> elasticsearch', async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/search?q=headphones&limit=5`, { headers: context.headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ name: string }>; total: number; facets: Record<string, unknown> };
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0]?.name).toMatch(/headphones/i);
    expect(Object.keys(body.facets)).toEqual(expect.arrayContaining(['category', 'brand', 'price']));

    // Each service flushes on its own: wait for the gateway's spans too, not just the first to arrive.
    const spans = await waitForTrace(context.traceId, (all) => all.some(isServer('gateway')) && all.some(isServer('product')) && all.some((s) => s.name === 'elasticsearch.query'));
    expectGatewayToStoreChain(spans, context.parentId, 'product', 'elasticsearch.query');
    expectUnifiedTags(spans, ['gateway', 'product']);
  });

  it('signs up in one trace: gateway -> user -> postgresql', async () => {
    const context = newTraceContext();
    const email = `trace-${context.traceId}@example.test`;
    const response = await fetch(`${endpoints.gateway}/api/auth/signup`, {
      method: 'POST',
      headers: { ...context.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', name: 'Trace Tester' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; user: { email: string } };
    expect(body.user.email).toBe(email);
    expect(body.token.split('.')).toHaveLength(3);

    const spans = await waitForTrace(context.traceId, (all) => all.some(isServer('gateway')) && all.some(isServer('user')) && all.some((s) => s.name === 'postgresql.query'));
    expectGatewayToStoreChain(spans, context.parentId, 'user', 'postgresql.query');
    expectUnifiedTags(spans, ['gateway', 'user']);
  });

  it('leaves the test agent with no failed trace checks', async () => {
    expect(await traceCheckFailures()).toEqual([]);
  });
});
