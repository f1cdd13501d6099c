import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, createServiceClient } from '@shopfast/service-kit';
import { createApp } from './app';
import { SERVICE_NAMES } from './config';
import type { ServiceClients } from './routes/api.routes';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
let upstream: Server;
let upstreamUrl: string;
const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];

/** A stand-in product service: a real HTTP server that records what the gateway sends it. */
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/readyz')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
        return;
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'cache-control': 'max-age=5', 'set-cookie': 'leak=1' });
      res.end(JSON.stringify({ echoed: req.url }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

function gateway(urls: Partial<Record<(typeof SERVICE_NAMES)[number], string>>) {
  // Services without a URL point at a port nothing listens on.
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: urls[name] ?? 'http://127.0.0.1:9', timeoutMs: 500, retries: 1 })]),
  ) as ServiceClients;
  return createApp({ clients, logger, metrics, readiness: {}, version: 'test', bodyLimit: '100kb' });
}

describe('gateway routing', () => {
  it('forwards the path, query and request id to the owning service and relays its answer', async () => {
    const response = await request(gateway({ product: upstreamUrl })).get('/api/products?category=books&page=2').set('x-request-id', 'req-42');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ echoed: '/products?category=books&page=2' });
    expect(response.headers['cache-control']).toBe('max-age=5');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(seen.at(-1)?.headers['x-request-id']).toBe('req-42');
  });

  it('forwards JSON bodies to the user service', async () => {
    const response = await request(gateway({ user: upstreamUrl })).post('/api/auth/signup').send({ email: 'a@b.c', password: 'x', name: 'A' });
    expect(response.status).toBe(201);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ email: 'a@b.c', password: 'x', name: 'A' });
  });

  it('answers 503 upstream_unavailable quickly when the service is down', async () => {
    const response = await request(gateway({})).get('/api/products');
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'upstream_unavailable', details: { service: 'product' } });
  });

  it('rejects a 10 MB body with 413 before calling any service', async () => {
    const before = seen.length;
    const response = await request(gateway({ user: upstreamUrl }))
      .post('/api/auth/signup')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(seen.length).toBe(before);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await request(gateway({ user: upstreamUrl })).post('/api/auth/signup').set('content-type', 'application/json').send('{"email":');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });

  it('reports each service in /api/health and 503 when one is down', async () => {
    const response = await request(gateway({ product: upstreamUrl })).get('/api/health');
    expect(response.status).toBe(503);
    expect(response.body.services.product.status).toBe('ok');
    expect(response.body.services.user.status).toBe('error');
    expect(Object.keys(response.body.services).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('lists its endpoints at /', async () => {
    const response = await request(gateway({})).get('/');
    expect(response.body.endpoints).toContain('GET /api/products?category=&page=&limit=');
  });
});
