import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createHttpApp } from '../http/create-app';
import { createMetrics } from '../telemetry/metrics';
import { customerOf, requireCaller } from './require-caller';
import { generateServiceKeys } from './service-keys';
import { createCallerVerifier, createTokenIssuer } from './service-tokens';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const keys = generateServiceKeys(['gateway', 'order', 'cart'] as const);

function cartApp() {
  const routes = express.Router();
  routes.get('/cart', requireCaller({ from: ['gateway', 'order'], user: true }), (_req, res) => {
    res.json({ userId: customerOf(res) });
  });
  routes.put('/admin/thing', requireCaller({ from: ['gateway'], admin: true }), (_req, res) => {
    res.json({ ok: true });
  });
  return createHttpApp({ logger, metrics, readiness: {}, routes, callers: createCallerVerifier(keys.cart) });
}
const bearer = async (from: 'gateway' | 'order', actingFor: { userId?: string; admin?: boolean } = {}) =>
  `Bearer ${await createTokenIssuer(keys[from]).tokenFor('cart', actingFor)}`;

describe('requireCaller', () => {
  const app = cartApp();

  it('serves an allowed service acting for a customer, and takes the customer from the token only', async () => {
    const response = await request(app).get('/cart').set('authorization', await bearer('order', { userId: 'u-7' })).set('x-user-id', 'u-other');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'u-7' });
  });

  it('answers 401 in the error shape without a token, whatever identity headers say', async () => {
    const response = await request(app).get('/cart').set('x-user-id', 'u-7').set('x-admin', 'true');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toEqual({ error: { code: 'unauthorized', message: 'A service token is required' } });
  });

  it('answers 401 for a forged token and 403 for a caller the route does not serve or a token without a customer', async () => {
    expect((await request(app).get('/cart').set('authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.')).status).toBe(401);
    expect((await request(app).get('/cart').set('authorization', await bearer('gateway'))).status).toBe(403);
    const wrongCaller = await request(app).put('/admin/thing').set('authorization', await bearer('order', { admin: true }));
    expect(wrongCaller.status).toBe(403);
    expect(wrongCaller.body.error.code).toBe('forbidden');
  });

  it('lets only an administrator request through admin routes', async () => {
    expect((await request(app).put('/admin/thing').set('authorization', await bearer('gateway'))).status).toBe(403);
    expect((await request(app).put('/admin/thing').set('authorization', await bearer('gateway', { admin: true }))).status).toBe(200);
  });

  it('refuses every guarded route when the app was built without a verifier', async () => {
    const routes = express.Router();
    routes.get('/cart', requireCaller({ from: ['gateway'] }), (_req, res) => void res.json({}));
    const bare = createHttpApp({ logger, metrics, readiness: {}, routes });
    expect((await request(bare).get('/cart').set('authorization', await bearer('gateway', { userId: 'u' }))).status).toBe(401);
  });
});
