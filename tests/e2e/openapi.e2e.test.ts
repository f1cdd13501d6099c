import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints, stackSecretsDir } from '@shopfast/test-kit';
import { ADMIN_TOKEN, api, checkoutBody, newCustomer, type Customer } from './shop-client';

/**
 * The gateway's OpenAPI document against the running stack: it is valid OpenAPI, and every answer the public
 * API gives on a tour of every route (success and the usual errors) has a status the document lists for that
 * operation and a body its schema accepts. A service that changes an answer without its contract fails here.
 */
type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

let document: OpenApiDocument;
let ajv: Ajv2020;
const checked: string[] = [];

/** `/api/products/p-0001` -> the document's `/api/products/{id}` path. */
function templateOf(path: string, method: string): string {
  const [bare = path] = path.split('?');
  const candidates = Object.keys(document.paths).filter((template) => {
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    return pattern.test(bare) && document.paths[template]?.[method] !== undefined;
  });
  // The most specific template wins (/api/search/suggest over /api/search/{x} if both existed).
  candidates.sort((a, b) => b.replace(/\{\w+\}/g, '').length - a.replace(/\{\w+\}/g, '').length);
  if (!candidates[0]) throw new Error(`${method.toUpperCase()} ${bare} is not in the OpenAPI document`);
  return candidates[0];
}

