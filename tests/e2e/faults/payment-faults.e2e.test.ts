// The payment faults in the running stack (docs/faults.md): paymentLatency, paymentFailure, bankTimeout.
// Each is switched on in the stack's state file, shows its promised signal at the test agent or the DogStatsD
// listener, is switched off again (always), and leaves stock, orders and the payment ledger reconciled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastMetricSeq, waitForMetric } from '@shopfast/test-kit';
import { setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, entrySpan, expectReconciled, inStockProduct, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';

let product: Product;
let stockBefore: { available: number; reserved: number };
const purchases: Purchase[] = [];

beforeEach(async () => {
  await allFaultsOff();
  product = await inStockProduct('lamp');
  await setStock(product.sku, 200);
  stockBefore = await stockOf(product.sku);
  purchases.length = 0;
});

afterEach(async () => {
  await allFaultsOff();
});

const buy = async () => {
  const purchase = await buyOne(product);
  purchases.push(purchase);
  return purchase;
};
const paymentSpans = (traceId: string) =>
  spansOf(traceId, (spans) => spans.some((span) => span.name === 'checkout.process_payment') && Boolean(entrySpan(spans, 'payment')));
const NS_PER_MS = 1e6;

describe('paymentLatency', () => {
  it('slows checkout.process_payment by its value, tags the payment span, and the shop recovers when it is off', async () => {
    await switchFaults({ paymentLatency: 1500 });
    const slow = await untilEffect('a checkout with a slow payment', async () => {
      const purchase = await buy();
      expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
      const spans = await paymentSpans(purchase.traceId);
      const payment = spans.find((span) => span.name === 'checkout.process_payment')!;
      return payment.duration >= 1500 * NS_PER_MS ? spans : undefined;
    });
    expect(entrySpan(slow, 'payment')!.meta['feature_flags.paymentLatency']).toBe('1500');

    await allFaultsOff();
    await untilEffect('a checkout with a fast payment again', async () => {
      const purchase = await buy();
      expect(purchase.status).toBe(201);
      const spans = await paymentSpans(purchase.traceId);
      const payment = spans.find((span) => span.name === 'checkout.process_payment')!;
      return payment.duration < 1000 * NS_PER_MS && entrySpan(spans, 'payment')!.meta['feature_flags.paymentLatency'] === undefined ? true : undefined;
    });
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('paymentFailure', () => {
  it('fails the orders as a processor error counted in ecommerce.orders.failed, charges nothing, and recovers when off', async () => {
    const since = await lastMetricSeq();
    await switchFaults({ paymentFailure: 1 });
    const failed = await untilEffect('a checkout failed by the processor', async () => {
      const purchase = await buy();
      return purchase.status === 503 && purchase.body.error.details?.code === 'card_processor_error' ? purchase : undefined;
    });
    expect(failed.body.error.details).toMatchObject({ service: 'payment', money: 'not_charged' });
    await waitForMetric(since, 'ecommerce.orders.failed', (line) => line.tags.service === 'order' && line.tags.error === 'upstream_error');
    await waitForMetric(since, 'ecommerce.payment.bank_latency', (line) => line.tags.service === 'payment' && line.tags.result === 'error');
    const spans = await spansOf(failed.traceId, (all) => Boolean(entrySpan(all, 'payment')));
    const payment = entrySpan(spans, 'payment')!;
    expect(payment.meta['feature_flags.paymentFailure']).toBe('1');
    expect(payment.error).toBe(1);

    await allFaultsOff();
    await untilEffect('a checkout that goes through again', async () => ((await buy()).status === 201 ? true : undefined));
    await expectReconciled(purchases, product.sku, stockBefore);
  });
});

describe('bankTimeout', () => {
  it('ends the charge as a bank timeout, the order compensates (stock back, nothing charged), and recovers when off', async () => {
    const since = await lastMetricSeq();
    await switchFaults({ bankTimeout: true });
    // Each attempt waits for the bank's timeout (4 s) and the order retries twice: ~12 s per checkout.
    const timedOut = await untilEffect(
      'a checkout whose charge timed out at the bank',
      async () => {
        const purchase = await buy();
        return purchase.status >= 500 && purchase.body.error.details?.code === 'bank_timeout' ? purchase : undefined;
      },
      45_000,
    );
    expect(timedOut.body.error.details).toMatchObject({ service: 'payment', money: 'not_charged' });
    await waitForMetric(since, 'ecommerce.payment.bank_latency', (line) => line.tags.service === 'payment' && line.tags.result === 'timeout');
    await waitForMetric(since, 'ecommerce.orders.failed', (line) => line.tags.service === 'order' && line.tags.error === 'upstream_error');
    const spans = await spansOf(timedOut.traceId, (all) => Boolean(entrySpan(all, 'payment')));
    expect(entrySpan(spans, 'payment')!.meta['feature_flags.bankTimeout']).toBe('true');

    await allFaultsOff();
    await untilEffect('a checkout that goes through again', async () => ((await buy()).status === 201 ? true : undefined), 20_000);
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});
