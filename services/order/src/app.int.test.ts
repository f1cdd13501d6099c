import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearerToken, type Caller } from '@shopfast/service-kit';
import { createPostgresPool, createRedis, migratePostgres, type PgPool, type RedisClient } from '@shopfast/stores';
import { type AppName, callerHeaders, freshPostgresDatabase, listenedMetrics, storeUrls, testCallers, testCredentials, waitFor } from '@shopfast/test-kit';
import { ORDERS_STREAM } from './domain/order-events';
import { migrations } from './store/migrations';
import { wireOrder, type OrderService, type OrderSettings } from './wire';

/**
 * The order service in-process, wired by main.ts's wireOrder, against real PostgreSQL and Redis. Its five
 * peers are one real local HTTP server that plays user, cart, inventory, payment and shipping, records
 * every call, and can be told to fail, so each compensation path of the saga is exercised
 * deterministically. Like the real peers, it refuses a call without a valid service token from a caller
 * the route serves (POST /quotes is open). Metrics go to the local DogStatsD listener and are read back.
 */
const logger = pino({ level: 'silent' });

const listened = listenedMetrics('order');
const { metrics } = listened;
const USER = '11111111-1111-4111-8111-111111111111';
const CART = { items: [{ productId: 'p-0001', sku: 'SKU-ELE-0001', name: 'Voltra Speaker', imageUrl: '', unitPrice: 19.99, currency: 'USD', quantity: 2, lineTotal: 39.98 }], itemCount: 2, subtotal: 39.98, currency: 'USD' };

type Behaviour = 'ok' | 'declined' | 'out_of_stock' | 'payment_down' | 'commit_fails' | 'empty_cart' | 'reserve_lost';
let behaviour: Behaviour = 'ok';
/** The stand-in payment ledger: charges by order, as GET /charges?orderId= lists them. */
const ledger = new Map<string, Array<{ chargeId: string; status: string; refunded: boolean }>>();
/** Orders whose payment the compensation closed before any charge (POST /charges/close). */
const closedOrders = new Set<string>();
/** While true the stand-in payment service answers every call 503 (it is unreachable). */
let paymentUnreachable = false;
const APPROVED = '22222222-2222-4222-8222-222222222222';
const LOST = '33333333-3333-4333-8333-333333333333';
const record = (orderId: string, chargeId: string, status: string) => ledger.set(orderId, [...(ledger.get(orderId) ?? []), { chargeId, status, refunded: false }]);
let calls: Array<{ method: string; path: string; body: unknown; authorization?: string; caller?: Caller }> = [];
// A Redis database of its own (8): the running stack's shipping and notification services consume
// shopfast.orders in database 0, and must never see a test's order.placed.
const redis: RedisClient = createRedis(storeUrls.redis(8), 'order-test');
/** The test's own connection, reading the stream as a consumer would, whatever happens to the service's. */
const reader: RedisClient = createRedis(storeUrls.redis(8), 'order-test-reader');
let peers: Server;
let pool: PgPool;
let service: OrderService;
/** The configuration the service is wired with (peers at the stand-in server). */
let settings: OrderSettings;
let app: OrderService['app'];

/** Redis goes away: the connection is closed, and every command fails at once until redisBack(). */
const redisDown = () => redis.disconnect();
const redisBack = async () => {
  if (redis.status === 'end') await redis.connect();
};

/** The events on the orders stream, as consumers read them. */
async function published(): Promise<Array<{ stream: string; id: string; type: string; data: unknown }>> {
  const entries = (await reader.xrange(ORDERS_STREAM, '-', '+')) as Array<[string, string[]]>;
  return entries.map(([, fields]) => {
    const field = (name: string) => fields[fields.indexOf(name) + 1]!;
    return { stream: ORDERS_STREAM, id: field('id'), type: field('type'), data: JSON.parse(field('data')) as unknown };
  });
}

