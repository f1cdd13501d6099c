import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { stackCallerHeaders, storeUrls, waitFor } from '@shopfast/test-kit';
import { api, chargesFor, checkoutBody, internal, newCustomer, setStock, stockOf } from './shop-client';

const paymentDb = new pg.Pool({ connectionString: storeUrls.postgres('shopfast_payment'), max: 2 });
afterAll(() => paymentDb.end());

/** Finds two in-stock products through search, as a shopper would. */
async function pickTwoProducts(query: string): Promise<Array<{ id: string; sku: string; price: number }>> {
  const search = await api(`/api/search?q=${encodeURIComponent(query)}&limit=10`);
  expect(search.status).toBe(200);
  expect(search.body.total).toBeGreaterThanOrEqual(2);
  return search.body.items.slice(0, 2);
}

describe('a customer buys two products', () => {
  it('signs up, searches, fills the cart, pays with 4242 and follows the order until it ships', async () => {
    const customer = await newCustomer('journey');
    const [first, second] = await pickTwoProducts('lamp');
    const stockBefore = await Promise.all([stockOf(first!.sku), stockOf(second!.sku)]);

    expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: first!.id, quantity: 1 } })).status).toBe(200);
    const cart = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: second!.id, quantity: 2 } });
    expect(cart.status).toBe(200);
    expect(cart.body.itemCount).toBe(3);

    const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': `journey-${customer.userId}` } });
    expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
    expect(checkout.body.status).toBe('confirmed');
    expect(checkout.body.items).toHaveLength(2);
    const orderId = checkout.body.orderId as string;
    const expectedSubtotal = Math.round((first!.price + second!.price * 2) * 100) / 100;
    expect(checkout.body.total).toBeGreaterThan(expectedSubtotal);

    // The cart is empty and the stock went down by what was bought.
    expect((await api('/api/cart', { token: customer.token })).body.itemCount).toBe(0);
    const stockAfter = await Promise.all([stockOf(first!.sku), stockOf(second!.sku)]);
    expect(stockAfter[0]!.available).toBe(stockBefore[0]!.available - 1);
    expect(stockAfter[1]!.available).toBe(stockBefore[1]!.available - 2);

    // One approved charge with a ledger row.
    const charges = await chargesFor(orderId);
    expect(charges.filter((charge) => charge.status === 'approved')).toHaveLength(1);

    // The order page shows it confirmed; shipping picks it up from order.placed and it moves on.
    const shipped = await waitFor('a shipment for the order', async () => {
      const order = await api(`/api/orders/${orderId}`, { token: customer.token });
      return order.body?.shipment ? order.body : undefined;
    }, 30_000);
    expect(shipped.status).toBe('confirmed');
    expect(shipped.shipment).toMatchObject({ orderId, status: expect.stringMatching(/label_created|in_transit|delivered/) });
    expect(shipped.shipment.trackingNumber).toMatch(/^SF\d{10}$/);

    // The confirmation e-mail went out through SMTP and was recorded.
    const notifications = await waitFor('the confirmation e-mail record', async () => {
      const response = await fetch(`${internal.notification}/notifications?orderId=${orderId}`, { headers: await stackCallerHeaders('gateway', 'notification', { admin: true }) });
      const body = (await response.json()) as { items: Array<{ kind: string; to: string }> };
      return body.items.length > 0 ? body.items : undefined;
    }, 30_000);
    expect(notifications[0]?.to).toBe(customer.email);
    const mails = (await (await fetch(`${internal.smtpSink}/messages?to=${encodeURIComponent(customer.email)}`)).json()) as { messages: Array<{ subject: string }> };
    expect(mails.messages.some((mail) => mail.subject.includes(orderId))).toBe(true);

    // The order is in the customer's history.
    const history = await api('/api/orders', { token: customer.token });
    expect(history.body.items.map((order: { id: string }) => order.id)).toContain(orderId);
  });
});

describe('a declined card', () => {
  it('leaves the order payment_failed, the stock where it was, the cart kept, and no money moved', async () => {
    const customer = await newCustomer('declined');
    const [product] = await pickTwoProducts('shoes');
    const before = await stockOf(product!.sku);
    await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product!.id, quantity: 1 } });

    const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody('4000000000000002') });
    expect(checkout.status).toBe(402);
    expect(checkout.body.error.code).toBe('payment_declined');
    const orderId = checkout.body.error.details.orderId as string;

    const order = await api(`/api/orders/${orderId}`, { token: customer.token });
    expect(order.body.status).toBe('payment_failed');
    expect(await stockOf(product!.sku)).toEqual(expect.objectContaining({ available: before.available, reserved: before.reserved }));
    expect((await api('/api/cart', { token: customer.token })).body.itemCount).toBe(1);
    const charges = await chargesFor(orderId);
    expect(charges.every((charge) => charge.status !== 'approved')).toBe(true);
    const ledger = await paymentDb.query('SELECT count(*)::int AS n FROM ledger l JOIN charges c ON c.id = l.charge_id WHERE c.order_id = $1', [orderId]);
    expect(ledger.rows[0].n).toBe(0);
  });
});

describe('idempotent checkout', () => {
  it('returns the first result for the same Idempotency-Key: one order, one charge', async () => {
    const customer = await newCustomer('idem');
    const [product] = await pickTwoProducts('kettle');
    await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product!.id, quantity: 1 } });
    const key = `idem-${customer.userId}`;
    const first = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': key } });
    const second = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await api('/api/orders', { token: customer.token })).body.total).toBe(1);
    expect((await chargesFor(first.body.orderId)).filter((charge) => charge.status === 'approved')).toHaveLength(1);
  });
});

describe('stock under contention', () => {
  it('sells exactly the stock: 40 customers race for 10 units, 10 orders, stock 0', async () => {
    const [product] = await pickTwoProducts('puzzle');
    const customers = await Promise.all(Array.from({ length: 40 }, (_, index) => newCustomer(`race${index}`)));
    for (const customer of customers) {
      const added = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product!.id, quantity: 1 } });
      expect(added.status).toBe(200);
    }
    await setStock(product!.sku, 10);

    const results = await Promise.all(customers.map((customer) => api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() })));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(30);
    for (const result of results.filter((r) => r.status === 409)) expect(result.body.error.code).toBe('out_of_stock');
    expect(await stockOf(product!.sku)).toEqual(expect.objectContaining({ available: 0, reserved: 0 }));
    // The catalog learns it from inventory's stock.changed events, within 2 s.
    const shown = await waitFor('the sold-out product in the catalog', async () => {
      const detail = await api(`/api/products/${product!.id}`);
      return detail.body.stock === 0 ? detail.body : undefined;
    }, 2_000, 100);
    expect(shown).toMatchObject({ stock: 0, available: false });
    await setStock(product!.sku, 50);
  });
});
