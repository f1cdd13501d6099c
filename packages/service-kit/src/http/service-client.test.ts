import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createServiceClient } from './service-client';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP peer whose behaviour each test scripts, counting the requests it gets. */
async function peer(handler: (req: IncomingMessage, res: ServerResponse, attempt: number) => void): Promise<{ url: string; attempts: () => number }> {
  let attempts = 0;
  server = createServer((req, res) => handler(req, res, ++attempts));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, attempts: () => attempts };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('createServiceClient', () => {
  it('returns status and parsed JSON, including 4xx answers, without throwing', async () => {
    const { url } = await peer((_req, res) => json(res, 404, { error: { code: 'product_not_found' } }));
    const response = await createServiceClient({ name: 'product', baseUrl: url }).get('/products/p-9');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'product_not_found' } });
  });

  it('retries an idempotent request after a 503 and returns the later success', async () => {
    const { url, attempts } = await peer((_req, res, attempt) => (attempt === 1 ? json(res, 503, {}) : json(res, 200, { ok: true })));
    const response = await createServiceClient({ name: 'product', baseUrl: url, retries: 2 }).get('/products');
    expect(response.status).toBe(200);
    expect(attempts()).toBe(2);
  });

  it('does not retry a POST, which could do the work twice', async () => {
    const { url, attempts } = await peer((_req, res) => json(res, 503, { error: { code: 'busy' } }));
    const response = await createServiceClient({ name: 'payment', baseUrl: url, retries: 2 }).post('/charges', { amount: 1 });
    expect(response.status).toBe(503);
    expect(attempts()).toBe(1);
  });

  it('retries a POST marked idempotent (it carries an Idempotency-Key)', async () => {
    const { url, attempts } = await peer((_req, res, attempt) => (attempt < 3 ? json(res, 502, {}) : json(res, 201, { id: 1 })));
    const response = await createServiceClient({ name: 'payment', baseUrl: url, retries: 3 }).post('/charges', { amount: 1 }, { idempotent: true });
    expect(response.status).toBe(201);
    expect(attempts()).toBe(3);
  });

  it('gives up after the bounded number of attempts', async () => {
    const { url, attempts } = await peer((_req, res) => json(res, 503, {}));
    const response = await createServiceClient({ name: 'cart', baseUrl: url, retries: 2 }).get('/cart');
    expect(response.status).toBe(503);
    expect(attempts()).toBe(3);
  });

  it('turns a peer that does not answer in time into a 504 upstream_timeout', async () => {
    const { url } = await peer(() => undefined /* never answers */);
    const client = createServiceClient({ name: 'inventory', baseUrl: url, timeoutMs: 100, retries: 0 });
    const error = await client.get('/stock').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 504, code: 'upstream_timeout', details: { service: 'inventory' } });
  });

  it('turns a refused connection into a 503 upstream_unavailable', async () => {
    const { url } = await peer(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await createServiceClient({ name: 'user', baseUrl: url, retries: 1 }).get('/users/1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'upstream_unavailable' });
  });

  it('opens the circuit after repeated failures, yet still attempts calls that bypass it (compensations)', async () => {
    const { url, attempts } = await peer((_req, res) => json(res, 503, {}));
    const client = createServiceClient({ name: 'payment', baseUrl: url, retries: 0 });
    for (let i = 0; i < 10; i++) await client.get('/charges');
    const countBefore = attempts();
    const blocked = await client.get('/charges').catch((e: unknown) => e);
    expect(blocked).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(attempts()).toBe(countBefore);
    const undo = await client.request({ method: 'POST', path: '/charges/1/refund', idempotent: true, bypassCircuitBreaker: true });
    expect(undo.status).toBe(503);
    expect(attempts()).toBeGreaterThan(countBefore);
  });

  it('keeps the circuit closed while the peer answers its own structured 503s (one of its dependencies is down)', async () => {
    const { url, attempts } = await peer((_req, res) => json(res, 503, { error: { code: 'upstream_unavailable', message: 'payment is down', details: { service: 'payment' } } }));
    const client = createServiceClient({ name: 'order', baseUrl: url, retries: 0 });
    for (let i = 0; i < 12; i++) expect((await client.request({ method: 'POST', path: '/checkout', body: {} })).status).toBe(503);
    expect(attempts()).toBe(12);
    expect((await client.get('/orders')).status).toBe(503);
    expect(attempts()).toBe(13);
  });

  it('sends query parameters and JSON bodies', async () => {
    const { url } = await peer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => json(res, 200, { url: req.url, body: JSON.parse(body || 'null'), type: req.headers['content-type'] }));
    });
    const client = createServiceClient({ name: 'x', baseUrl: `${url}/` });
    const response = await client.request({ method: 'PUT', path: '/items', query: { a: 1, b: undefined, c: 'x y' }, body: { q: 2 } });
    expect(response.body).toEqual({ url: '/items?a=1&c=x+y', body: { q: 2 }, type: 'application/json' });
  });

  it('propagates the active trace to the peer (dd-trace instruments fetch)', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'test-fixtures', 'propagate-through-client.cjs')], {
      env: { ...process.env, DD_TRACE_AGENT_PORT: '9', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', DD_REMOTE_CONFIGURATION_ENABLED: 'false' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { received: Record<string, string>; traceId: string; traceId128: string; spanId: string };
    expect(output.received['x-datadog-trace-id']).toBe(output.traceId);
    // The peer's parent is the fetch client span, itself a child of our span: a different, non-empty id.
    expect(output.received['x-datadog-parent-id']).toMatch(/^\d+$/);
    expect(output.received['x-datadog-parent-id']).not.toBe(output.spanId);
    // W3C traceparent carries the same trace (128-bit hex).
    expect(output.received.traceparent).toMatch(new RegExp(`^00-${output.traceId128}-[0-9a-f]{16}-0[01]$`));
  });
});
