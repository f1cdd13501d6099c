import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { callerHeaders, freshPostgresDatabase, listenedMetrics, testCallers } from '@shopfast/test-kit';
import { migrations } from './store/migrations';
import { wirePayment, type PaymentSettings } from './wire';

/** Every log line the app writes, to prove card data never reaches one. */
const logLines: string[] = [];
const logger = createLogger({
  service: 'payment-test',
  env: 'test',
  version: '0',
  level: 'debug',
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
});
const listened = listenedMetrics('payment');
const { metrics } = listened;
let pool: PgPool;
let app: ReturnType<typeof wirePayment>['app'];
/** The payment service as main.ts wires it, on the test database. */
const paymentService = (config: PaymentSettings) => wirePayment({ config, logger, metrics, callers: testCallers('payment'), pool });

const APPROVE = '4242424242424242';
const DECLINE = '4000000000000002';
const NO_FUNDS = '4000000000009995';
const CVC = '737';
const nextYear = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_payment_integration_test'), 'payment-test', 20);
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-charges-and-ledger', '002-closed-payment-keys']);
  app = paymentService({ BANK_LATENCY_MS: 20, FRAUD_AMOUNT_LIMIT: 10_000 }).app;
});

afterAll(async () => {
  await pool?.end();
  await metrics.close();
});

const chargeBody = (overrides: Record<string, unknown> = {}, card: Record<string, unknown> = {}) => ({
  idempotencyKey: `key-${randomUUID()}`,
  orderId: `order-${randomUUID().slice(0, 8)}`,
  amount: 59.9,
  currency: 'USD',
  card: { number: APPROVE, expMonth: 12, expYear: nextYear, cvc: CVC, ...card },
  ...overrides,
});
/** The order service's token: the only caller the charge routes serve. */
const asOrder = () => callerHeaders('order', 'payment');
const charge = async (body: Record<string, unknown>) => request(app).post('/charges').set(await asOrder()).send(body);
const refund = async (chargeId: string) => request(app).post(`/charges/${chargeId}/refund`).set(await asOrder());
const listCharges = async (query: string) => request(app).get(`/charges${query}`).set(await asOrder());
const count = async (sql: string, params: unknown[] = []) => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

