// The client against a real HTTP server on loopback: what goes on the wire (the synthetic markers)
// and how each kind of answer is counted.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneyCut, StepFailed, createShopClient } from './shop-client.ts';
import { readProduct } from './shop-responses.ts';
import { createRunStats } from './stats.ts';

const received: http.IncomingHttpHeaders[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.headers);
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/api/products/p-0001') return reply(200, { id: 'p-0001', sku: 'S', name: 'Lamp', category: 'home', brand: 'B', price: 1, stock: 3, available: true });
    if (req.url === '/api/products/broken') return reply(200, { id: 'p-0002' });
    if (req.url === '/api/checkout') return reply(402, { error: { code: 'payment_declined', message: 'The card was declined', details: { orderId: 'o-1' } } });
    if (req.url === '/api/cart') return reply(409, { error: { code: 'cart_full', message: 'full' } });
    if (req.url === '/api/search') return reply(429, { error: { code: 'rate_limited', message: 'Too many requests' } });
    if (req.url === '/slow') return void setTimeout(() => reply(200, {}), 1_500);
    reply(404, { error: { code: 'not_found', message: 'no' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function client(options: { timeoutMs?: number; baseUrl?: string } = {}) {
  const stats = createRunStats();
  const run = new AbortController();
  const call = createShopClient({ baseUrl: options.baseUrl ?? base, timeoutMs: options.timeoutMs ?? 2_000, stats, runSignal: run.signal })('test');
  return { stats, run, call };
}

describe('the shop client', () => {
  it('marks every request synthetic (header and W3C baggage) and sends JSON with the token', async () => {
    const { call } = client();
    await call({ route: 'POST /api/cart/items', path: '/api/cart/items', token: 'tok', expect: { 404: true }, body: { a: 1 } });
    const headers = received.at(-1)!;
    expect(headers['x-shopfast-synthetic']).toBe('true');
    expect(headers.baggage).toBe('synthetic_request=true');
    expect(headers['user-agent']).toMatch(/^shopfast-traffic\//);
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['content-type']).toBe('application/json');
  });

  it('reads a good answer, and accepts an expected 4xx with its error code (a declined card)', async () => {
    const { stats, call } = client();
    const product = await call({ route: 'GET /api/products/:id', path: '/api/products/p-0001', expect: { 200: true }, read: readProduct });
    expect(product.data?.stock).toBe(3);
    const declined = await call({ route: 'POST /api/checkout', path: '/api/checkout', body: {}, expect: { 201: true, 402: 'payment_declined' } });
    expect(declined).toMatchObject({ status: 402, errorCode: 'payment_declined', errorDetails: { orderId: 'o-1' } });
    expect(stats.errors).toBe(0);
    expect(stats.routes().map((route) => [route.route, route.byClass['2xx'], route.byClass['4xx']])).toEqual([
      ['GET /api/products/:id', 1, 0],
      ['POST /api/checkout', 0, 1],
    ]);
  });

  it('counts as errors: an unexpected status, a 4xx with another error code, and an answer it cannot read', async () => {
    const { stats, call } = client();
    await expect(call({ route: 'GET /api/search', path: '/api/search', expect: { 200: true } })).rejects.toThrow(StepFailed);
    await expect(call({ route: 'GET /api/cart', path: '/api/cart', expect: { 200: true, 409: 'out_of_stock' } })).rejects.toThrow(/unexpected 409 cart_full \(expected 200, 409 out_of_stock\)/);
    await expect(call({ route: 'GET /api/products/:id', path: '/api/products/broken', expect: { 200: true }, read: readProduct })).rejects.toThrow(/unexpected answer: product.sku is not a string/);
    expect(stats.errors).toBe(3);
    expect(stats.errorKinds().kinds.map((kind) => kind.key).sort()).toEqual(['GET /api/cart 409', 'GET /api/products/:id 200', 'GET /api/search 429']);
  });

  it('counts no answer (connection refused, timeout) as a network error', async () => {
    const refused = client({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(refused.call({ route: 'GET /api/cart', path: '/api/cart', expect: { 200: true } })).rejects.toThrow(/ECONNREFUSED/);
    expect(refused.stats.routes()[0]).toMatchObject({ requests: 1, errors: 1, byClass: { network: 1 } });

    const slow = client({ timeoutMs: 200 });
    await expect(slow.call({ route: 'GET /slow', path: '/slow', expect: { 200: true } })).rejects.toThrow(/no answer within 200 ms/);
    expect(slow.stats.errors).toBe(1);
  });

  it('cuts a request in flight when the run ends, without counting it as a request or an error', async () => {
    const { stats, run, call } = client({ timeoutMs: 10_000 });
    const pending = call({ route: 'GET /slow', path: '/slow', expect: { 200: true } });
    setTimeout(() => run.abort(), 100);
    await expect(pending).rejects.toThrow(JourneyCut);
    expect(stats.requests).toBe(0);
    expect(stats.errors).toBe(0);
    expect(stats.routes()[0]).toMatchObject({ route: 'GET /slow', cut: 1 });
  });
});
