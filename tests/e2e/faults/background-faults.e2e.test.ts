// The faults of event consumers and background work in the running stack (docs/faults.md): emailSlow,
// consumerLag, cpuBurn. Each is switched on in the stack's state file, shows its promised signal at the test
// agent or the DogStatsD listener, trips its Datadog monitor (the monitor's signal evaluated on what arrived), is
// switched off again (always), stays within the monitor's threshold off, and the shop recovers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_SIGNALS } from '@shopfast/datadog/src/definitions/signals';
import { lastMetricSeq, metricLines, waitFor, waitForMetric, type AgentSpan, type MetricLine } from '@shopfast/test-kit';
import { api, setStock, stockOf } from '../shop-client';
import { allFaultsOff, buyOne, expectReconciled, inStockProduct, resetFaults, spansOf, switchFaults, untilEffect, type Product, type Purchase } from './fault-kit';
import { expectMonitor, signalMetrics, signalWindow, windowStart } from './monitor-kit';

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
/** A purchase's whole trace once `service` has consumed its order.placed (e-mails and shipments come after the answer). */
const consumedTrace = async (purchase: Purchase, service: string) => spansOf(purchase.traceId, (all) => Boolean(consumed(all, service)), 30_000);
/** The notification consumer's event handlings in the spans that sent an e-mail (order confirmations, some shipment updates). */
const mailingHandlings = (spans: AgentSpan[]) => {
  const mailing = new Set(spans.filter((span) => span.name === 'notification.send_email').map((span) => String(span.parent_id)));
  return spans.filter((span) => span.service === 'notification' && span.name === 'event.process' && mailing.has(String(span.span_id)));
};