describe('charging a card', () => {
  it('approves a good card and keeps only its brand and last four digits', async () => {
    await listened.reset();
    const body = chargeBody();
    const response = await charge(body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ chargeId: expect.any(String), status: 'approved', amount: 59.9, currency: 'USD', brand: 'visa', last4: '4242' });
    const ledger = await pool.query('SELECT kind, amount::text, currency FROM ledger WHERE charge_id = $1', [response.body.chargeId]);
    expect(ledger.rows).toEqual([{ kind: 'charge', amount: '59.90', currency: 'USD' }]);
    expect(await listened.received('ecommerce.payment.processed:')).toEqual(['ecommerce.payment.processed:1|c|#status:approved,brand:visa']);
    expect(await listened.received('ecommerce.payment.bank_latency:')).toHaveLength(1);
    expect((await listened.received('ecommerce.payment.bank_latency:'))[0]).toMatch(/^ecommerce\.payment\.bank_latency:\d+\|d\|#result:approved$/);
    expect(await listened.received('ecommerce.payment.bank_authorizations:')).toEqual(['ecommerce.payment.bank_authorizations:1|c|#result:approved']);
  });

  it('answers 402 with the reason for declined and insufficient-funds cards, records them, moves no money', async () => {
    await listened.reset();
    for (const [number, reason] of [
      [DECLINE, 'card_declined'],
      [NO_FUNDS, 'insufficient_funds'],
    ]) {
      const response = await charge(chargeBody({}, { number }));
      expect(response.status, reason).toBe(402);
      expect(response.body.error).toMatchObject({ code: 'payment_declined', details: { chargeId: expect.any(String), reason } });
      const { rows } = await pool.query('SELECT status, decline_reason FROM charges WHERE id = $1', [response.body.error.details.chargeId]);
      expect(rows).toEqual([{ status: 'declined', decline_reason: reason }]);
      expect(await count('ledger WHERE charge_id = $1', [response.body.error.details.chargeId])).toBe(0);
    }
    expect(await listened.received('ecommerce.payment.declined:')).toEqual([
      'ecommerce.payment.declined:1|c|#reason:card_declined',
      'ecommerce.payment.declined:1|c|#reason:insufficient_funds',
    ]);
    expect(await listened.received('ecommerce.payment.processed:')).toEqual([
      'ecommerce.payment.processed:1|c|#status:declined,brand:visa',
      'ecommerce.payment.processed:1|c|#status:declined,brand:visa',
    ]);
    // The bank answered both: two authorizations, declined.
    expect(await listened.received('ecommerce.payment.bank_authorizations:')).toEqual([
      'ecommerce.payment.bank_authorizations:1|c|#result:declined',
      'ecommerce.payment.bank_authorizations:1|c|#result:declined',
    ]);
  });

  it('declines amounts above the fraud limit without calling the bank', async () => {
    await listened.reset();
    const response = await charge(chargeBody({ amount: 10_000.01 }));
    expect(response.status).toBe(402);
    expect(response.body.error.details.reason).toBe('fraud_suspected');
    expect(await listened.received('ecommerce.payment.bank_latency:')).toHaveLength(0);
    expect(await listened.received('ecommerce.payment.bank_authorizations:')).toHaveLength(0);
    expect((await charge(chargeBody({ amount: 10_000 }))).status).toBe(201);
  });

  it('names the brand of mastercard, amex and other cards', async () => {
    const brands = [];
    for (const number of ['5555555555554444', '2223003122003222', '378282246310005', '6011111111111117']) {
      const response = await charge(chargeBody({}, { number, cvc: number.startsWith('37') ? '1234' : CVC }));
      brands.push(response.body.brand);
    }
    expect(brands).toEqual(['mastercard', 'mastercard', 'amex', 'unknown']);
  });

  it('rejects invalid cards and malformed requests with 400 without recording anything', async () => {
    const before = await count('charges');
    const year = new Date().getUTCFullYear();
    const month = new Date().getUTCMonth() + 1;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['Luhn', chargeBody({}, { number: '4242424242424241' })],
      ['too short', chargeBody({}, { number: '42424242424' })],
      ['letters', chargeBody({}, { number: '4242abcd42424242' })],
      ['expired', chargeBody({}, { expMonth: month === 1 ? 12 : month - 1, expYear: month === 1 ? year - 1 : year })],
      ['month 13', chargeBody({}, { expMonth: 13 })],
      ['month 0', chargeBody({}, { expMonth: 0 })],
      ['cvc 2 digits', chargeBody({}, { cvc: '12' })],
      ['cvc as number', chargeBody({}, { cvc: 737 })],
      ['cvc letters', chargeBody({}, { cvc: '7a7' })],
      ['negative amount', chargeBody({ amount: -5 })],
      ['zero amount', chargeBody({ amount: 0 })],
      ['three decimals', chargeBody({ amount: 1.005 })],
      ['amount as string', chargeBody({ amount: '10.00' })],
      ['lower-case currency', chargeBody({ currency: 'usd' })],
      ['injection key', chargeBody({ idempotencyKey: "x'; DROP TABLE charges; --" })],
      ['operator object', chargeBody({ orderId: { $ne: null } })],
      ['extra field', chargeBody({ status: 'approved' })],
      ['no card', { idempotencyKey: 'k-1', orderId: 'o-1', amount: 1, currency: 'USD' }],
    ];
    for (const [name, body] of cases) {
      const response = await charge(body);
      expect(response.status, name).toBe(400);
      expect(response.body.error.code, name).toBe('validation_failed');
    }
    expect(await count('charges')).toBe(before);
  });

  it('says which card field is wrong without echoing the number or the CVC', async () => {
    const response = await charge(chargeBody({}, { number: '4242424242424241', cvc: '99' }));
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['card.cvc', 'card.number']);
    expect(response.text).not.toContain('4242424242424241');
    expect(response.text).not.toContain('"99"');
  });
});

