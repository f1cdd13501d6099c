import { describe, expect, it } from 'vitest';
import { lastMetricSeq, metricLines, waitFor, type MetricLine } from '@shopfast/test-kit';
import { api, checkoutBody, newCustomer } from './shop-client';

/**
 * Runs the shop's main flows once, then checks that each business metric arrived at the DogStatsD
 * listener with its catalogued type and tags (docs/telemetry.md). Tags are matched exactly on the keys
 * listed and must never include ids.
 */
interface Expectation {
  name: string;
  type: string;
  tags: Record<string, string | RegExp>;
}

const UNIFIED = { env: 'local', version: /.+/ };
const EXPECTED: Expectation[] = [
  { name: 'ecommerce.orders.completed', type: 'c', tags: { service: 'order', currency: 'USD', shipping_method: 'express', customer_type: /^(new|returning)$/ } },
  { name: 'ecommerce.orders.failed', type: 'c', tags: { service: 'order', error: 'payment_declined' } },
  { name: 'ecommerce.order.value', type: 'd', tags: { service: 'order', currency: 'USD' } },
  { name: 'ecommerce.revenue.total', type: 'c', tags: { service: 'order', source: 'web', currency: 'USD' } },
  { name: 'ecommerce.customer.lifetime_value', type: 'h', tags: { service: 'order', currency: 'USD' } },
  { name: 'ecommerce.feature.used', type: 'c', tags: { service: 'order', feature: 'express_shipping' } },
  { name: 'ecommerce.customers.acquired', type: 'c', tags: { service: 'user', channel: 'web' } },
  { name: 'ecommerce.payment.processed', type: 'c', tags: { service: 'payment', status: 'approved', brand: 'visa' } },
  { name: 'ecommerce.payment.declined', type: 'c', tags: { service: 'payment', reason: 'card_declined' } },
  { name: 'ecommerce.payment.bank_latency', type: 'd', tags: { service: 'payment', result: 'approved' } },
  { name: 'ecommerce.inventory.reservations', type: 'c', tags: { service: 'inventory', outcome: 'committed' } },
  { name: 'ecommerce.cart.items_added', type: 'c', tags: { service: 'cart', category: /^[a-z]+$/ } },
  { name: 'ecommerce.cart.value', type: 'd', tags: { service: 'cart', currency: 'USD' } },
  { name: 'ecommerce.cache.hit', type: 'c', tags: { service: 'cart', cache_type: 'redis', cache: 'cart' } },
  { name: 'ecommerce.events.published', type: 'c', tags: { service: 'order', stream: 'shopfast.orders', type: 'order.placed' } },
  { name: 'ecommerce.events.processed', type: 'c', tags: { service: 'shipping', type: 'order.placed', group: 'shipping', outcome: 'ok' } },
  { name: 'ecommerce.events.lag', type: 'd', tags: { service: 'notification', type: 'order.placed', group: 'notification' } },
  { name: 'ecommerce.shipments.created', type: 'c', tags: { service: 'shipping', method: 'express', carrier: /.+/ } },
  { name: 'ecommerce.shipments.status_changed', type: 'c', tags: { service: 'shipping', status: 'label_created' } },
  { name: 'ecommerce.shipping.quote_requested', type: 'c', tags: { service: 'shipping', zone: 'domestic' } },
  { name: 'ecommerce.notifications.sent', type: 'c', tags: { service: 'notification', kind: 'order_confirmation', channel: 'email' } },
  { name: 'ecommerce.api.response_time', type: 'd', tags: { service: 'gateway', endpoint: '/api/checkout', method: 'POST', status_class: '2xx' } },
];

function matches(line: MetricLine, expectation: Expectation): boolean {
  if (line.name !== expectation.name) return false;
  return Object.entries({ ...UNIFIED, ...expectation.tags }).every(([key, wanted]) =>
    typeof wanted === 'string' ? line.tags[key] === wanted : wanted.test(line.tags[key] ?? ''),
  );
}

describe('business metrics at the DogStatsD listener', () => {
  it('arrive for a checkout, a decline and a sign-up, with their catalogued types and bounded tags', async () => {
    const since = await lastMetricSeq();
    const customer = await newCustomer('metrics');
    await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: 'p-0021', quantity: 1 } });
    await api('/api/cart', { token: customer.token });
    const declined = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody('4000000000000002') });
    expect(declined.status).toBe(402);
    const approved = await api('/api/checkout', { method: 'POST', token: customer.token, body: { ...checkoutBody(), shippingMethod: 'express' } });
    expect(approved.status).toBe(201);

    const missing = await waitFor('every expected metric', async () => {
      const lines = await metricLines(since, 'ecommerce.');
      const absent = EXPECTED.filter((expectation) => !lines.some((line) => matches(line, expectation)));
      return absent.length === 0 ? [] : undefined;
    }, 30_000).catch(async () => {
      const lines = await metricLines(since, 'ecommerce.');
      return EXPECTED.filter((expectation) => !lines.some((line) => matches(line, expectation))).map((e) => e.name);
    });
    expect(missing).toEqual([]);

    const lines = await metricLines(since, 'ecommerce.');
    for (const expectation of EXPECTED) {
      const line = lines.find((candidate) => matches(candidate, expectation))!;
      expect(line.type, expectation.name).toBe(expectation.type);
      expect(Number.isFinite(Number(line.value)), expectation.name).toBe(true);
    }
    // Bounded tags: no metric line carries an order id, a user id or an e-mail address.
    const orderId = approved.body.orderId as string;
    for (const line of lines) {
      expect(line.raw).not.toContain(orderId);
      expect(line.raw).not.toContain(customer.userId);
      expect(line.raw).not.toContain(customer.email);
    }
  });
});
