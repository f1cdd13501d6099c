import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createHttpApp } from '../http/create-app';
import { createMetrics } from '../telemetry/metrics';
import { customerIdOf, requireCaller, requireCustomer } from './require-caller';
import { generateServiceKeys } from './service-keys';
import { createCallerVerifier, createTokenIssuer } from './service-tokens';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const keys = generateServiceKeys(['gateway', 'order', 'cart'] as const);

function cartApp() {
  const routes = express.Router();
  routes.get('/cart', requireCustomer(['gateway', 'order']), (_req, res) => {
    res.json({ userId: customerIdOf(res) });
  });
  routes.put('/admin/thing', requireCaller({ from: ['gateway'], admin: true }), (_req, res) => {
    res.json({ ok: true });
  });
  return createHttpApp({ logger, metrics, readiness: {}, routes, callers: createCallerVerifier(keys.cart) });
}
const customer = '6f1c2b9e-3d4a-4e5f-8a7b-0c1d2e3f4a5b';
const bearer = async (from: 'gateway' | 'order', actingFor: { userId?: string; admin?: boolean } = {}) =>
  `Bearer ${await createTokenIssuer(keys[from]).tokenFor('cart', actingFor)}`;

describe('requireCaller and requireCustomer', () => {
  const app = cartApp();

  it('serves an allowed service acting for a customer, and takes the customer from the token only', async () => {
    const other = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
    const response = await request(app).get('/cart').set('authorization', await bearer('order', { userId: customer })).set('x-user-id', other);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: customer });
  });

  it('reads the customer as a lower-case uuid, so one customer is one id however the token spells it', async () => {
    const response = await request(app).get('/cart').set('authorization', await bearer('gateway', { userId: customer.toUpperCase() }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: customer });
  });

  it('answers 403 to a token whose subject is not a customer id', async () => {
    const response = await request(app).get('/cart').set('authorization', await bearer('gateway', { userId: 'u-7' }));
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe('The token does not name a customer: its subject is not a user id');
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
