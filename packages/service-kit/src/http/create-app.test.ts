import { Router } from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, conflict } from '../errors';
import { createMetrics } from '../telemetry/metrics';
import { createHttpApp } from './create-app';
import { validate } from './validate';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });

function appWith(routes: Router, readiness = {}) {
  return createHttpApp({ logger, metrics, readiness, routes, bodyLimit: '1kb' });
}

const routes = Router();
routes.post('/items', validate({ body: z.object({ name: z.string().min(1), quantity: z.number().int().positive() }).strict() }), (req, res) => {
  res.status(201).json(req.body);
});
routes.get('/items', validate({ query: z.object({ limit: z.coerce.number().int().max(50).default(10) }) }), (req, res) => {
  res.json({ limit: (req.query as unknown as { limit: number }).limit });
});
routes.get('/conflict', () => {
  throw conflict('email_taken', 'Already there', { field: 'email' });
});
routes.get('/boom', async () => {
  throw new Error('database password is hunter2');
});

describe('createHttpApp', () => {
  const whoAmI = Router().get('/whoami', (req, res) => {
    res.json({ ip: req.ip });
  });

  it('trusts no proxy by default: X-Forwarded-For does not change the client address', async () => {
    const response = await request(createHttpApp({ logger, metrics, readiness: {}, routes: whoAmI })).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(response.body.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it('believes X-Forwarded-For only from the proxies it is told to trust', async () => {
    const trusted = await request(createHttpApp({ logger, metrics, readiness: {}, routes: whoAmI, trustProxy: 'loopback' })).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(trusted.body.ip).toBe('203.0.113.7');
    const other = await request(createHttpApp({ logger, metrics, readiness: {}, routes: whoAmI, trustProxy: ['10.9.9.9'] })).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(other.body.ip).not.toBe('203.0.113.7');
  });

  it('answers /healthz without checking dependencies', async () => {
    const response = await request(appWith(Router(), { db: () => Promise.reject(new Error('down')) })).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when every store answers and 503 naming the one that does not', async () => {
    const ok = await request(appWith(Router(), { db: () => Promise.resolve() })).get('/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body.checks.db.status).toBe('ok');

    const down = await request(appWith(Router(), { db: () => Promise.resolve(), cache: () => Promise.reject(new Error('connection refused')) })).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not_ready');
    expect(down.body.checks.cache).toMatchObject({ status: 'error', error: 'connection refused' });
    expect(down.body.checks.db.status).toBe('ok');
  });

  it('rejects an invalid body with 400 listing every field problem', async () => {
    const response = await request(appWith(routes)).post('/items').send({ name: '', quantity: -2, extra: true });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'quantity', '']));
  });

  it('replaces the query with parsed values, with defaults', async () => {
    const response = await request(appWith(routes)).get('/items');
    expect(response.body).toEqual({ limit: 10 });
    const bad = await request(appWith(routes)).get('/items?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ location: 'query', path: 'limit' });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await request(appWith(routes)).post('/items').set('content-type', 'application/json').send('{"name": ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON' } });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(appWith(routes)).post('/items').send({ name: 'x'.repeat(5_000), quantity: 1 });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('maps AppError to its status and code', async () => {
    const response = await request(appWith(routes)).get('/conflict');
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: { code: 'email_taken', message: 'Already there', details: { field: 'email' } } });
  });

  it('turns an unexpected error into a generic 500 that leaks neither message nor stack', async () => {
    const response = await request(appWith(routes)).get('/boom');
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('internal_error');
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(JSON.stringify(response.body)).not.toContain('at ');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const response = await request(appWith(routes)).delete('/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route_not_found');
  });

  it('keeps a sane caller request id and mints one otherwise', async () => {
    const kept = await request(appWith(routes)).get('/items').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const minted = await request(appWith(routes)).get('/items').set('x-request-id', '<script>');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records a response-time metric tagged with the route template, not the raw URL', async () => {
    const mock = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
    const app = createHttpApp({ logger, metrics: mock, readiness: {}, routes });
    await request(app).get('/items?limit=7');
    const lines = mock.client.mockBuffer ?? [];
    const line = lines.find((l) => l.startsWith('ecommerce.api.response_time:'));
    expect(line).toMatch(/\|d\|#endpoint:\/items,method:GET,status_class:2xx$/);
    expect(line).not.toContain('limit=7');
  });
});

describe('AppError', () => {
  it('carries code, status and details', () => {
    const error = new AppError('out_of_stock', 'Not enough stock', 409, { items: ['p-1'] });
    expect(error).toMatchObject({ code: 'out_of_stock', status: 409, details: { items: ['p-1'] } });
  });
});
