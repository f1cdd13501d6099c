// The faults of event consumers and background work in the running stack (docs/faults.md): emailSlow,
// consumerLag, cpuBurn. Each is switched on in the stack's state file, shows its promised signal at the test
// agent or the DogStatsD listener, is switched off again (always), and the shop recovers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, metricLines, waitFor, waitForMetric, type AgentSpan } from '@shopfast/test-kit';
import { api, setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, expectReconciled, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';

let product: Product;
let stockBefore: { available: number; reserved: number };
const purchases: Purchase[] = [];

beforeEach(async () => {
  await resetFaults();
  // A product of the seeded catalogue (services/product/src/domain/catalog-seed.ts) no other fault file buys.
  product = await inStockProduct('cutting board');
  await setStock(product.sku, 200);
  stockBefore = await stockOf(product.sku);
  purchases.length = 0;
});

afterEach(resetFaults);

const buy = async () => {
  const purchase = await buyOne(product);
  expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
  purchases.push(purchase);
  return purchase;
};
const NS_PER_MS = 1e6;
/** The span a consumer handled the order's order.placed under (its local root, which the flag hook tags). */
const consumed = (spans: AgentSpan[], service: string) => spans.find((span) => span.service === service && span.name === 'event.process' && span.resource === 'order.placed');

describe('emailSlow', () => {
  it('slows each e-mail send by its value, tags the notification span, and e-mails are fast again when off', async () => {
    await switchFaults({ emailSlow: 3000 });
    const slow = await untilEffect('a slow order confirmation e-mail', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => all.some((span) => span.name === 'notification.send_email'), 30_000);
      const send = spans.find((span) => span.name === 'notification.send_email')!;
      return send.duration >= 3000 * NS_PER_MS ? spans : undefined;
    }, 45_000);
    expect(consumed(slow, 'notification')!.meta['feature_flags.emailSlow']).toBe('3000');

    await allFaultsOff();
    await untilEffect('a fast e-mail again', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => all.some((span) => span.name === 'notification.send_email'), 30_000);
      return spans.find((span) => span.name === 'notification.send_email')!.duration < 1000 * NS_PER_MS ? true : undefined;
    }, 45_000);
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});

describe('consumerLag', () => {
  it('delays the shipping consumer by its value per order.placed, loses no shipment, and recovers when off', async () => {
    await switchFaults({ consumerLag: 2000 });
    const lagging = await untilEffect('a lagging order.placed consumer', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => Boolean(consumed(all, 'shipping')), 30_000);
      return consumed(spans, 'shipping')!.duration >= 2000 * NS_PER_MS ? { purchase, spans } : undefined;
    }, 45_000);
    expect(consumed(lagging.spans, 'shipping')!.meta['feature_flags.consumerLag']).toBe('2000');
    // Late, not lost: the order gets its shipment.
    await waitFor('the shipment of the lagged order', async () => {
      const order = await api(`/api/orders/${lagging.purchase.orderId}`, { token: lagging.purchase.customer.token });
      return order.body?.shipment ? true : undefined;
    }, 30_000, 500);

    await allFaultsOff();
    await untilEffect('a prompt consumer again', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => Boolean(consumed(all, 'shipping')), 30_000);
      return consumed(spans, 'shipping')!.duration < 1000 * NS_PER_MS ? true : undefined;
    }, 45_000);
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});

describe('cpuBurn', () => {
  /** The shipping service's event-loop utilization readings (dd-trace runtime metrics, every ~10 s) since `since`. */
  const utilization = async (since: number) =>
    (await metricLines(since, 'runtime.node.event_loop.utilization')).filter((line) => line.tags.service === 'shipping').map((line) => Number(line.value));

  it('keeps the shipping event loop busy far above idle while on, and idle again when off', async () => {
    const since = await lastMetricSeq();
    await switchFaults({ cpuBurn: 0.8 });
    // Idle, shipping reads ~0.01; a reading is the share of the 10 s before it, so the first one the burn
    // covers for part of its interval already shows it.
    await waitFor('shipping event-loop utilization above 0.3', async () => {
      await api('/api/shipping/quotes', { method: 'POST', body: { country: 'US', postalCode: '12345', weightKg: 1.5 } }); // a little traffic meanwhile
      return (await utilization(since)).some((value) => value > 0.3) ? true : undefined;
    }, 45_000, 500);
    // The job's evaluations of the fault are counted by the flag hook.
    await waitForMetric(since, 'ecommerce.feature_flags.evaluations', (line) => line.tags.service === 'shipping' && line.tags.flag === 'cpuBurn' && line.tags.variant === 'on');

    await allFaultsOff();
    // One reading under 0.1 cannot come from a loop that burnt 0.8 of its time for more than ~1 s of those
    // 10 s, so the first such reading after the switch shows the burn stopped.
    const calm = await lastMetricSeq();
    await waitFor('shipping event-loop utilization back under 0.1', async () => {
      const readings = await utilization(calm);
      return readings.length > 0 && readings.at(-1)! < 0.1 ? true : undefined;
    }, 30_000, 500);
  }, 120_000);
});