function reply(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** Who each stand-in route serves, as the real peer's requireCaller() policy says. */
function policyFor(path: string): { audience: AppName; from: string[]; user?: boolean } | undefined {
  if (path.startsWith('/users/')) return { audience: 'user', from: ['gateway', 'order'], user: true };
  if (path === '/cart') return { audience: 'cart', from: ['gateway', 'order'], user: true };
  if (path.startsWith('/reservations')) return { audience: 'inventory', from: ['order'] };
  if (path.startsWith('/charges')) return { audience: 'payment', from: ['order'] };
  if (path.startsWith('/shipments/')) return { audience: 'shipping', from: ['order'] };
  return undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, body: unknown) {
  const path = req.url ?? '';
  const call: (typeof calls)[number] = { method: req.method ?? '', path, body, authorization: req.headers.authorization };
  calls.push(call);
  const policy = policyFor(path);
  if (policy) {
    const outcome = await testCallers(policy.audience).verify(bearerToken(req.headers.authorization));
    if (outcome.result !== 'ok') return reply(res, 401, { error: { code: 'unauthorized', message: `no valid token for ${policy.audience}` } });
    call.caller = outcome.caller;
    if (!policy.from.includes(outcome.caller.service) || (policy.user && !outcome.caller.userId)) return reply(res, 403, { error: { code: 'forbidden', message: 'not for you' } });
    // The user service shows an account only to a token acting for that customer.
    if (path.startsWith('/users/') && path !== `/users/${outcome.caller.userId}`) return reply(res, 403, { error: { code: 'forbidden', message: 'not your account' } });
  }
  if (path.startsWith('/shipments/')) return reply(res, 200, { orderId: path.slice('/shipments/'.length), carrier: 'ACME', trackingNumber: 'T-1', status: 'label_created', history: [] });
  if (path.startsWith('/users/')) return reply(res, 200, { id: USER, email: 'ada@example.test', name: 'Ada' });
  if (path === '/cart' && req.method === 'GET') return reply(res, 200, behaviour === 'empty_cart' ? { items: [], itemCount: 0, subtotal: 0, currency: 'USD' } : CART);
  if (path === '/cart' && req.method === 'DELETE') return reply(res, 204);
  if (path === '/quotes') return reply(res, 200, { quotes: [{ method: 'standard', amount: 4.99, currency: 'USD', estimatedDays: 5 }, { method: 'express', amount: 14.5, currency: 'USD', estimatedDays: 1 }] });
  if (path === '/reservations') {
    // The reservation is made, but its answer never arrives in a usable form.
    if (behaviour === 'reserve_lost') return reply(res, 503, { error: { code: 'unavailable', message: 'lost' } });
    if (behaviour === 'out_of_stock') return reply(res, 409, { error: { code: 'out_of_stock', message: 'short', details: { items: [{ sku: 'SKU-ELE-0001', requested: 2, available: 1 }] } } });
    return reply(res, 201, { status: 'held' });
  }
  if (path.endsWith('/commit')) return behaviour === 'commit_fails' ? reply(res, 500, { error: { code: 'internal_error', message: 'x' } }) : reply(res, 200, { status: 'committed' });
  if (path.endsWith('/cancel')) return reply(res, 200, { status: 'released' });
  if (path.startsWith('/charges') && paymentUnreachable) return reply(res, 503, { error: { code: 'unavailable', message: 'down' } });
  if (path === '/charges' && req.method === 'POST') {
    const orderId = (body as { orderId: string }).orderId;
    if (closedOrders.has(orderId)) return reply(res, 409, { error: { code: 'payment_key_closed', message: 'closed' } });
    if (behaviour === 'payment_down') {
      // The charge goes through, but its answer is lost: only the ledger knows.
      record(orderId, LOST, 'approved');
      return reply(res, 503, { error: { code: 'unavailable', message: 'down' } });
    }
    if (behaviour === 'declined') {
      record(orderId, 'c-declined', 'declined');
      return reply(res, 402, { error: { code: 'payment_declined', message: 'no', details: { chargeId: 'c-declined', reason: 'card_declined' } } });
    }
    record(orderId, APPROVED, 'approved');
    return reply(res, 201, { chargeId: APPROVED, status: 'approved', brand: 'visa', last4: '4242' });
  }
  if (path === '/charges/close') {
    // Like the real payment service: the charge the key has, or the key closed for good.
    const { orderId } = body as { orderId: string };
    const existing = (ledger.get(orderId) ?? [])[0];
    if (!existing) closedOrders.add(orderId);
    return reply(res, 200, { idempotencyKey: `order-${orderId}`, charge: existing ? { chargeId: existing.chargeId, status: existing.status, refunded: existing.refunded } : null });
  }
  if (path.startsWith('/charges?orderId=')) return reply(res, 200, { items: ledger.get(new URL(path, 'http://x').searchParams.get('orderId')!) ?? [] });
  if (path.endsWith('/refund')) {
    // Like the real payment service: a charge is refunded once; again is 409 charge_not_refundable.
    const charge = [...ledger.values()].flat().find((candidate) => path === `/charges/${candidate.chargeId}/refund` && !candidate.refunded);
    if (!charge) return reply(res, 409, { error: { code: 'charge_not_refundable', message: 'already refunded' } });
    for (const entries of ledger.values()) for (const entry of entries) if (entry.chargeId === charge.chargeId) entry.refunded = true;
    return reply(res, 200, { status: 'refunded' });
  }
  return reply(res, 404, { error: { code: 'route_not_found', message: path } });
}

beforeAll(async () => {
  peers = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => void handle(req, res, raw ? JSON.parse(raw) : undefined));
  });
  await new Promise<void>((resolve) => peers.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(peers.address() as AddressInfo).port}`;

  pool = createPostgresPool(await freshPostgresDatabase('shopfast_order_integration_test'), 'order-test');
  await migratePostgres(pool, migrations);
  await reader.del(ORDERS_STREAM); // left over from an interrupted run
  // The jobs are not started: their timers would race the tests, which run each pass themselves.
  settings = {
    USER_SERVICE_URL: url,
    CART_SERVICE_URL: url,
    INVENTORY_SERVICE_URL: url,
    PAYMENT_SERVICE_URL: url,
    SHIPPING_SERVICE_URL: url,
    RESERVATION_TTL_SECONDS: 60,
    OUTBOX_RELAY_INTERVAL_MS: 60_000,
    ABANDONED_CHECKOUT_AFTER_SECONDS: 60,
    ABANDONED_CHECKOUT_SWEEP_MS: 60_000,
    COMPENSATION_RETRY_INTERVAL_MS: 60_000,
    COMPENSATION_MAX_BACKOFF_SECONDS: 60,
    BUSINESS_GAUGES_INTERVAL_SECONDS: 60,
    REVENUE_CURRENCIES: ['USD'],
  };
  service = wireOrder({
    config: settings,
    logger,
    metrics,
    credentials: testCredentials('order'),
    callers: testCallers('order'),
    pool,
    redis,
    peerCalls: { retries: 0, timeoutMs: 2_000 },
  });
  app = service.app;
});

afterAll(async () => {
  await service?.jobs.stop();
  await pool?.end();
  await redisBack();
  await redis.quit();
  await reader.del(ORDERS_STREAM);
  await reader.quit();
  await metrics.close();
  await new Promise<void>((resolve) => peers.close(() => resolve()));
});

beforeEach(async () => {
  behaviour = 'ok';
  paymentUnreachable = false;
  calls = [];
  await redisBack();
  await listened.reset();
});

const validBody = {
  shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'London', postalCode: 'N1 9GU', country: 'gb' },
  shippingMethod: 'standard',
  payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' },
};
/** The gateway calling for a customer (USER unless told otherwise). */
const asCustomer = (userId = USER) => callerHeaders('gateway', 'order', { userId });
const checkoutAs = async (body: unknown = validBody, key?: string) => {
  const call = request(app).post('/checkout').set(await asCustomer());
  return (key ? call.set('idempotency-key', key) : call).send(body as object);
};
const paths = () => calls.map((call) => `${call.method} ${call.path.split('?')[0]}`);
const orderRow = async (id: string) => (await pool.query('SELECT status, failure_code, total::float, card_last4 FROM orders WHERE id = $1', [id])).rows[0];

describe('checkout saga', () => {
  it('confirms an order: reserve, charge, commit, confirm, clear the cart, publish order.placed', async () => {
    const response = await checkoutAs();
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'confirmed', total: 44.97, currency: 'USD' });
    expect(response.body.items).toEqual([{ productId: 'p-0001', sku: 'SKU-ELE-0001', name: 'Voltra Speaker', unitPrice: 19.99, quantity: 2, lineTotal: 39.98 }]);
    expect(paths()).toEqual(['GET /users/11111111-1111-4111-8111-111111111111', 'GET /cart', 'POST /quotes', 'POST /reservations', 'POST /charges', `POST /reservations/${response.body.orderId}/commit`, 'DELETE /cart']);
    expect(await orderRow(response.body.orderId)).toEqual({ status: 'confirmed', failure_code: null, total: 44.97, card_last4: '4242' });
    const event = (await published()).find((e) => (e.data as { orderId: string }).orderId === response.body.orderId);
    expect(event).toMatchObject({ stream: 'shopfast.orders', type: 'order.placed', data: { email: 'ada@example.test', total: 44.97, shippingMethod: 'standard' } });
    // Shipped to 'gb' (upper-cased by the contract): region eu.
    expect(await listened.received('ecommerce.orders.completed')).toEqual(['ecommerce.orders.completed:1|c|#currency:USD,shipping_method:standard,customer_type:new,region:eu']);
    expect(await listened.received('ecommerce.order.value')).toEqual(['ecommerce.order.value:44.97|d|#currency:USD,region:eu']);
    expect(await listened.received('ecommerce.revenue.total')).toEqual(['ecommerce.revenue.total:44.97|c|#source:web,currency:USD,region:eu']);
  });

  it('tags the order metrics with the region of the shipping country', async () => {
    const shipTo = (country: string) => ({ ...validBody, shippingAddress: { ...validBody.shippingAddress, country } });
    expect((await checkoutAs(shipTo('us'))).status).toBe(201);
    expect((await checkoutAs(shipTo('JP'))).status).toBe(201);
    expect((await checkoutAs(shipTo('ZA'))).status).toBe(201);
    const regions = async (name: string) => (await listened.received(name)).map((line) => /,region:([a-z]+)$/.exec(line)?.[1]);
    expect(await regions('ecommerce.orders.completed')).toEqual(['na', 'apac', 'other']);
    expect(await regions('ecommerce.order.value')).toEqual(['na', 'apac', 'other']);
    expect(await regions('ecommerce.revenue.total')).toEqual(['na', 'apac', 'other']);
  });

  it('sends the card number to the payment service but never stores it', async () => {
    await checkoutAs();
    const charge = calls.find((call) => call.path === '/charges')?.body as { card: { number: string } };
    expect(charge.card.number).toBe('4242424242424242');
    const { rows } = await pool.query('SELECT row_to_json(o)::text AS json FROM orders o');
    for (const row of rows) {
      expect(row.json).not.toContain('4242424242424242');
      expect(row.json).not.toContain('"123"');
    }
  });

  it('releases the stock and records payment_failed when the card is declined', async () => {
    behaviour = 'declined';
    const response = await checkoutAs();
    expect(response.status).toBe(402);
    expect(response.body.error).toMatchObject({ code: 'payment_declined', details: { reason: 'card_declined' } });
    expect(paths()).toContain(`POST /reservations/${response.body.error.details.orderId}/cancel`);
    expect(paths().some((path) => path.endsWith('/commit'))).toBe(false);
    expect(paths()).not.toContain('DELETE /cart');
    expect((await orderRow(response.body.error.details.orderId)).status).toBe('payment_failed');
    expect(await listened.received('ecommerce.orders.failed')).toContain('ecommerce.orders.failed:1|c|#error:payment_declined');
  });

  it('answers 409 out_of_stock naming the items, and charges nothing', async () => {
    behaviour = 'out_of_stock';
    const response = await checkoutAs();
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('out_of_stock');
    expect(response.body.error.details.items).toEqual([{ sku: 'SKU-ELE-0001', requested: 2, available: 1, productId: 'p-0001', name: 'Voltra Speaker' }]);
    expect(paths()).not.toContain('POST /charges');
    expect(await listened.received('ecommerce.')).toEqual(expect.arrayContaining(['ecommerce.inventory.stockout_at_checkout:1|c', 'ecommerce.orders.failed:1|c|#error:out_of_stock']));
  });

  it('refunds a charge whose answer was lost (found in the ledger), releases the stock, and says it was refunded', async () => {
    behaviour = 'payment_down';
    const response = await checkoutAs();
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe('The order could not be completed; the amount charged has been refunded');
    expect(response.body.error.details.money).toBe('refunded');
    expect(paths()).toEqual(expect.arrayContaining(['GET /charges', `POST /charges/${LOST}/refund`]));
    // The payment is closed first (payment waits for a charge still at the bank), then the ledger is read.
    expect(paths().indexOf('POST /charges/close')).toBeGreaterThan(-1);
    expect(paths().indexOf('POST /charges/close')).toBeLessThan(paths().indexOf('GET /charges'));
    expect(paths().some((path) => path.endsWith('/cancel'))).toBe(true);
    expect((await orderRow(response.body.error.details.orderId)).status).toBe('refunded');
    expect(await listened.received('ecommerce.checkout.compensations')).toEqual(
      expect.arrayContaining(['ecommerce.checkout.compensations:1|c|#kind:refund_charges,outcome:done', 'ecommerce.checkout.compensations:1|c|#kind:cancel_reservation,outcome:done']),
    );
  });

  it('refunds the charge when the stock cannot be committed', async () => {
    behaviour = 'commit_fails';
    const response = await checkoutAs();
    expect(response.status).toBe(503);
    expect(paths()).toContain(`POST /charges/${APPROVED}/refund`);
    // Cancel, not release: the commit may have gone through before its answer was lost.
    expect(paths().some((path) => path.endsWith('/cancel'))).toBe(true);
    expect((await orderRow(response.body.error.details.orderId)).status).toBe('refunded');
  });

  it('keeps a refund it cannot make yet, says so, and makes it exactly once when payment is back', async () => {
    behaviour = 'commit_fails';
    const charged = await checkoutAs(validBody, 'key-refund-later-01');
    const orderId = charged.body.error.details.orderId as string;
    // The first refund attempt ran inline and worked in the test above; here payment goes away first.
    await pool.query("UPDATE orders SET status = 'pending', result = NULL WHERE id = $1", [orderId]);
    await pool.query('DELETE FROM compensations WHERE order_id = $1', [orderId]);
    for (const entry of ledger.get(orderId) ?? []) entry.refunded = false;
    await pool.query("UPDATE orders SET updated_at = now() - interval '10 minutes' WHERE id = $1", [orderId]);
    paymentUnreachable = true;
    calls = [];
    expect(await service.abandonedCheckouts.sweep()).toBe(1);
    expect((await orderRow(orderId)).status).toBe('refund_pending');
    const pending = await checkoutAs(validBody, 'key-refund-later-01');
    expect(pending.body.error).toMatchObject({ code: 'checkout_abandoned', details: { money: 'refund_pending' } });
    expect(pending.body.error.message).toBe('The checkout could not be completed; any amount charged is being refunded');
    const { rows: [owed] } = await pool.query("SELECT attempts, last_error FROM compensations WHERE order_id = $1 AND kind = 'refund_charges'", [orderId]);
    expect(owed.attempts).toBe(1);
    expect(owed.last_error).toMatch(/payment/);

    paymentUnreachable = false;
    await pool.query('UPDATE compensations SET next_attempt_at = now() WHERE order_id = $1', [orderId]); // skip the backoff
    await listened.reset();
    await service.compensations.pass();
    await service.compensations.pass();
    expect(paths().filter((path) => path === `POST /charges/${APPROVED}/refund`)).toHaveLength(1);
    expect(ledger.get(orderId)?.every((charge) => charge.status !== 'approved' || charge.refunded)).toBe(true);
    expect((await orderRow(orderId)).status).toBe('refunded');
    const replay = await checkoutAs(validBody, 'key-refund-later-01');
    expect(replay.body.error.details.money).toBe('refunded');
    expect(await listened.received('ecommerce.checkout.compensations_pending')).toContain('ecommerce.checkout.compensations_pending:0|g');
  });

  it('cancels a reservation whose answer was lost, and charges nothing', async () => {
    behaviour = 'reserve_lost';
    const response = await checkoutAs();
    expect(response.status).toBe(503);
    const orderId = response.body.error.details.orderId as string;
    expect(paths()).toContain(`POST /reservations/${orderId}/cancel`);
    expect(paths()).not.toContain('POST /charges');
    expect((await orderRow(orderId)).status).toBe('failed');
  });

  it('keeps a confirmed order confirmed when a step after the confirmation fails', async () => {
    const original = service.store.confirmedOrderCount;
    service.store.confirmedOrderCount = async () => {
      throw new Error('metrics query failed');
    };
    try {
      const response = await checkoutAs();
      expect(response.status).toBe(201);
      expect((await orderRow(response.body.orderId)).status).toBe('confirmed');
      expect(paths().some((path) => path.endsWith('/refund') || path.endsWith('/cancel'))).toBe(false);
      expect(paths()).toContain('DELETE /cart');
    } finally {
      service.store.confirmedOrderCount = original;
    }
  });

  it('never turns a confirmed order into a failed one', async () => {
    const response = await checkoutAs();
    const changed = await service.store.endCheckout(response.body.orderId, {
      status: 'failed',
      failureCode: 'late_failure',
      result: { kind: 'failed', orderId: response.body.orderId, code: 'late_failure', money: 'not_charged' },
      compensations: ['refund_charges'],
    });
    expect(changed).toBe(false);
    expect((await orderRow(response.body.orderId)).status).toBe('confirmed');
  });
});

describe('abandoned checkouts', () => {
  const pendingOrder = async (orderId: string, startedSteps: string[]) => {
    await pool.query(
      `INSERT INTO orders (id, user_id, status, currency, subtotal, shipping_cost, total, shipping_method, shipping_address, updated_at)
       VALUES ($1, $2, 'pending', 'USD', 10, 1, 11, 'standard', '{}'::jsonb, now() - interval '10 minutes')`,
      [orderId, USER],
    );
    for (const step of startedSteps) await pool.query("INSERT INTO checkout_steps (order_id, step, state) VALUES ($1, $2, 'started')", [orderId, step]);
  };

  it('ends an order left pending by a dead checkout: refunds what the ledger shows and cancels the reservation', async () => {
    const orderId = '44444444-4444-4444-8444-444444444444';
    await pendingOrder(orderId, ['reserve_stock', 'charge_card']); // died right after charging
    record(orderId, LOST, 'approved');
    calls = [];
    expect(await service.abandonedCheckouts.sweep()).toBe(1);
    expect(paths()).toEqual(expect.arrayContaining(['GET /charges', `POST /charges/${LOST}/refund`, `POST /reservations/${orderId}/cancel`]));
    // No customer is at hand: the sweeper calls payment and inventory as the order service itself, and they accept it.
    for (const call of calls) expect(call.caller, call.path).toEqual({ service: 'order', admin: false });
    expect(await orderRow(orderId)).toMatchObject({ status: 'refunded', failure_code: 'checkout_abandoned' });
    expect(await listened.received('ecommerce.orders.failed')).toContain('ecommerce.orders.failed:1|c|#error:checkout_abandoned');
    calls = [];
    expect(await service.abandonedCheckouts.sweep()).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('undoes only what the journal says started: no refund for a checkout that died before charging', async () => {
    const orderId = '66666666-6666-4666-8666-666666666666';
    await pendingOrder(orderId, ['reserve_stock']);
    calls = [];
    expect(await service.abandonedCheckouts.sweep()).toBe(1);
    expect(paths()).toEqual([`POST /reservations/${orderId}/cancel`]);
    expect(await orderRow(orderId)).toMatchObject({ status: 'failed', failure_code: 'checkout_abandoned' });
  });

  it('leaves recent pending orders alone: their checkout may still be running', async () => {
    const orderId = '55555555-5555-4555-8555-555555555555';
    await pool.query(
      `INSERT INTO orders (id, user_id, status, currency, subtotal, shipping_cost, total, shipping_method, shipping_address)
       VALUES ($1, $2, 'pending', 'USD', 10, 1, 11, 'standard', '{}'::jsonb)`,
      [orderId, USER],
    );
    expect(await service.abandonedCheckouts.sweep()).toBe(0);
    expect((await orderRow(orderId)).status).toBe('pending');
  });

  it('answers 409 cart_empty without recording an order', async () => {
    behaviour = 'empty_cart';
    const before = (await pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n;
    const response = await checkoutAs();
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('cart_empty');
    expect((await pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(before);
  });
});

describe('business gauges', () => {
  /** Moves every earlier checkout out of both windows, so a test sees only its own. */
  const ageEverything = async () => {
    await pool.query("UPDATE orders SET confirmed_at = confirmed_at - interval '1 day' WHERE confirmed_at IS NOT NULL");
    await pool.query("UPDATE checkout_attempts SET ended_at = ended_at - interval '1 day'");
  };
  /** One pass of the job, and the gauge lines it sent to the DogStatsD listener. */
  const pass = async (gauges = service.businessGauges) => {
    await listened.reset();
    await gauges.pass();
    return { revenue: await listened.received('ecommerce.revenue.per_minute'), conversion: await listened.received('ecommerce.orders.conversion_rate') };
  };
  const attempts = async () => (await pool.query('SELECT outcome FROM checkout_attempts WHERE ended_at > now() - interval \'15 minutes\' ORDER BY id')).rows.map((row) => row.outcome as string);

  it('reports the revenue of the last minute and the confirmed share of the last 15 minutes of attempts, failures before any order included', async () => {
    await ageEverything();
    expect(await pass()).toEqual({ revenue: ['ecommerce.revenue.per_minute:0|g|#currency:USD'], conversion: [] });

    expect((await checkoutAs(validBody, 'key-gauges-0001')).status).toBe(201);
    expect((await checkoutAs()).status).toBe(201);
    behaviour = 'declined';
    expect((await checkoutAs()).status).toBe(402);
    behaviour = 'empty_cart';
    expect((await checkoutAs()).status).toBe(409);
    behaviour = 'ok';
    // A replay is the first attempt's answer again, not a new attempt.
    expect((await checkoutAs(validBody, 'key-gauges-0001')).headers['idempotent-replayed']).toBe('true');

    expect(await attempts()).toEqual(['confirmed', 'confirmed', 'payment_declined', 'cart_empty']);
    // Two confirmed orders of 44.97 in the last minute; 2 of 4 attempts confirmed.
    expect(await pass()).toEqual({ revenue: ['ecommerce.revenue.per_minute:89.94|g|#currency:USD'], conversion: ['ecommerce.orders.conversion_rate:50|g'] });

    // Two minutes later the revenue window is empty (0, not silence); the attempts still count.
    await pool.query("UPDATE orders SET confirmed_at = confirmed_at - interval '2 minutes' WHERE confirmed_at > now() - interval '1 minute'");
    expect(await pass()).toEqual({ revenue: ['ecommerce.revenue.per_minute:0|g|#currency:USD'], conversion: ['ecommerce.orders.conversion_rate:50|g'] });

    // Sixteen minutes later no attempt is in the window: no conversion rate at all, rather than 0 %.
    await pool.query("UPDATE checkout_attempts SET ended_at = ended_at - interval '16 minutes' WHERE ended_at > now() - interval '15 minutes'");
    expect(await pass()).toEqual({ revenue: ['ecommerce.revenue.per_minute:0|g|#currency:USD'], conversion: [] });
  });

  it('counts a checkout the abandoned-checkout sweeper ends, and a failure after the charge, as failed attempts', async () => {
    await ageEverything();
    const orderId = '88888888-8888-4888-8888-888888888888';
    await pool.query(
      `INSERT INTO orders (id, user_id, status, currency, subtotal, shipping_cost, total, shipping_method, shipping_address, updated_at)
       VALUES ($1, $2, 'pending', 'USD', 10, 1, 11, 'standard', '{}'::jsonb, now() - interval '10 minutes')`,
      [orderId, USER],
    );
    expect(await service.abandonedCheckouts.sweep()).toBe(1);
    behaviour = 'commit_fails';
    expect((await checkoutAs()).status).toBe(503);
    behaviour = 'ok';
    expect((await checkoutAs()).status).toBe(201);
    expect(await attempts()).toEqual(['checkout_abandoned', 'upstream_error', 'confirmed']);
    expect((await pass()).conversion).toEqual(['ecommerce.orders.conversion_rate:33.33|g']);
  });

  it('reports the same values from every replica: a second service on the same database, on its own timer', async () => {
    await ageEverything();
    expect((await checkoutAs()).status).toBe(201);
    behaviour = 'out_of_stock';
    expect((await checkoutAs()).status).toBe(409);
    behaviour = 'ok';
    const expected = { revenue: ['ecommerce.revenue.per_minute:44.97|g|#currency:USD'], conversion: ['ecommerce.orders.conversion_rate:50|g'] };
    expect(await pass()).toEqual(expected);

    const replica = wireOrder({
      config: { ...settings, BUSINESS_GAUGES_INTERVAL_SECONDS: 1 },
      logger,
      metrics,
      credentials: testCredentials('order'),
      callers: testCallers('order'),
      pool,
      redis,
    });
    await listened.reset();
    await replica.jobs.start();
    try {
      const lines = await waitFor('the replica timer to send both gauges', async () => {
        const sent = { revenue: await listened.received('ecommerce.revenue.per_minute'), conversion: await listened.received('ecommerce.orders.conversion_rate') };
        return sent.revenue.length > 0 && sent.conversion.length > 0 ? sent : undefined;
      });
      expect(lines.revenue[0]).toBe(expected.revenue[0]);
      expect(lines.conversion[0]).toBe(expected.conversion[0]);
    } finally {
      await replica.jobs.stop();
    }
  });
});

describe('idempotency', () => {
  it('returns the first result for a repeated Idempotency-Key and charges once', async () => {
    const first = await checkoutAs(validBody, 'key-repeat-0001');
    const second = await checkoutAs(validBody, 'key-repeat-0001');
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(calls.filter((call) => call.path === '/charges')).toHaveLength(1);
  });

  it('creates one order for concurrent checkouts with the same key', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => checkoutAs(validBody, 'key-concurrent-01')));
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'key-concurrent-01'");
    expect(rows[0].n).toBe(1);
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const response of responses) expect([201, 409]).toContain(response.status);
    expect(calls.filter((call) => call.path === '/charges')).toHaveLength(1);
  });

  it('refuses the same key with a different request: 422 idempotency_key_reused, no second order, no second charge', async () => {
    const first = await checkoutAs(validBody, 'key-reused-0001');
    expect(first.status).toBe(201);
    const otherCard = { ...validBody, payment: { ...validBody.payment, cardNumber: '5555 5555 5555 4444' } };
    const otherAddress = { ...validBody, shippingAddress: { ...validBody.shippingAddress, city: 'Paris' } };
    for (const body of [otherCard, otherAddress, { ...validBody, shippingMethod: 'express' }]) {
      const reused = await checkoutAs(body, 'key-reused-0001');
      expect(reused.status).toBe(422);
      expect(reused.body.error).toMatchObject({ code: 'idempotency_key_reused', details: { orderId: first.body.orderId } });
    }
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'key-reused-0001'");
    expect(rows[0].n).toBe(1);
    expect(calls.filter((call) => call.path === '/charges')).toHaveLength(1);
    // The same request again still replays.
    expect((await checkoutAs(validBody, 'key-reused-0001')).headers['idempotent-replayed']).toBe('true');
  });

  it('keeps the first answer for a replayed declined checkout', async () => {
    behaviour = 'declined';
    const first = await checkoutAs(validBody, 'key-declined-01');
    behaviour = 'ok';
    const second = await checkoutAs(validBody, 'key-declined-01');
    expect(second.status).toBe(402);
    expect(second.body).toEqual(first.body);
  });
});

describe('outbox', () => {
  it('keeps order.placed when Redis is down and publishes it later', async () => {
    redisDown();
    const response = await checkoutAs();
    expect(response.status).toBe(201);
    const { rows } = await pool.query("SELECT id FROM outbox WHERE published_at IS NULL AND data->>'orderId' = $1", [response.body.orderId]);
    expect(rows).toHaveLength(1);
    expect((await published()).some((event) => event.id === rows[0].id)).toBe(false);
    await redisBack();
    // The timer's pass leaves events younger than 5 s to the checkout that wrote them (no duplicate race).
    expect(await service.relay.publishPending()).toBe(0);
    expect(await service.relay.publishPending(100, 0)).toBeGreaterThanOrEqual(1);
    expect((await published()).some((event) => event.id === rows[0].id)).toBe(true);
    const { rows: after } = await pool.query('SELECT published_at FROM outbox WHERE id = $1', [rows[0].id]);
    expect(after[0].published_at).not.toBeNull();
  });
});

describe('input and access', () => {
  it('rejects bad checkout input with 400 and touches no other service', async () => {
    const cases: unknown[] = [
      { ...validBody, payment: { ...validBody.payment, cardNumber: '4242424242424241' } },
      { ...validBody, payment: { ...validBody.payment, expYear: 2001 } },
      { ...validBody, payment: { ...validBody.payment, cvc: '12' } },
      { ...validBody, shippingMethod: 'teleport' },
      { ...validBody, shippingAddress: { ...validBody.shippingAddress, country: 'Narnia' } },
      { ...validBody, shippingAddress: { ...validBody.shippingAddress, name: { $ne: '' } } },
      { ...validBody, total: 0.01 },
      {},
    ];
    for (const body of cases) {
      const response = await checkoutAs(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(calls).toHaveLength(0);
    expect((await checkoutAs(validBody, 'bad key with spaces')).status).toBe(400);
  });
});

describe('who may call the order service', () => {
  const OTHER = '99999999-9999-4999-8999-999999999999';
  const orderCount = async () => (await pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n as number;

  it('answers 401 without a service token, before validating anything, and touches nothing', async () => {
    const before = await orderCount();
    for (const call of [request(app).post('/checkout').send(validBody), request(app).post('/checkout').send({}), request(app).get('/orders'), request(app).get(`/orders/${APPROVED}`)]) {
      const response = await call;
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(calls).toHaveLength(0);
    expect(await orderCount()).toBe(before);
  });

  it('ignores forged x-user-id and x-admin headers: without a token it is 401 and no order is placed', async () => {
    const before = await orderCount();
    const checkout = await request(app).post('/checkout').set('x-user-id', USER).set('x-admin', 'true').send(validBody);
    expect(checkout.status).toBe(401);
    const list = await request(app).get('/orders').set('x-user-id', USER);
    expect(list.status).toBe(401);
    expect(list.body.items).toBeUndefined();
    expect(calls).toHaveLength(0);
    expect(await orderCount()).toBe(before);
  });

  it('answers 401 for a token addressed to another service', async () => {
    const response = await request(app).post('/checkout').set(await callerHeaders('gateway', 'cart', { userId: USER })).send(validBody);
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('answers 403 to a verified service other than the gateway, and places no order', async () => {
    const before = await orderCount();
    for (const service of ['cart', 'payment', 'user'] as const) {
      const headers = await callerHeaders(service, 'order', { userId: USER });
      const checkout = await request(app).post('/checkout').set(headers).send(validBody);
      expect(checkout.status, service).toBe(403);
      expect(checkout.body.error.code, service).toBe('forbidden');
      expect((await request(app).get('/orders').set(headers)).status, service).toBe(403);
    }
    expect(calls).toHaveLength(0);
    expect(await orderCount()).toBe(before);
  });

  it('answers 403 to a gateway token that names no customer, or names something that is not one', async () => {
    const noCustomer = await request(app).post('/checkout').set(await callerHeaders('gateway', 'order')).send(validBody);
    expect(noCustomer.status).toBe(403);
    for (const sub of ['42', "' OR 1=1 --"]) {
      const response = await request(app).get('/orders').set(await callerHeaders('gateway', 'order', { userId: sub }));
      expect(response.status, sub).toBe(403);
      expect(response.body.error, sub).toEqual({ code: 'forbidden', message: 'The token does not name a customer: its subject is not a user id' });
    }
    expect(calls).toHaveLength(0);
  });

  it('lists only the customer own orders and hides others as 404: the token decides, not a header', async () => {
    const created = await checkoutAs();
    const list = await request(app).get('/orders').set(await asCustomer());
    expect(list.status).toBe(200);
    expect(list.body.items.map((order: { id: string }) => order.id)).toContain(created.body.orderId);
    const mine = await request(app).get(`/orders/${created.body.orderId}`).set(await asCustomer());
    expect(mine.body).toMatchObject({ id: created.body.orderId, status: 'confirmed', payment: { brand: 'visa', last4: '4242' } });
    const theirs = await request(app).get(`/orders/${created.body.orderId}`).set(await asCustomer(OTHER)).set('x-user-id', USER);
    expect(theirs.status).toBe(404);
    const theirList = await request(app).get('/orders').set(await asCustomer(OTHER)).set('x-user-id', USER);
    expect(theirList.body.items.map((order: { id: string }) => order.id)).not.toContain(created.body.orderId);
    expect((await request(app).get('/orders/not-a-uuid').set(await asCustomer())).status).toBe(400);
  });
});

describe('tokens the order service sends', () => {
  const callTo = (method: string, prefix: string) => calls.find((call) => call.method === method && call.path.startsWith(prefix));

  it('calls payment and inventory as itself, and user and cart for the customer, each with a token only that peer accepts', async () => {
    const response = await checkoutAs();
    expect(response.status).toBe(201);
    const charge = callTo('POST', '/charges')!;
    const reserve = callTo('POST', '/reservations')!;
    const cart = callTo('GET', '/cart')!;
    const clear = callTo('DELETE', '/cart')!;
    const user = callTo('GET', '/users/')!;

    expect(await testCallers('payment').verify(bearerToken(charge.authorization))).toEqual({ result: 'ok', caller: { service: 'order', admin: false } });
    expect(await testCallers('inventory').verify(bearerToken(reserve.authorization))).toEqual({ result: 'ok', caller: { service: 'order', admin: false } });
    for (const toCart of [cart, clear]) {
      expect(await testCallers('cart').verify(bearerToken(toCart.authorization))).toEqual({ result: 'ok', caller: { service: 'order', userId: USER, admin: false } });
    }
    expect(await testCallers('user').verify(bearerToken(user.authorization))).toEqual({ result: 'ok', caller: { service: 'order', userId: USER, admin: false } });
    // Each token is addressed to one peer: the one sent to payment is worthless to inventory, and the reverse.
    expect((await testCallers('inventory').verify(bearerToken(charge.authorization))).result).toBe('invalid');
    expect((await testCallers('payment').verify(bearerToken(reserve.authorization))).result).toBe('invalid');
    // No identity travels in headers any more.
    expect(calls.every((call) => call.authorization?.startsWith('Bearer ') || call.path === '/quotes')).toBe(true);
  });

  it('asks the cart of the customer the gateway named, and no one else', async () => {
    const other = '77777777-7777-4777-8777-777777777777';
    await request(app).post('/checkout').set(await asCustomer(other)).send(validBody);
    expect(callTo('GET', '/cart')?.caller).toEqual({ service: 'order', userId: other, admin: false });
    expect(callTo('GET', '/users/')?.path).toBe(`/users/${other}`);
  });

  it('reads the shipment of an order with its own token', async () => {
    const created = await checkoutAs();
    calls = [];
    const order = await request(app).get(`/orders/${created.body.orderId}`).set(await asCustomer());
    expect(order.body.shipment).toMatchObject({ orderId: created.body.orderId, carrier: 'ACME' });
    expect(callTo('GET', '/shipments/')?.caller).toEqual({ service: 'order', admin: false });
  });
});
