// The faults of reservations, carts and order history in the running stack (docs/faults.md): inventoryErrors,
// cacheOutage, orderHistoryNPlusOne. Each is switched on in the stack's state file, shows its promised signal,
// is switched off again (always), and leaves stock, orders and the ledger reconciled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, newTraceContext, waitForMetric, type AgentSpan } from '@shopfast/test-kit';
import { api, checkoutBody, newCustomer, setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, entrySpan, expectReconciled, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';

let product: Product;
let stockBefore: { available: number; reserved: number };
const purchases: Purchase[] = [];

beforeEach(async () => {
  await resetFaults();
  product = await inStockProduct('vase');
  await setStock(product.sku, 200);
  stockBefore = await stockOf(product.sku);
  purchases.length = 0;
});

afterEach(resetFaults);

const buy = async () => {
  const purchase = await buyOne(product);
  purchases.push(purchase);
  return purchase;
};

describe('inventoryErrors', () => {
  it('fails reservations with 503 before touching stock, the checkout fails cleanly, and it recovers when off', async () => {
    const since = await lastMetricSeq();
    await switchFaults({ inventoryErrors: 1 });
    // Until inventory sees the fault, checkouts go through and take stock; the refused one must not move it.
    const failed = await untilEffect('a checkout refused by inventory', async () => {
      const stockBeforeAttempt = await stockOf(product.sku);
      const purchase = await buy();
      if (purchase.status !== 503 || purchase.body.error.details?.service !== 'inventory') return undefined;
      return { ...purchase, stockBeforeAttempt, stockAfterAttempt: await stockOf(product.sku) };
    });
    expect(failed.body.error.details).toMatchObject({ code: 'stock_unavailable', money: 'not_charged' });
    expect(JSON.stringify(failed.body), 'the public answer does not name the fault').not.toContain('inventoryErrors');
    await waitForMetric(since, 'ecommerce.orders.failed', (line) => line.tags.service === 'order' && line.tags.error === 'upstream_error');
    const spans = await spansOf(failed.traceId, (all) => Boolean(entrySpan(all, 'inventory')));
    const inventory = entrySpan(spans, 'inventory')!;
    expect(inventory.error).toBe(1);
    expect(inventory.meta['feature_flags.inventoryErrors']).toBe('1');
    // Refused before any write: the refused checkout reserved nothing.
    expect(failed.stockAfterAttempt).toEqual(expect.objectContaining({ available: failed.stockBeforeAttempt.available, reserved: failed.stockBeforeAttempt.reserved }));

    await allFaultsOff();
    await untilEffect('a checkout that goes through again', async () => ((await buy()).status === 201 ? true : undefined));
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('cacheOutage', () => {
  it('answers carts 503 cart_unavailable at once, loses no cart, and carts are back when off', async () => {
    const customer = await newCustomer('outage');
    expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 2 } })).status).toBe(200);
    await switchFaults({ cacheOutage: true });
    const refused = await untilEffect('the cart unavailable', async () => {
      const context = newTraceContext();
      const started = performance.now();
      const response = await api('/api/cart', { token: customer.token, headers: context.headers });
      return response.status === 503 ? { response, tookMs: performance.now() - started, traceId: context.traceId } : undefined;
    });
    expect(refused.response.body.error.code).toBe('cart_unavailable');
    expect(refused.tookMs).toBeLessThan(1_000);
    const spans = await spansOf(refused.traceId, (all) => Boolean(entrySpan(all, 'cart')));
    expect(entrySpan(spans, 'cart')!.meta['feature_flags.cacheOutage']).toBe('true');
    // A checkout cannot read the cart: refused before any order exists, nothing reserved or charged.
    const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() });
    expect(checkout.status, JSON.stringify(checkout.body)).toBeGreaterThanOrEqual(500);
    expect(checkout.body?.orderId ?? checkout.body?.error?.details?.orderId).toBeUndefined();

    await allFaultsOff();
    // Every cart call reads the fault: carts are back as soon as the cart service sees the file (~5 s poll).
    const back = await untilEffect('the cart back', async () => {
      const response = await api('/api/cart', { token: customer.token });
      return response.status === 200 ? response : undefined;
    }, 10_000);
    expect(back.body.items).toEqual([expect.objectContaining({ productId: product.id, quantity: 2 })]);
    await expectReconciled(purchases, product.sku, stockBefore, [customer]);
  });
});

describe('orderHistoryNPlusOne', () => {
  const itemQueries = (spans: AgentSpan[]) => spans.filter((span) => span.service.startsWith('order') && span.name === 'postgresql.query' && span.resource.includes('FROM order_items'));

  it('loads order history with one items query per order while on, one per page when off, with the same answer', async () => {
    const customer = await newCustomer('history');
    for (let n = 0; n < 3; n++) {
      expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
      const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() });
      expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
    }
    const history = async () => {
      const context = newTraceContext();
      const response = await api('/api/orders', { token: customer.token, headers: context.headers });
      expect(response.status).toBe(200);
      const spans = await spansOf(context.traceId, (all) => Boolean(entrySpan(all, 'order')) && itemQueries(all).length > 0);
      return { body: response.body, spans };
    };
    const batched = await history();
    expect(itemQueries(batched.spans)).toHaveLength(1);

    await switchFaults({ orderHistoryNPlusOne: true });
    const oneByOne = await untilEffect('order history loaded one order at a time', async () => {
      const read = await history();
      return itemQueries(read.spans).length === 3 ? read : undefined;
    });
    expect(entrySpan(oneByOne.spans, 'order')!.meta['feature_flags.orderHistoryNPlusOne']).toBe('true');
    expect(oneByOne.body).toEqual(batched.body);

    await allFaultsOff();
    await untilEffect('order history batched again', async () => (itemQueries((await history()).spans).length === 1 ? true : undefined));
    await expectReconciled([], product.sku, stockBefore, [customer]);
  });
});