describe('emailSlow', () => {
  it('slows each e-mail send by its value, trips the notification latency monitor, and e-mails are fast again when off', async () => {
    await switchFaults({ emailSlow: 3000 });
    const slow = await untilEffect('a slow order confirmation e-mail', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => all.some((span) => span.name === 'notification.send_email'), 30_000);
      const send = spans.find((span) => span.name === 'notification.send_email')!;
      return send.duration >= 3000 * NS_PER_MS ? spans : undefined;
    }, 45_000);
    expect(consumed(slow, 'notification')!.meta['feature_flags.emailSlow']).toBe('3000');
    // The monitor's window: the first slow e-mail's trace and two more purchases'. Its event handlings are the
    // order confirmations (an e-mail each) and, when they are in by then, the shipment's first update (no e-mail:
    // fast): every handling that sent an e-mail is past the threshold, not only the p95 of them all.
    const more = await Promise.all([buy(), buy()]);
    const onTraces = [slow, ...(await Promise.all(more.map((purchase) => consumedTrace(purchase, 'notification'))))];
    expectMonitor('emailSlow', { traces: onTraces }, 'critical');
    const mailed = onTraces.flatMap(mailingHandlings);
    expect(mailed.length).toBeGreaterThanOrEqual(3);
    for (const handling of mailed) expect(handling.duration / 1e9, `event.process ${handling.resource} that sent an e-mail, s`).toBeGreaterThan(FAULT_SIGNALS.emailSlow.condition.critical);

    await allFaultsOff();
    await untilEffect('a fast e-mail again', async () => {
      const purchase = await buy();
      const spans = await spansOf(purchase.traceId, (all) => all.some((span) => span.name === 'notification.send_email'), 30_000);
      return spans.find((span) => span.name === 'notification.send_email')!.duration < 1000 * NS_PER_MS ? true : undefined;
    }, 45_000);
    // The monitor's window once recovered: the same traffic, three purchases' traces.
    const offTraces = await Promise.all((await Promise.all([buy(), buy(), buy()])).map((purchase) => consumedTrace(purchase, 'notification')));
    expectMonitor('emailSlow', { traces: offTraces }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});

describe('consumerLag', () => {
  it('delays the shipping consumer by its value per order.placed, trips the consumer lag monitor as orders queue, loses no shipment, and recovers when off', async () => {
    /**
     * Three orders at once: each order.placed waits behind the ones before it, as under traffic. Its window: the
     * first three lags of the shipping group after it started (one per order.placed).
     */
    const threeOrdersAtOnce = async () => {
      const since = await windowStart();
      const bought = await Promise.all([buy(), buy(), buy()]);
      await Promise.all(bought.map((purchase) => consumedTrace(purchase, 'shipping')));
      return signalWindow('consumerLag', since, 3);
    };
    await switchFaults({ consumerLag: 2000 });
    const lagging = await untilEffect('a lagging order.placed consumer', async () => {
      const purchase = await buy();
      const spans = await consumedTrace(purchase, 'shipping');
      return consumed(spans, 'shipping')!.duration >= 2000 * NS_PER_MS ? { purchase, spans } : undefined;
    }, 45_000);
    expect(consumed(lagging.spans, 'shipping')!.meta['feature_flags.consumerLag']).toBe('2000');
    // Late, not lost: the order gets its shipment.
    await waitFor('the shipment of the lagged order', async () => {
      const order = await api(`/api/orders/${lagging.purchase.orderId}`, { token: lagging.purchase.customer.token });
      return order.body?.shipment ? true : undefined;
    }, 30_000, 500);
    // The monitor's window: three orders placed together. ecommerce.events.lag is publish to pick-up, so one order
    // alone is picked up at once and waits inside the handler; the ones behind it wait 2 s and 4 s to be picked up:
    // the average crosses on those two, not on one outlier.
    const lagging3 = await threeOrdersAtOnce();
    expectMonitor('consumerLag', { metrics: lagging3 }, 'critical');
    expect(lagging3.filter((line) => Number(line.value) > FAULT_SIGNALS.consumerLag.condition.critical).length, JSON.stringify(lagging3.map((line) => line.value))).toBeGreaterThanOrEqual(2);

    await allFaultsOff();
    await untilEffect('a prompt consumer again', async () => {
      const purchase = await buy();
      const spans = await consumedTrace(purchase, 'shipping');
      return consumed(spans, 'shipping')!.duration < 1000 * NS_PER_MS ? true : undefined;
    }, 45_000);
    // The monitor's window once recovered: the same traffic.
    expectMonitor('consumerLag', { metrics: await threeOrdersAtOnce() }, 'not critical');
    await expectReconciled(purchases, product.sku, stockBefore);
  }, 120_000);
});

describe('cpuBurn', () => {
  /** The shipping service's event-loop utilization readings (dd-trace runtime metrics, every ~10 s) since `since`. */
  const utilization = async (since: number) =>
    (await metricLines(since, 'runtime.node.event_loop.utilization')).filter((line) => line.tags.service === 'shipping') as Array<MetricLine & { at?: string }>;

  it('keeps the shipping event loop busy far above idle while on, trips the event loop delay monitor, and idle again when off', async () => {
    // Fault off: the last two event-loop delay readings (20 s) the listener already holds (or the next ones).
    const idle = await waitFor('two shipping event-loop delay readings', async () => {
      const readings = (await signalMetrics('cpuBurn', 0)).filter((line) => line.tags.service === 'shipping');
      return readings.length >= 2 ? readings.slice(-2) : undefined;
    }, 25_000, 500);
    expectMonitor('cpuBurn', { metrics: idle }, 'not critical');

    const since = await lastMetricSeq();
    await switchFaults({ cpuBurn: 0.5 });
    // Idle, shipping reads ~0.01; a reading is the share of the 10 s before it, so the first one the burn
    // covers for part of its interval already shows it.
    const busy = await waitFor('shipping event-loop utilization above 0.3', async () => {
      await api('/api/shipping/quotes', { method: 'POST', body: { country: 'US', postalCode: '12345', weightKg: 1.5 } }); // a little traffic meanwhile
      return (await utilization(since)).find((line) => Number(line.value) > 0.3);
    }, 45_000, 500);
    // The job's evaluations of the fault are counted by the flag hook.
    await waitForMetric(since, 'ecommerce.feature_flags.evaluations', (line) => line.tags.service === 'shipping' && line.tags.flag === 'cpuBurn' && line.tags.variant === 'on');
    // The monitor's window: the next reading, whose whole 10 s interval the burn covered.
    const burning = await waitFor('a shipping event-loop delay reading of a whole burning interval', async () => {
      const readings = (await signalMetrics('cpuBurn', since)).filter((line) => line.tags.service === 'shipping');
      return readings.find((line) => Date.parse(line.at ?? '') >= Date.parse(busy.at ?? '') + 5_000);
    }, 25_000, 500);
    expectMonitor('cpuBurn', { metrics: [burning] }, 'critical');

    await allFaultsOff();
    // One reading under 0.1 cannot come from a loop that burnt half of its time for more than ~2 s of those
    // 10 s, so the first such reading after the switch shows the burn stopped.
    const calm = await lastMetricSeq();
    await waitFor('shipping event-loop utilization back under 0.1', async () => {
      const readings = (await utilization(calm)).map((line) => Number(line.value));
      return readings.length > 0 && readings.at(-1)! < 0.1 ? true : undefined;
    }, 30_000, 500);
  }, 120_000);
});