/** Checks one answer against the document: its status is listed for the operation and its body fits the schema. */
function expectDescribed(method: string, path: string, status: number, body: unknown): void {
  const template = templateOf(path, method);
  const operation = document.paths[template]?.[method];
  const documented = operation?.responses[String(status)];
  if (!documented) throw new Error(`${method.toUpperCase()} ${template} answered ${status}, which the document does not list: ${JSON.stringify(body)}`);
  const json = documented.content?.['application/json'];
  if (json) {
    const validate = ajv.compile({ ...json.schema, components: document.components });
    const valid = validate(body);
    expect(valid, `${method.toUpperCase()} ${path} ${status} breaks its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
  }
  checked.push(`${method.toUpperCase()} ${template} ${status}`);
}

/** Calls the public API and checks the answer against the document; returns the answer for more assertions. */
async function conforming(method: string, path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, { ...init, method: method.toUpperCase() });
  expectDescribed(method, path, response.status, response.body);
  return response;
}

/** The same with a body sent exactly as given (broken JSON, another charset, an oversized body). */
async function conformingRaw(method: string, path: string, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(endpoints.gateway + path, { method: method.toUpperCase(), headers, body });
  const answer = (await response.json()) as unknown;
  expectDescribed(method, path, response.status, answer);
  return { status: response.status, body: answer as { error: { code: string } } };
}

describe('the public API as its OpenAPI document describes it', () => {
  let customer: Customer;
  let productId: string;
  let sku: string;
  let price: number;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    const response = await api('/api/openapi.json');
    expect(response.status).toBe(200);
    document = response.body as OpenApiDocument;
    // Components are referenced as #/components/schemas/X: validate each schema inside a copy of them.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    customer = await newCustomer('openapi');
    const listing = await api('/api/products?limit=50');
    const pick = (listing.body.items as Array<{ id: string; sku: string; price: number; stock: number | null }>).find((item) => (item.stock ?? 0) >= 20);
    if (!pick) throw new Error('no product with 20 units in the first 50');
    ({ id: productId, sku, price } = pick);
  });

  it('serves a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('answers the catalog, search and shipping routes as described', async () => {
    await conforming('get', '/api/health');
    await conforming('get', '/.well-known/jwks.json');
    await conforming('get', '/api/products?category=books&limit=5');
    await conforming('get', '/api/products?limit=1000');
    await conforming('get', `/api/products/${productId}`);
    await conforming('get', '/api/products/p-999999');
    await conforming('get', `/api/products/${productId}/image.svg`);
    await conforming('get', '/api/search?q=speaker&inStock=true&sort=price_asc');
    await conforming('get', '/api/search?q=zzzzqqqxx');
    await conforming('get', '/api/search?minPrice=10&maxPrice=1');
    await conforming('get', '/api/search/suggest?q=vo');
    await conforming('post', '/api/shipping/quotes', { body: { country: 'US', postalCode: '12345', weightKg: 1.5 } });
    await conforming('post', '/api/shipping/quotes', { body: { country: 'nowhere' } });
  });

  it('answers the account routes as described', async () => {
    const email = `openapi-login-${Date.now()}@example.test`;
    await conforming('post', '/api/auth/signup', { body: { email, password: 'correct horse battery', name: 'Open API' } });
    await conforming('post', '/api/auth/signup', { body: { email, password: 'correct horse battery', name: 'Open API' } });
    await conforming('post', '/api/auth/signup', { body: { email: 'not-an-address', password: 'x' } });
    await conforming('post', '/api/auth/login', { body: { email, password: 'correct horse battery' } });
    await conforming('post', '/api/auth/login', { body: { email, password: 'wrong password here' } });
    await conforming('get', '/api/me', { token: customer.token });
    await conforming('get', '/api/me');
  });

  it('answers the cart, checkout and order routes as described', async () => {
    const token = customer.token;
    await conforming('get', '/api/cart', { token });
    await conforming('get', '/api/cart');
    await conforming('post', '/api/cart/items', { token, body: { productId, quantity: 2 } });
    await conforming('post', '/api/cart/items', { token, body: { productId: 'nope', quantity: 0 } });
    await conforming('patch', `/api/cart/items/${productId}`, { token, body: { quantity: 1 } });
    await conforming('delete', `/api/cart/items/${productId}`, { token });
    await conforming('post', '/api/checkout', { token, body: checkoutBody() });
    await conforming('post', '/api/cart/items', { token, body: { productId, quantity: 1 } });
    await conforming('post', '/api/checkout', { token, body: { ...checkoutBody(), payment: { ...checkoutBody().payment, cardNumber: '4242424242424241' } } });
    const declined = await conforming('post', '/api/checkout', { token, body: checkoutBody('4000000000000002') });
    expect(declined.status).toBe(402);
    await conforming('post', '/api/cart/items', { token, body: { productId, quantity: 1 } });
    const placed = await conforming('post', '/api/checkout', { token, body: checkoutBody(), headers: { 'idempotency-key': `openapi-${Date.now()}` } });
    expect(placed.status).toBe(201);
    await conforming('get', '/api/orders', { token });
    await conforming('get', '/api/orders?limit=500', { token });
    await conforming('get', `/api/orders/${placed.body.orderId}`, { token });
    await conforming('get', '/api/orders/00000000-0000-4000-8000-000000000000', { token });
  });

  it('describes the answers to bodies that cannot be read: broken JSON, too deep, too large, not UTF-8, a bad Idempotency-Key', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await conformingRaw('post', '/api/auth/signup', '{"email":', json)).body.error.code).toBe('invalid_json');
    expect((await conformingRaw('post', '/api/shipping/quotes', `${'['.repeat(40)}${']'.repeat(40)}`, json)).body.error.code).toBe('json_too_deep');
    expect((await conformingRaw('post', '/api/shipping/quotes', JSON.stringify({ country: 'US', pad: 'x'.repeat(300_000) }), json)).status).toBe(413);
    expect((await conformingRaw('post', '/api/shipping/quotes', '{"country":"US"}', { 'content-type': 'application/json; charset=latin1' })).body.error.code).toBe('unsupported_charset');
    const badKey = await conforming('post', '/api/checkout', { token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': 'no spaces allowed' } });
    expect(badKey.body.error.code).toBe('invalid_idempotency_key');
  });

  it('answers the admin routes as described', async () => {
    const stock = await api(`/api/products/${productId}`);
    await conforming('put', `/api/admin/inventory/${sku}`, { headers: admin, body: { available: stock.body.stock } });
    await conforming('put', `/api/admin/inventory/${sku}`, { body: { available: 1 } });
    await conforming('put', `/api/admin/inventory/${sku}`, { headers: admin, body: { available: -1 } });
    await conforming('patch', `/api/admin/products/${productId}`, { headers: admin, body: { price } });
    await conforming('patch', `/api/admin/products/${productId}`, { headers: admin, body: { price: 'free' } });
  });

  it('answers the fault control routes as described, and leaves every fault off', async () => {
    try {
      await conforming('get', '/api/flags');
      await conforming('get', '/api/admin/faults', { headers: admin });
      await conforming('get', '/api/admin/faults');
      // A storefront fault at a small value: nothing else running at this moment notices it.
      expect((await conforming('put', '/api/admin/faults/imageSlowLoad', { headers: admin, body: { value: 10 } })).status).toBe(200);
      expect((await conforming('put', '/api/admin/faults/imageSlowLoad', { headers: admin, body: { value: -1 } })).body.error.code).toBe('invalid_fault_value');
      await conforming('put', '/api/admin/faults/imageSlowLoad', { headers: admin, body: {} });
      expect((await conforming('put', '/api/admin/faults/noSuchFault', { headers: admin, body: { value: 1 } })).status).toBe(404);
      await conforming('put', '/api/admin/faults/imageSlowLoad', { body: { value: 10 } });
      expect((await conforming('delete', '/api/admin/faults/imageSlowLoad', { headers: admin })).body.active).toBe(false);
      await conforming('delete', '/api/admin/faults/noSuchFault', { headers: admin });
      await conforming('delete', '/api/admin/faults/imageSlowLoad');
    } finally {
      expect((await conforming('delete', '/api/admin/faults', { headers: admin })).status).toBe(200);
    }
    await conforming('delete', '/api/admin/faults');
  });

  it('answers the Datadog webhook and the incident list as described', async () => {
    const secret = { 'x-shopfast-webhook-secret': readFileSync(join(stackSecretsDir, 'datadog-webhook-secret'), 'utf8').trim() };
    const id = randomUUID();
    const delivery = {
      version: '1', id, alertId: '901', alertCycleKey: `openapi-${id}`, transition: 'Warn', alertType: 'warning', eventType: 'query_alert_monitor',
      title: 'OpenAPI tour (a warning: recorded, nothing paged)', message: '', priority: 'P4', query: '', scope: '', tags: 'tier:business', date: String(Date.now()), link: '', orgId: '1',
    };
    expect((await conforming('post', '/api/webhooks/datadog', { headers: secret, body: delivery })).status).toBe(202);
    expect((await conforming('post', '/api/webhooks/datadog', { headers: secret, body: delivery })).status).toBe(200);
    await conforming('post', '/api/webhooks/datadog', { body: delivery });
    await conforming('post', '/api/webhooks/datadog', { headers: secret, body: { ...delivery, id: `${id}-bad`, version: '9' } });
    await conforming('get', '/api/admin/incidents?limit=2', { headers: admin });
    await conforming('get', '/api/admin/incidents?limit=0', { headers: admin });
    await conforming('get', '/api/admin/incidents');
  });

  it('renders the description at /api/docs with Swagger UI served by the gateway', async () => {
    const page = await api('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(String(page.body)).toContain('/api/docs/swagger-ui-bundle.js');
    const bundle = await api('/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    // Nothing else of the package is reachable.
    expect((await api('/api/docs/package.json')).status).toBe(404);
    // Every operation of the document was exercised above (a new route needs a call here too).
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const exercised = new Set(checked.map((entry) => entry.split(' ').slice(0, 2).join(' ')));
    const missing = operations.filter((operation) => !exercised.has(operation) && !['GET /api/openapi.json', 'GET /api/docs'].includes(operation));
    expect(missing).toEqual([]);
  });
});