describe('idempotency', () => {
  it('returns the first result for a repeated key and never charges twice', async () => {
    const body = chargeBody();
    const first = await charge(body);
    const again = await charge(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await count('ledger WHERE charge_id = $1', [first.body.chargeId])).toBe(1);

    const declinedBody = chargeBody({}, { number: DECLINE });
    const declined = await charge(declinedBody);
    const declinedAgain = await charge(declinedBody);
    expect(declinedAgain.status).toBe(402);
    expect(declinedAgain.body).toEqual(declined.body);
  });

  it('makes one charge and one ledger row for 10 identical concurrent requests', async () => {
    await listened.reset();
    const body = chargeBody({ amount: 120.5 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => charge(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.chargeId)).size).toBe(1);
    expect(await count('charges WHERE idempotency_key = $1', [body.idempotencyKey])).toBe(1);
    expect(await count('ledger WHERE charge_id = $1', [responses[0]!.body.chargeId])).toBe(1);
    expect(await listened.received('ecommerce.payment.bank_latency:')).toHaveLength(1);
  });

  it('refuses a key reused for another amount or order with 409', async () => {
    const body = chargeBody();
    await charge(body);
    for (const changed of [{ ...body, amount: 1 }, { ...body, orderId: 'order-other' }]) {
      const response = await charge(changed);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('idempotency_key_reused');
    }
    expect(await count('charges WHERE idempotency_key = $1', [body.idempotencyKey])).toBe(1);
  });
});

