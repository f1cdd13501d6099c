// Money and stock are never lost when checkouts fail: a checkout that died after charging is undone by
// the abandoned-checkout sweeper even while the payment service is down (the refund waits, the order
// says refund_pending, and the refund happens exactly once when payment is back); and after a burst of
// checkouts while payment keeps going down and up, the payment ledger holds exactly the money of the
// confirmed orders. Uses the running stack; stops and starts the payment service.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { stackCallerHeaders, storeUrls, waitFor } from '@shopfast/test-kit';
import { stackDown, stackUp } from '../../scripts/stack';
import { api, checkoutBody, internal, newCustomer, setStock, stockOf } from './shop-client';

const orderDb = new pg.Pool({ connectionString: storeUrls.postgres('shopfast_order'), max: 2 });
const paymentDb = new pg.Pool({ connectionString: storeUrls.postgres('shopfast_payment'), max: 2 });
afterAll(async () => {
  await orderDb.end();
  await paymentDb.end();
});

const quiet = { log: () => undefined };
const stopPayment = () => stackDown({ only: ['payment'], ...quiet });
const startPayment = () => stackUp({ detach: true, only: ['payment'], ...quiet });

async function inStockProduct(query: string): Promise<{ id: string; sku: string; price: number }> {
  const found = await api(`/api/search?q=${encodeURIComponent(query)}&inStock=true&limit=5`);
  const product = found.body.items[0];
  if (!product) throw new Error(`no product in stock for "${query}"`);
  return product;
}

const statusOf = async (orderId: string) => (await orderDb.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId])).rows[0]?.status;

