// The payment faults in the running stack (docs/faults.md): paymentLatency, paymentFailure, bankTimeout.
// Each is switched on in the stack's state file, shows its promised signal at the test agent or the DogStatsD
// listener, trips its Datadog monitor (the monitor's signal evaluated on the lines that arrived), is switched off
// again (always), stays within the monitor's threshold off, and leaves stock, orders and the ledger reconciled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, waitForMetric } from '@shopfast/test-kit';
import { setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, entrySpan, expectReconciled, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';
import { expectMonitor, signalWindow, windowStart } from './monitor-kit';

let product: Product;
let stockBefore: { available: number; reserved: number };
const purchases: Purchase[] = [];

beforeEach(async () => {
  await resetFaults();
  product = await inStockProduct('lamp');
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
/** `count` more purchases, a few at a time (separate customers: they do not share a cart). */
async function buyMany(count: number, atOnce = 5): Promise<Purchase[]> {
  const bought: Purchase[] = [];
  for (let start = 0; start < count; start += atOnce) {
    bought.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - start) }, buy))));
  }
  return bought;
}
/** A purchase, with the start of a metric window that begins with it (no line of earlier traffic in it). */
const windowedBuy = async () => ({ since: await windowStart(), purchase: await buy() });
/** `count` purchases at once (separate customers), in a metric window of their own: its start. */
async function purchasesWindow(count: number): Promise<{ since: number; purchases: Purchase[] }> {
  const since = await windowStart();
  return { since, purchases: await Promise.all(Array.from({ length: count }, buy)) };
}
const paymentSpans = (traceId: string) =>
  spansOf(traceId, (spans) => spans.some((span) => span.name === 'checkout.process_payment') && Boolean(entrySpan(spans, 'payment')));
const processPayment = async (traceId: string) => (await paymentSpans(traceId)).find((span) => span.name === 'checkout.process_payment')!;
const NS_PER_MS = 1e6;

describe('paymentLatency', () => {
  it('slows checkout.process_payment by its value, trips the payment latency monitor, and the shop recovers when it is off', async () => {
    await switchFaults({ paymentLatency: 2000 });
    const slow = await untilEffect('a checkout with a slow payment', async () => {
      const purchase = await buy();
      expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
      const spans = await paymentSpans(purchase.traceId);
      return spans.find((span) => span.name === 'checkout.process_payment')!.duration >= 2000 * NS_PER_MS ? { spans } : undefined;
    });
    expect(entrySpan(slow.spans, 'payment')!.meta['feature_flags.paymentLatency']).toBe('2000');
    // The monitor's window: three checkouts at once, once the fault showed; each bank authorization is past the
    // threshold, not only their average.
    const onWindow = await purchasesWindow(3);
    expect(onWindow.purchases.map((purchase) => purchase.status)).toEqual([201, 201, 201]);
    expectMonitor('paymentLatency', { metrics: await signalWindow('paymentLatency', onWindow.since, 3) }, 'critical', { everyValue: true });

    await allFaultsOff();
    await untilEffect('a checkout with a fast payment again', async () => {
      const purchase = await buy();
      expect(purchase.status).toBe(201);
      const spans = await paymentSpans(purchase.traceId);
      const quick = spans.find((span) => span.name === 'checkout.process_payment')!.duration < 1000 * NS_PER_MS;
      return quick && entrySpan(spans, 'payment')!.meta['feature_flags.paymentLatency'] === undefined ? true : undefined;
    });
    // The monitor's window once recovered: the same traffic.
    const offWindow = await purchasesWindow(3);
    for (const purchase of offWindow.purchases) expect((await processPayment(purchase.traceId)).duration).toBeLessThan(1000 * NS_PER_MS);
    expectMonitor('paymentLatency', { metrics: await signalWindow('paymentLatency', offWindow.since, 3) }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('paymentFailure', () => {
  it('fails its share of orders as a processor error, trips the order failure rate monitor, charges nothing, and recovers when off', async () => {
    await switchFaults({ paymentFailure: 0.5 });
    const failed = await untilEffect('a checkout failed by the processor', async () => {
      const since = await lastMetricSeq();
      const purchase = await buy();
      return purchase.status === 503 && purchase.body.error.details?.code === 'card_processor_error' ? { ...purchase, since } : undefined;
    });
    expect(failed.body.error.details).toMatchObject({ service: 'payment', money: 'not_charged' });
    await waitForMetric(failed.since, 'ecommerce.orders.failed', (line) => line.tags.service === 'order' && line.tags.error === 'upstream_error');
    await waitForMetric(failed.since, 'ecommerce.payment.bank_latency', (line) => line.tags.service === 'payment' && line.tags.result === 'error');
    const spans = await spansOf(failed.traceId, (all) => Boolean(entrySpan(all, 'payment')));
    const payment = entrySpan(spans, 'payment')!;
    expect(payment.meta['feature_flags.paymentFailure']).toBe('0.5');
    expect(payment.error).toBe(1);
    // The monitor's window: once the fault showed, ten checkouts at the catalogue's share (~half fail; all ten
    // going through, 1 in 1024, would fail the test). One line each: orders.completed or orders.failed.
    const onSince = await windowStart();
    await buyMany(10);
    expectMonitor('paymentFailure', { metrics: await signalWindow('paymentFailure', onSince, 10) }, 'critical');

    // A share fails: a checkout that goes through proves nothing, so wait until every service has seen the switch.
    await resetFaults();
    const offSince = await windowStart();
    expect((await buyMany(10)).map((purchase) => purchase.status)).toEqual(Array(10).fill(201));
    expectMonitor('paymentFailure', { metrics: await signalWindow('paymentFailure', offSince, 10) }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('bankTimeout', () => {
  it('ends the charge as a bank timeout, trips the bank timeouts monitor, the order compensates, and recovers when off', async () => {
    await switchFaults({ bankTimeout: true });
    // Each attempt waits for the bank's timeout (4 s) and the order retries twice: ~12 s per checkout.
    const timedOut = await untilEffect(
      'a checkout whose charge timed out at the bank',
      async () => {
        const { since, purchase } = await windowedBuy();
        return purchase.status >= 500 && purchase.body.error.details?.code === 'bank_timeout' ? { ...purchase, since } : undefined;
      },
      45_000,
    );
    expect(timedOut.body.error.details).toMatchObject({ service: 'payment', money: 'not_charged' });
    await waitForMetric(timedOut.since, 'ecommerce.orders.failed', (line) => line.tags.service === 'order' && line.tags.error === 'upstream_error');
    const spans = await spansOf(timedOut.traceId, (all) => Boolean(entrySpan(all, 'payment')));
    expect(entrySpan(spans, 'payment')!.meta['feature_flags.bankTimeout']).toBe('true');
    // The monitor's window: that checkout's three bank authorizations (the attempt and the order's two retries),
    // ecommerce.payment.bank_authorizations{result:timeout} each.
    expectMonitor('bankTimeout', { metrics: await signalWindow('bankTimeout', timedOut.since, 3) }, 'critical');

    await allFaultsOff();
    // That checkout's first charge attempts may still have met the fault (the order retries): the window starts after it.
    await untilEffect('a checkout that goes through again', async () => ((await buy()).status === 201 ? true : undefined), 20_000);
    const offWindow = await purchasesWindow(3);
    expect(offWindow.purchases.map((purchase) => purchase.status)).toEqual([201, 201, 201]);
    expectMonitor('bankTimeout', { metrics: await signalWindow('bankTimeout', offWindow.since, 3) }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});