describe('refunds and the ledger view', () => {
  it('refunds an approved charge once, however often it is asked, and shows it refunded', async () => {
    const body = chargeBody({ amount: 42.42 });
    const created = await charge(body);
    const refunds = await Promise.all(Array.from({ length: 5 }, () => refund(created.body.chargeId)));
    expect(refunds.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(refunds[0]!.body).toEqual({ chargeId: created.body.chargeId, refundId: expect.any(String), status: 'refunded' });
    expect(new Set(refunds.map((r) => r.body.refundId)).size).toBe(1);
    const ledger = await pool.query('SELECT kind, amount::text FROM ledger WHERE charge_id = $1 ORDER BY kind', [created.body.chargeId]);
    expect(ledger.rows).toEqual([
      { kind: 'charge', amount: '42.42' },
      { kind: 'refund', amount: '42.42' },
    ]);
    const list = await listCharges(`?orderId=${body.orderId}`);
    expect(list.body).toEqual({
      items: [{ chargeId: created.body.chargeId, status: 'approved', amount: 42.42, currency: 'USD', brand: 'visa', last4: '4242', refunded: true }],
    });
  });

  it('refuses to refund a declined charge (409) and answers 404 for an unknown one and 400 for a malformed id', async () => {
    const declined = await charge(chargeBody({}, { number: DECLINE }));
    const refused = await refund(declined.body.error.details.chargeId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('charge_not_refundable');
    const unknown = await refund(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('charge_not_found');
    expect((await refund('1%20OR%201=1')).status).toBe(400);
  });

  it('lists every attempt for an order and needs a well-formed orderId', async () => {
    const orderId = `order-${randomUUID().slice(0, 8)}`;
    await charge(chargeBody({ orderId }, { number: DECLINE }));
    await charge(chargeBody({ orderId }));
    const list = await listCharges(`?orderId=${orderId}`);
    expect(list.body.items.map((c: { status: string; refunded: boolean }) => [c.status, c.refunded])).toEqual([
      ['declined', false],
      ['approved', false],
    ]);
    expect((await listCharges('')).status).toBe(400);
    expect((await listCharges('?orderId[$ne]=x')).status).toBe(400);
    expect((await listCharges('?orderId=nobody')).body).toEqual({ items: [] });
  });
});

describe('closing a payment the order gave up on', () => {
  const close = async (idempotencyKey: string, orderId: string) => request(app).post('/charges/close').set(await asOrder()).send({ idempotencyKey, orderId });

  it('closes a key no charge was made with, so a charge that arrives later is refused and moves no money', async () => {
    const body = chargeBody();
    const closed = await close(body.idempotencyKey, body.orderId);
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ idempotencyKey: body.idempotencyKey, charge: null });
    const late = await charge(body);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('payment_key_closed');
    expect(await count('charges WHERE idempotency_key = $1', [body.idempotencyKey])).toBe(0);
    // Closing again answers the same.
    expect((await close(body.idempotencyKey, body.orderId)).body).toEqual({ idempotencyKey: body.idempotencyKey, charge: null });
  });

  it('answers the charge a key already has, approved or declined, and leaves it as it is', async () => {
    const approved = chargeBody();
    const made = await charge(approved);
    expect((await close(approved.idempotencyKey, approved.orderId)).body).toEqual({ idempotencyKey: approved.idempotencyKey, charge: { chargeId: made.body.chargeId, status: 'approved', refunded: false } });
    expect((await charge(approved)).status).toBe(201); // the first answer, replayed: closing changed nothing
    const declined = chargeBody({}, { number: DECLINE });
    await charge(declined);
    expect((await close(declined.idempotencyKey, declined.orderId)).body.charge).toMatchObject({ status: 'declined', refunded: false });
  });

  it('waits for a charge that is still at the bank and answers it: the order never concludes "not charged" too early', async () => {
    const slowApp = paymentService({ BANK_LATENCY_MS: 1_500, FRAUD_AMOUNT_LIMIT: 10_000 }).app;
    const body = chargeBody();
    const inFlight = request(slowApp).post('/charges').set(await asOrder()).send(body).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = await request(slowApp).post('/charges/close').set(await asOrder()).send({ idempotencyKey: body.idempotencyKey, orderId: body.orderId });
    const charged = await inFlight;
    expect(charged.status).toBe(201);
    expect(closed.body.charge).toEqual({ chargeId: charged.body.chargeId, status: 'approved', refunded: false });
  });

  it('serves the order service only', async () => {
    const body = { idempotencyKey: `key-${randomUUID()}`, orderId: 'order-x' };
    expect((await request(app).post('/charges/close').send(body)).status).toBe(401);
    expect((await request(app).post('/charges/close').set(await callerHeaders('gateway', 'payment', { admin: true })).send(body)).status).toBe(403);
    expect(await count('closed_keys WHERE idempotency_key = $1', [body.idempotencyKey])).toBe(0);
  });
});

describe('who may call', () => {
  const forged = { 'x-user-id': randomUUID(), 'x-admin': 'true' };
  const chargesOf = (orderId: string) => count('charges WHERE order_id = $1', [orderId]);
  const refundsOf = (chargeId: string) => count(`ledger WHERE charge_id = $1 AND kind = 'refund'`, [chargeId]);

  it('refuses a charge without a service token with 401, forged x-user-id and x-admin headers or not, and records nothing', async () => {
    const body = chargeBody();
    const anonymous = await request(app).post('/charges').send(body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const withHeaders = await request(app).post('/charges').set(forged).send(body);
    expect(withHeaders.status).toBe(401);
    const notBearer = await request(app).post('/charges').set('authorization', 'Basic b3JkZXI6b3JkZXI=').send(body);
    expect(notBearer.status).toBe(401);
    expect(await chargesOf(body.orderId as string)).toBe(0);
    // The same body from the order service is charged: the refusals were about the caller, not the request.
    expect((await charge(body)).status).toBe(201);
    expect(await chargesOf(body.orderId as string)).toBe(1);
  });

  it('refuses a refund and the ledger view without a service token (401) and refunds nothing', async () => {
    const body = chargeBody();
    const created = await charge(body);
    for (const headers of [{}, forged]) {
      const refused = await request(app).post(`/charges/${created.body.chargeId}/refund`).set(headers);
      expect(refused.status).toBe(401);
      const list = await request(app).get(`/charges?orderId=${body.orderId}`).set(headers);
      expect(list.status).toBe(401);
      expect(list.body).not.toHaveProperty('items');
    }
    expect(await refundsOf(created.body.chargeId)).toBe(0);
  });

  it('refuses a token signed for another service, or edited after signing, with 401', async () => {
    const body = chargeBody();
    const forInventory = await request(app).post('/charges').set(await callerHeaders('order', 'inventory')).send(body);
    expect(forInventory.status).toBe(401);
    expect(forInventory.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    // The order service's own token, its claims rewritten to say it comes from the gateway: the signature no longer matches.
    const [header, payload, signature] = (await asOrder()).authorization.slice('Bearer '.length).split('.');
    const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), iss: 'gateway' };
    const edited = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await request(app).post('/charges').set('authorization', `Bearer ${edited}`).send(body)).status).toBe(401);
    expect(await chargesOf(body.orderId as string)).toBe(0);
  });

  it('answers 403 to any valid caller but the order service, even the gateway acting for an administrator, and moves no money', async () => {
    const body = chargeBody();
    const created = await charge(chargeBody());
    for (const [from, actingFor] of [
      ['gateway', { userId: randomUUID(), admin: true }],
      ['gateway', {}],
      ['cart', { userId: randomUUID() }],
      ['inventory', {}],
    ] as const) {
      const headers = await callerHeaders(from, 'payment', actingFor);
      const charged = await request(app).post('/charges').set(headers).send(body);
      expect(charged.status, from).toBe(403);
      expect(charged.body.error.code).toBe('forbidden');
      expect((await request(app).post(`/charges/${created.body.chargeId}/refund`).set(headers)).status, from).toBe(403);
      expect((await request(app).get(`/charges?orderId=${body.orderId}`).set(headers)).status, from).toBe(403);
    }
    expect(await chargesOf(body.orderId as string)).toBe(0);
    expect(await refundsOf(created.body.chargeId)).toBe(0);
  });
});

