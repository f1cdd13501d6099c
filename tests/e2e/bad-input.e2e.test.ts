import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endpoints } from '@shopfast/test-kit';
import { ADMIN_TOKEN, api, newCustomer } from './shop-client';

/**
 * Every public endpoint, fed input a client should never send. Each answer must be a 4xx in the one
 * error shape, quickly: never a 500, never a hang, never a changed row (the journeys check state).
 */
const hostile = [
  "' OR 1=1; DROP TABLE users; --",
  '{"$gt":""}',
  '../../etc/passwd',
  '%00',
  'x'.repeat(5_000),
  '😀'.repeat(50),
  '-1',
  '1e309',
  '9007199254740993',
];

function expectClientError(response: { status: number; body: unknown }, label: string) {
  expect(response.status, `${label}: ${JSON.stringify(response.body)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, label).toBeLessThan(500);
  const error = (response.body as { error?: { code?: unknown; message?: unknown } })?.error;
  expect(typeof error?.code, `${label}: error.code`).toBe('string');
  expect(typeof error?.message, `${label}: error.message`).toBe('string');
}

describe('hostile input on the public API', () => {
  it('answers query and path garbage with a 4xx in the error shape', async () => {
    for (const value of hostile) {
      const v = encodeURIComponent(value);
      for (const path of [
        `/api/products?limit=${v}`,
        `/api/products?category=${v}`,
        `/api/products?page=${v}`,
        `/api/products/${v}`,
        `/api/search?minPrice=${v}`,
        `/api/search?sort=${v}`,
        `/api/search?q=${v}&limit=${v}`,
        `/api/search/suggest?q=${v}`,
        `/api/search?category[$ne]=x`,
      ]) {
        const response = await api(path);
        if (response.status === 200) continue; // a harmless value (e.g. a search for the text itself) is fine
        expectClientError(response, `GET ${path}`);
      }
    }
  });

  it('answers malformed bodies with a 4xx in the error shape', async () => {
    const customer = await newCustomer('hostile');
    const bodies: unknown[] = [null, [], 'text', 42, { productId: 'p-0001', quantity: -3 }, { productId: 'p-0001', quantity: 1.5 }, { productId: { $ne: null }, quantity: 1 }, { productId: 'p-0001', quantity: '1' }, { productId: 'p-9999999', quantity: 1 }];
    for (const body of bodies) {
      expectClientError(await api('/api/cart/items', { method: 'POST', token: customer.token, body }), `POST /api/cart/items ${JSON.stringify(body)}`);
      expectClientError(await api('/api/auth/signup', { method: 'POST', body }), `POST /api/auth/signup ${JSON.stringify(body)}`);
      expectClientError(await api('/api/auth/login', { method: 'POST', body }), `POST /api/auth/login ${JSON.stringify(body)}`);
      expectClientError(await api('/api/checkout', { method: 'POST', token: customer.token, body }), `POST /api/checkout ${JSON.stringify(body)}`);
      expectClientError(await api('/api/shipping/quotes', { method: 'POST', body }), `POST /api/shipping/quotes ${JSON.stringify(body)}`);
      expectClientError(
        await api('/api/admin/inventory/SKU-ELE-0001', { method: 'PUT', body, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
        `PUT /api/admin/inventory ${JSON.stringify(body)}`,
      );
    }
    for (const value of hostile) {
      expectClientError(await api(`/api/cart/items/${encodeURIComponent(value)}`, { method: 'PATCH', token: customer.token, body: { quantity: 1 } }), `PATCH cart item ${value.slice(0, 20)}`);
      expectClientError(await api(`/api/orders/${encodeURIComponent(value)}`, { token: customer.token }), `GET order ${value.slice(0, 20)}`);
    }
  });

  it('answers invalid JSON, a 10 MB body and bad tokens with a 4xx, quickly', async () => {
    const raw = async (path: string, body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(endpoints.gateway + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    };
    expectClientError(await raw('/api/auth/signup', '{"email": "a@b.c",'), 'truncated JSON');
    expectClientError(await raw('/api/auth/signup', JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) })), '10 MB body');
    for (const token of ['', 'garbage', 'a.b.c', 'Bearer', `${'e'.repeat(4_000)}.x.y`]) {
      expectClientError(await api('/api/cart', { headers: { authorization: `Bearer ${token}` } }), `token ${token.slice(0, 10)}`);
    }
    const spoofed = await fetch(`${endpoints.gateway}/api/cart`, { headers: { 'x-user-id': '11111111-1111-4111-8111-111111111111' } });
    expect(spoofed.status).toBe(401);
  });

  it('answers . and .. path segments with 400 and never reaches another route (the cart survives)', async () => {
    const customer = await newCustomer('traversal');
    expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: 'p-0001', quantity: 1 } })).status).toBe(200);
    const auth = { authorization: `Bearer ${customer.token}` };
    for (const segment of ['%2E%2E', '%2e%2e', '..', '%2E', '.', '..%2F', '%2E%2E%5C']) {
      for (const [method, path, body] of [
        ['DELETE', `/api/cart/items/${segment}`, undefined],
        ['PATCH', `/api/cart/items/${segment}`, { quantity: 5 }],
        ['GET', `/api/orders/${segment}`, undefined],
        ['GET', `/api/products/${segment}`, undefined],
      ] as const) {
        const response = await rawRequest(method, path, auth, body);
        expect(response.status, `${method} ${path}`).toBe(400);
        expectClientError(response, `${method} ${path}`);
        expect(response.body.error.code, `${method} ${path}`).toBe('validation_failed');
      }
    }
    const cart = await api('/api/cart', { token: customer.token });
    expect(cart.body.itemCount).toBe(1);
  });
});

/**
 * A request with the path exactly as written. fetch (WHATWG URL) resolves `..` AND `%2E%2E` before
 * sending, so the gateway would never see them; node:http sends the path unchanged, as curl --path-as-is does.
 */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  const target = new URL(endpoints.gateway);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method, path, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