describe('compensation that cannot be lost', () => {
  it('refunds a dead checkout\'s charge exactly once after payment comes back, and its order tells the truth meanwhile', async () => {
    const customer = await newCustomer('abandoned');
    const product = await inStockProduct('lamp');
    const before = await stockOf(product.sku);
    const orderId = randomUUID();
    // What a checkout had done when its process died: reserved one unit and charged the card.
    const reserved = await fetch(`${internal.inventory}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await stackCallerHeaders('order', 'inventory')) },
      body: JSON.stringify({ reservationId: orderId, orderId, items: [{ sku: product.sku, quantity: 1 }], ttlSeconds: 600 }),
    });
    expect(reserved.status).toBe(201);
    const card = checkoutBody().payment;
    const charged = await fetch(`${internal.payment}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await stackCallerHeaders('order', 'payment')) },
      body: JSON.stringify({ idempotencyKey: `order-${orderId}`, orderId, amount: 12.34, currency: 'USD', card: { number: card.cardNumber, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc } }),
    });
    expect(charged.status).toBe(201);
    const chargeId = ((await charged.json()) as { chargeId: string }).chargeId;
    await orderDb.query(
      `INSERT INTO orders (id, user_id, status, currency, subtotal, shipping_cost, total, shipping_method, shipping_address, updated_at)
       VALUES ($1, $2, 'pending', 'USD', 7.35, 4.99, 12.34, 'standard', '{}'::jsonb, now() - interval '10 minutes')`,
      [orderId, customer.userId],
    );
    for (const step of ['reserve_stock', 'charge_card']) await orderDb.query("INSERT INTO checkout_steps (order_id, step, state) VALUES ($1, $2, 'started')", [orderId, step]);

    await stopPayment();
    try {
      await waitFor('the sweeper to end the order', async () => ((await statusOf(orderId)) === 'refund_pending' ? true : undefined), 30_000, 250);
      const meanwhile = await api(`/api/orders/${orderId}`, { token: customer.token });
      expect(meanwhile.status).toBe(200);
      expect(meanwhile.body).toMatchObject({ id: orderId, status: 'refund_pending', failureCode: 'checkout_abandoned' });
      // The stock does not wait for the money.
      await waitFor('the unit back in stock', async () => ((await stockOf(product.sku)).available === before.available ? true : undefined), 20_000, 250);
    } finally {
      await startPayment();
    }
    await waitFor('the refund', async () => ((await statusOf(orderId)) === 'refunded' ? true : undefined), 45_000, 500);
    const refunds = await paymentDb.query("SELECT amount::float AS amount FROM ledger WHERE charge_id = $1 AND kind = 'refund'", [chargeId]);
    expect(refunds.rows).toEqual([{ amount: 12.34 }]);
    const after = await api(`/api/orders/${orderId}`, { token: customer.token });
    expect(after.body).toMatchObject({ status: 'refunded' });
    expect(await stockOf(product.sku)).toEqual(expect.objectContaining({ available: before.available, reserved: before.reserved }));
  });

  it('refunds a charge that was still at the bank when the checkout gave up, and never says nothing was charged', async () => {
    const product = await inStockProduct('vase');
    // A slow bank for one payment: hold payment's lock on the order's idempotency key (a charge waits
    // there while its bank call runs). The order id exists only once the checkout started, so the lock
    // can come too late; that is detected (a charge row already exists) and the scenario runs again.
    const bank = await paymentDb.connect();
    let orderId: string | undefined;
    let customer: Awaited<ReturnType<typeof newCustomer>> | undefined;
    try {
      for (let attempt = 1; attempt <= 3 && !orderId; attempt++) {
        customer = await newCustomer('slowbank');
        expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
        const since = (await orderDb.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
        const checkout = api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': randomUUID() } });
        const candidate = await waitFor('the order row', async () => (await orderDb.query<{ id: string }>('SELECT id FROM orders WHERE user_id = $1 AND created_at >= $2', [customer!.userId, since])).rows[0]?.id, 10_000, 5);
        await bank.query('BEGIN');
        await bank.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 5105))', [`order-${candidate}`]);
        if ((await bank.query('SELECT 1 FROM charges WHERE order_id = $1', [candidate])).rowCount) {
          await bank.query('COMMIT'); // too late: the charge went through before the lock
          await checkout;
          continue;
        }
        orderId = candidate;
        const answer = await checkout;
        expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(500);
        // The checkout gave up; its compensation must not conclude "nothing was charged" while the bank may still answer.
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        const meanwhile = await api(`/api/orders/${orderId}`, { token: customer.token });
        expect(['pending', 'refund_pending']).toContain(meanwhile.body.status);
      }
    } finally {
      await bank.query('COMMIT').catch(() => undefined);
      bank.release();
    }
    expect(orderId, 'the lock was taken before the charge in one of three attempts').toBeDefined();
    // The bank answers: the charge lands, then the compensation finds it and refunds it, once.
    await waitFor('the refund', async () => ((await statusOf(orderId!)) === 'refunded' ? true : undefined), 60_000, 500);
    const ledger = await paymentDb.query<{ kind: string }>('SELECT l.kind FROM ledger l JOIN charges c ON c.id = l.charge_id WHERE c.order_id = $1 ORDER BY l.kind', [orderId]);
    expect(ledger.rows.map((row) => row.kind)).toEqual(['charge', 'refund']);
    expect((await api(`/api/orders/${orderId}`, { token: customer!.token })).body.status).toBe('refunded');
  });

  it('keeps the ledger equal to the confirmed orders after checkouts while payment fails at random', async () => {
    const product = await inStockProduct('cushion');
    const before = await stockOf(product.sku);
    await setStock(product.sku, 500);
    const customers = await Promise.all(Array.from({ length: 12 }, (_, index) => newCustomer(`chaos${index}`)));
    for (const customer of customers) {
      expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
    }
    // Payment goes away and comes back twice while the checkouts run.
    const chaos = (async () => {
      for (let round = 0; round < 2; round++) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await stopPayment();
        await new Promise((resolve) => setTimeout(resolve, 700));
        await startPayment();
      }
    })();
    const answers = await Promise.all(
      customers.map(async (customer, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 250));
        return api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() });
      }),
    );
    await chaos;
    process.stdout.write(`[chaos] statuses: ${answers.map((answer) => answer.status).join(',')}\n`);
    const orderIds = answers.map((answer) => (answer.body.orderId ?? answer.body.error?.details?.orderId) as string | undefined).filter((id): id is string => Boolean(id));
    expect(answers.every((answer) => [201, 402, 409, 503, 504].includes(answer.status))).toBe(true);
    // Everything owed gets done: no order stays pending or refund_pending.
    await waitFor(
      'every order in a final state',
      async () => {
        const { rows } = await orderDb.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'refund_pending')", [orderIds]);
        return rows[0]!.n === 0 ? true : undefined;
      },
      60_000,
      500,
    );
    const confirmed = await orderDb.query<{ total: string }>("SELECT COALESCE(sum(total), 0)::text AS total FROM orders WHERE id = ANY($1::uuid[]) AND status = 'confirmed'", [orderIds]);
    const kept = await paymentDb.query<{ total: string }>(
      `SELECT COALESCE(sum(CASE l.kind WHEN 'charge' THEN l.amount ELSE -l.amount END), 0)::text AS total
       FROM ledger l JOIN charges c ON c.id = l.charge_id WHERE c.order_id = ANY($1::text[])`,
      [orderIds],
    );
    expect(Number(kept.rows[0]!.total)).toBeCloseTo(Number(confirmed.rows[0]!.total), 2);
    const confirmedCount = answers.filter((answer) => answer.status === 201).length;
    expect(confirmedCount).toBeGreaterThan(0);
    // And no unit went missing: stock is 500 minus what the confirmed orders took.
    await waitFor('stock reconciled', async () => ((await stockOf(product.sku)).reserved === 0 ? true : undefined), 30_000, 500);
    expect((await stockOf(product.sku)).available).toBe(500 - confirmedCount);
    await setStock(product.sku, before.available);
  });
});