describe('card data never stored or logged', () => {
  it('keeps no full card number or CVC in any column of any row, and writes none to the log', async () => {
    const secretCvc = '9173';
    await charge(chargeBody({}, { number: '5555 5555 5555 4444', cvc: secretCvc }));
    await charge(chargeBody({}, { number: DECLINE, cvc: secretCvc }));
    await charge(chargeBody({ amount: -1 }, { number: APPROVE, cvc: secretCvc }));
    const { rows } = await pool.query<{ row: string }>(
      `SELECT row_to_json(c)::text AS row FROM charges c UNION ALL SELECT row_to_json(l)::text FROM ledger l UNION ALL SELECT row_to_json(m)::text FROM schema_migrations m`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const everything = rows.map((r) => r.row).join('\n');
    expect(everything).toContain('"last4":"4444"');
    for (const secret of [APPROVE, DECLINE, NO_FUNDS, '5555555555554444', '5555 5555 5555 4444']) {
      expect(everything).not.toContain(secret);
    }
    // A 4-digit CVC can occur by chance inside a uuid or a hex fingerprint: look for it as a value of its own.
    const standalone = new RegExp(`(?<![0-9a-f-])${secretCvc}(?![0-9a-f-])`);
    expect(everything).not.toMatch(standalone);
    const log = logLines.join('');
    expect(log).toContain('"url":"/charges"');
    for (const secret of [APPROVE, DECLINE, '5555555555554444', '5555 5555 5555 4444']) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(standalone);
  });
});
