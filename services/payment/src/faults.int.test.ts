// The payment faults (paymentLatency, paymentFailure, bankTimeout) as the payment service runs them:
// wired like main.ts with a FaultFlags whose values each test sets, against a real PostgreSQL ledger.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createLogger } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { callerHeaders, freshPostgresDatabase, listenedMetrics, testCallers } from '@shopfast/test-kit';
import { BANK_TIMEOUT_MS, chargeShare } from './domain/card-processor';
import { migrations } from './store/migrations';
import { wirePayment } from './wire';

/** The faults switched on, as the state file would say; everything else reads off. */
const switchedOn: Record<string, number | boolean> = {};
const faults: FaultFlags = {
  number: async (key) => (typeof switchedOn[key] === 'number' ? switchedOn[key] : 0),
  enabled: async (key) => switchedOn[key] === true,
};

const logger = createLogger({ service: 'payment-test', env: 'test', version: '0', level: 'silent' });
const listened = listenedMetrics('payment');
let pool: PgPool;
let app: ReturnType<typeof wirePayment>['app'];

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_payment_faults_test'), 'payment-test', 10);
  await migratePostgres(pool, migrations);
  app = wirePayment({ config: { BANK_LATENCY_MS: 20, FRAUD_AMOUNT_LIMIT: 10_000 }, logger, metrics: listened.metrics, callers: testCallers('payment'), pool, faults }).app;
});

afterAll(async () => {
  await pool?.end();
  await listened.metrics.close();
});

beforeEach(() => {
  for (const key of Object.keys(switchedOn)) delete switchedOn[key];
});

const nextYear = new Date().getUTCFullYear() + 1;
const chargeBody = (idempotencyKey = `order-${randomUUID()}`) => ({
  idempotencyKey,
  orderId: randomUUID(),
  amount: 42.5,
  currency: 'USD',
  card: { number: '4242424242424242', expMonth: 12, expYear: nextYear, cvc: '737' },
});
const charge = async (body: ReturnType<typeof chargeBody>) => request(app).post('/charges').set(await callerHeaders('order', 'payment')).send(body);
const rowsOf = async (orderId: string) => ({
  charges: (await pool.query('SELECT id FROM charges WHERE order_id = $1', [orderId])).rowCount,
  ledger: (await pool.query('SELECT l.kind FROM ledger l JOIN charges c ON c.id = l.charge_id WHERE c.order_id = $1', [orderId])).rowCount,
});
/** A key that paymentFailure at `rate` fails (below) or lets through (above). */
function keyWhoseShareIs(side: 'below' | 'above', rate: number): string {
  for (;;) {
    const key = `order-${randomUUID()}`;
    if ((chargeShare(key) < rate) === (side === 'below')) return key;
  }
}

describe('payment faults', () => {
  it('paymentLatency: the charge waits that much longer at the bank and is still approved', async () => {
    switchedOn.paymentLatency = 400;
    const started = performance.now();
    const response = await charge(chargeBody());
    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('paymentFailure: a failed charge answers 502 card_processor_error, records nothing, and fails again when retried', async () => {
    await listened.reset();
    switchedOn.paymentFailure = 0.5;
    const body = chargeBody(keyWhoseShareIs('below', 0.5));
    const first = await charge(body);
    expect(first.status).toBe(502);
    expect(first.body.error.code).toBe('card_processor_error');
    // The order service retries a 502 with the same key: the same charge fails the same way.
    expect((await charge(body)).status).toBe(502);
    expect(await rowsOf(body.orderId)).toEqual({ charges: 0, ledger: 0 });
    expect(await listened.received('ecommerce.payment.bank_latency:')).toEqual([
      expect.stringMatching(/^ecommerce\.payment\.bank_latency:\d+\|d\|#result:error$/),
      expect.stringMatching(/^ecommerce\.payment\.bank_latency:\d+\|d\|#result:error$/),
    ]);
    expect(await listened.received('ecommerce.payment.bank_authorizations:')).toEqual([
      'ecommerce.payment.bank_authorizations:1|c|#result:error',
      'ecommerce.payment.bank_authorizations:1|c|#result:error',
    ]);
  });

  it('paymentFailure: charges above the rate go through, and nothing fails once it is off', async () => {
    switchedOn.paymentFailure = 0.5;
    const through = chargeBody(keyWhoseShareIs('above', 0.5));
    expect((await charge(through)).status).toBe(201);
    expect(await rowsOf(through.orderId)).toEqual({ charges: 1, ledger: 1 });
    delete switchedOn.paymentFailure;
    const failedBefore = chargeBody(keyWhoseShareIs('below', 0.5));
    expect((await charge(failedBefore)).status).toBe(201);
  });

  it('bankTimeout: the payment gives up on the bank after BANK_TIMEOUT_MS with 504 bank_timeout and charges nothing', async () => {
    await listened.reset();
    switchedOn.bankTimeout = true;
    const body = chargeBody();
    const started = performance.now();
    const response = await charge(body);
    const took = performance.now() - started;
    expect(response.status).toBe(504);
    expect(response.body.error.code).toBe('bank_timeout');
    expect(took).toBeGreaterThanOrEqual(BANK_TIMEOUT_MS - 10);
    expect(took).toBeLessThan(BANK_TIMEOUT_MS + 2_000);
    expect(await rowsOf(body.orderId)).toEqual({ charges: 0, ledger: 0 });
    expect(await listened.received('ecommerce.payment.bank_latency:')).toEqual([expect.stringMatching(/^ecommerce\.payment\.bank_latency:\d+\|d\|#result:timeout$/)]);
    expect(await listened.received('ecommerce.payment.bank_authorizations:')).toEqual(['ecommerce.payment.bank_authorizations:1|c|#result:timeout']);
    // The order's compensation then closes the key: the ledger is final, nothing was charged.
    const closed = await request(app).post('/charges/close').set(await callerHeaders('order', 'payment')).send({ idempotencyKey: body.idempotencyKey, orderId: body.orderId });
    expect(closed.body).toEqual({ idempotencyKey: body.idempotencyKey, charge: null });
  });

  it('paymentLatency beyond the bank timeout ends as a bank timeout', async () => {
    switchedOn.paymentLatency = BANK_TIMEOUT_MS + 500;
    const response = await charge(chargeBody());
    expect(response.status).toBe(504);
    expect(response.body.error.code).toBe('bank_timeout');
  });
});
