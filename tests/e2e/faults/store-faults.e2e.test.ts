// The faults of reservations, carts and order history in the running stack (docs/faults.md): inventoryErrors,
// cacheOutage, orderHistoryNPlusOne. Each is switched on in the stack's state file, shows its promised signal,
// trips its Datadog monitor (the monitor's signal, trace metrics here, evaluated on the spans that arrived), is
// switched off again (always), stays within the monitor's threshold off, and leaves stock, orders and the ledger
// reconciled.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, newTraceContext, waitForMetric, type AgentSpan, type TestTraceContext } from '@shopfast/test-kit';
import { api, checkoutBody, newCustomer, setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, entrySpan, expectReconciled, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';
import { expectMonitor, windowSpans, windowTrace } from './monitor-kit';

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

const buy = async (context?: TestTraceContext) => {
  const purchase = await buyOne(product, undefined, context);
  purchases.push(purchase);
  return purchase;
};
/** A monitor window of `count` purchases in one trace, a few at a time (separate customers: no shared cart). */
async function purchaseWindow(count: number, atOnce = 5): Promise<{ purchases: Purchase[]; spans: AgentSpan[] }> {
  const window = windowTrace();
  const bought: Purchase[] = [];
  for (let start = 0; start < count; start += atOnce) {
    bought.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - start) }, () => buy(window)))));
  }
  return { purchases: bought, spans: await windowSpans(window, count, 'inventory') };
}

describe('inventoryErrors', () => {
  it('fails its share of reservations with 503 before touching stock, trips the reservation error rate monitor, and it recovers when off', async () => {
    const since = await lastMetricSeq();
    await switchFaults({ inventoryErrors: 0.3 });
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
    expect(inventory.meta['feature_flags.inventoryErrors']).toBe('0.3');
    // Refused before any write: the refused checkout reserved nothing.
    expect(failed.stockAfterAttempt).toEqual(expect.objectContaining({ available: failed.stockBeforeAttempt.available, reserved: failed.stockBeforeAttempt.reserved }));
    // The monitor's window: from the first refused checkout, ten checkouts at the catalogue's share (~a third fail).
    expectMonitor('inventoryErrors', { traces: [spans, (await purchaseWindow(9)).spans] }, 'critical');

    // A share fails: a checkout that goes through proves nothing, so wait until every service has seen the switch.
    await resetFaults();
    const offWindow = await purchaseWindow(10);
    expect(offWindow.purchases.map((purchase) => purchase.status)).toEqual(Array(10).fill(201));
    expectMonitor('inventoryErrors', { traces: [offWindow.spans] }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('cacheOutage', () => {
  it('answers carts 503 cart_unavailable at once, trips the cart availability monitor, loses no cart, and carts are back when off', async () => {
    const customer = await newCustomer('outage');
    expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 2 } })).status).toBe(200);
    /** A read of the customer's cart, timed, in a trace the test knows (its own, or a monitor window's). */
    const readCart = async (context: TestTraceContext = newTraceContext()) => {
      const started = performance.now();
      const response = await api('/api/cart', { token: customer.token, headers: context.headers });
      return { response, tookMs: performance.now() - started, traceId: context.traceId };
    };
    /** A monitor window of `count` cart reads in one trace: that trace once cart answered them all. */
    const readWindow = async (count: number) => {
      const window = windowTrace();
      await Promise.all(Array.from({ length: count }, () => readCart(window)));
      return windowSpans(window, count, 'cart');
    };
    await switchFaults({ cacheOutage: true });
    const refused = await untilEffect('the cart unavailable', async () => {
      const read = await readCart();
      return read.response.status === 503 ? read : undefined;
    });
    expect(refused.response.body.error.code).toBe('cart_unavailable');
    expect(refused.tookMs).toBeLessThan(1_000);
    const spans = await spansOf(refused.traceId, (all) => Boolean(entrySpan(all, 'cart')));
    expect(entrySpan(spans, 'cart')!.meta['feature_flags.cacheOutage']).toBe('true');
    // The monitor's window: the first refused read and four more.
    expectMonitor('cacheOutage', { traces: [spans, await readWindow(4)] }, 'critical');
    // A checkout cannot read the cart: refused before any order exists, nothing reserved or charged.
    const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() });
    expect(checkout.status, JSON.stringify(checkout.body)).toBeGreaterThanOrEqual(500);
    expect(checkout.body?.orderId ?? checkout.body?.error?.details?.orderId).toBeUndefined();

    await allFaultsOff();
    // Every cart call reads the fault: carts are back as soon as the cart service sees the file (~5 s poll).
    const back = await untilEffect('the cart back', async () => {
      const read = await readCart();
      return read.response.status === 200 ? read : undefined;
    }, 10_000);
    expect(back.response.body.items).toEqual([expect.objectContaining({ productId: product.id, quantity: 2 })]);
    // The monitor's window once recovered: the next five reads (the gateway's retries may have met the outage in that one).
    expectMonitor('cacheOutage', { traces: [await readWindow(5)] }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore, [customer]);
  });
});

