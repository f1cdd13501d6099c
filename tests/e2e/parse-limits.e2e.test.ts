import { describe, expect, it } from 'vitest';
import { endpoints } from '@shopfast/test-kit';
import { api, internal, newCustomer } from './shop-client';

/**
 * Bodies a client should never send, sized to hurt the parser rather than the size limit: JSON nested
 * 20,000 levels deep is only 40 KB (under BODY_LIMIT), parses without trouble, and used to make the
 * gateway answer 503 because forwarding it (JSON.stringify, recursive) overflowed the stack. Every
 * app now refuses it before parsing: 400 json_too_deep (413 would do too, if a limit were smaller).
 */
const LEVELS = 20_000;
const deepJson = (levels = LEVELS) => `{"email":${'['.repeat(levels)}${']'.repeat(levels)}}`;

/** POSTs text as it is: shop-client's api() would JSON.stringify the body, which throws at this depth. */
async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, ms: performance.now() - started };
}

function expectRefusedInErrorShape(response: { status: number; body: any; ms: number }, label: string) { // eslint-disable-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  expect([400, 413], `${label}: ${JSON.stringify(response.body)?.slice(0, 200)}`).toContain(response.status);
  expect(typeof response.body?.error?.code, `${label}: error.code`).toBe('string');
  expect(typeof response.body?.error?.message, `${label}: error.message`).toBe('string');
  expect(['json_too_deep', 'payload_too_large'], label).toContain(response.body.error.code);
  if (response.body.error.code === 'json_too_deep') expect(response.body.error.details.maxDepth, label).toBeGreaterThan(0);
  expect(response.ms, `${label}: answered quickly`).toBeLessThan(5_000);
}

describe('parse limits on the public API', () => {
  it('answers a 20,000-level nested JSON body to signup, login, cart and checkout with 400 or 413 in the error shape', async () => {
    const customer = await newCustomer('deep-json');
    const auth = { authorization: `Bearer ${customer.token}` };
    for (const [path, headers] of [
      ['/api/auth/signup', {}],
      ['/api/auth/login', {}],
      ['/api/cart/items', auth],
      ['/api/checkout', { ...auth, 'idempotency-key': `deep-json-${Date.now()}` }],
    ] as const) {
      expectRefusedInErrorShape(await postRaw(endpoints.gateway + path, deepJson(), headers), `POST ${path}`);
    }
  });

  it('refuses the same body sent straight to a service, past the gateway', async () => {
    expectRefusedInErrorShape(await postRaw(`${internal.payment}/charges`, deepJson()), 'payment POST /charges');
    expectRefusedInErrorShape(await postRaw(`${internal.inventory}/reservations`, deepJson()), 'inventory POST /reservations');
  });

  it('refuses a browser intake batch with a 20,000-level event when it records batches locally', async (ctx) => {
    const recording = (await fetch(`${endpoints.gateway}/api/rum/events?limit=1`)).status !== 404;
    // Reported as skipped, not passed: with RUM_INTAKE_SITE set the gateway forwards batches to Datadog unparsed.
    ctx.skip(!recording, 'the gateway forwards RUM batches to Datadog (RUM_INTAKE_SITE set), so it does not parse them');
    const url = `${endpoints.gateway}/api/rum?ddforward=${encodeURIComponent('/api/v2/rum?ddsource=browser')}`;
    const batch = `{"type":"view","date":${Date.now()}}\n{"type":"action","x":${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}\n`;
    expectRefusedInErrorShape(await postRaw(url, batch, { 'content-type': 'text/plain;charset=UTF-8' }), 'POST /api/rum (text/plain)');
    expectRefusedInErrorShape(await postRaw(url, `{"type":"view","x":${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}`), 'POST /api/rum (application/json)');
  });

  it('stays healthy afterwards: /api/health is 200 and a normal request still works', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) await postRaw(`${endpoints.gateway}/api/auth/signup`, deepJson());
    const health = await api('/api/health');
    expect(health.status, JSON.stringify(health.body)).toBe(200);
    // A normal JSON body through the same parser (newCustomer throws unless signup answers 201)...
    const customer = await newCustomer('after-deep-json');
    // ...and a call that needs it: the account exists and its token works.
    const me = await api('/api/me', { token: customer.token });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.email).toBe(customer.email);
  });
});