describe('orderHistoryNPlusOne', () => {
  /** The order-history page's items statement (`... = ANY(...)`), not the detail read's (`... = $1`). */
  const PAGE_ITEMS = /FROM order_items WHERE order_id = ANY\(/;
  const itemQueries = (spans: AgentSpan[]) => spans.filter((span) => span.service.startsWith('order') && span.name === 'postgresql.query' && span.resource.includes('FROM order_items'));
  const pageItemQueries = (spans: AgentSpan[]) => itemQueries(spans).filter((span) => PAGE_ITEMS.test(span.resource));

  it('loads order history with one items query per order while on, trips the order history monitor, one per page when off, with the same answer', async () => {
    const customer = await newCustomer('history');
    const noOrders = await newCustomer('history-empty');
    for (let n = 0; n < 3; n++) {
      expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
      const checkout = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody() });
      expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
    }
    const firstOrderId = (await api('/api/orders', { token: customer.token })).body.items[0].id as string;
    const history = async () => {
      const context = newTraceContext();
      const response = await api('/api/orders', { token: customer.token, headers: context.headers });
      expect(response.status).toBe(200);
      const spans = await spansOf(context.traceId, (all) => Boolean(entrySpan(all, 'order')) && itemQueries(all).length > 0);
      return { body: response.body, spans };
    };
    /**
     * A monitor window in one trace: three history reads of the customer with three orders, one of a customer with
     * none (an empty page runs no items query), a detail read of an order (its own items statement) and one of an
     * order that does not exist (404, no items query). That trace once order answered all six.
     */
    const historyWindow = async () => {
      const window = windowTrace();
      const read = async (path: string, token: string, status: number) => expect((await api(path, { token, headers: window.headers })).status, path).toBe(status);
      for (let n = 0; n < 3; n++) await read('/api/orders', customer.token, 200);
      await read('/api/orders', noOrders.token, 200);
      await read(`/api/orders/${firstOrderId}`, customer.token, 200);
      await read(`/api/orders/${randomUUID()}`, customer.token, 404);
      const spans = await windowSpans(window, 6, 'order');
      // The detail read ran the detail statement, never the page's.
      expect(itemQueries(spans).length - pageItemQueries(spans).length).toBe(1);
      return spans;
    };
    const batched = await history();
    expect(itemQueries(batched.spans)).toHaveLength(1);
    expect(pageItemQueries(batched.spans)).toHaveLength(1);
    // The monitor, fault off: 3 page items queries over 4 history pages.
    expectMonitor('orderHistoryNPlusOne', { traces: [await historyWindow()] }, 'not critical');

    await switchFaults({ orderHistoryNPlusOne: true });
    const oneByOne = await untilEffect('order history loaded one order at a time', async () => {
      const read = await history();
      return itemQueries(read.spans).length === 3 ? read : undefined;
    });
    expect(entrySpan(oneByOne.spans, 'order')!.meta['feature_flags.orderHistoryNPlusOne']).toBe('true');
    expect(pageItemQueries(oneByOne.spans)).toHaveLength(3);
    expect(oneByOne.body).toEqual(batched.body);
    // The monitor's window: the same traffic, 9 page items queries over 4 history pages.
    expectMonitor('orderHistoryNPlusOne', { traces: [await historyWindow()] }, 'critical');

    await allFaultsOff();
    await untilEffect('order history batched again', async () => (itemQueries((await history()).spans).length === 1 ? true : undefined));
    await expectReconciled([], product.sku, stockBefore, [customer, noOrders]);
  });
});
