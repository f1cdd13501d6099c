// The signal of every fault's monitor (infra/flags/shopfast.flagd.json, docs/faults.md), by flag key. The
// monitors (monitors/faults.ts) render these; the fault e2e tests (tests/e2e/faults, web/e2e) evaluate these on
// what the shop really emitted with the fault on and off. Thresholds are production thresholds: each is set
// against the shop's normal level (measured locally, noted per signal) with a wide margin, never at the
// fault's own value.
import type { Signal, TagFilter } from './types';

const MiB = 1024 * 1024;

/** A trace-metric error rate in percent of one service's entry spans (optionally one resource). */
function errorRate(service: string, resourceName: string | undefined, critical: number, warning: number): Signal {
  const filter: TagFilter = resourceName ? { service, resource_name: resourceName } : { service };
  return {
    kind: 'ratio',
    numerator: [{ metric: 'trace.express.request.errors', filter }],
    denominator: [{ metric: 'trace.express.request.hits', filter }],
    scale: 100,
    window: 5,
    condition: { comparator: '>', critical, warning },
    unit: '%',
  };
}

export const FAULT_SIGNALS = {
  // Bank authorizations take ~120 ms (90-150). An average over 1 s is eight times that: a slow bank, whichever
  // fault. The average, not p95: percentiles of a custom distribution exist in Datadog only once enabled for it.
  paymentLatency: {
    kind: 'average',
    series: { metric: 'ecommerce.payment.bank_latency', filter: { service: 'payment' } },
    window: 5,
    condition: { comparator: '>', critical: 1000, warning: 500 },
    unit: 'ms',
  },
  // Checkouts that failed because of the shop itself (an upstream service failed, timed out or was down), as a
  // share of every checkout attempt. Customer-caused failures (declined cards, empty carts...) stay out of the
  // numerator: they are not incidents.
  paymentFailure: {
    kind: 'ratio',
    numerator: [{ metric: 'ecommerce.orders.failed', filter: { error: 'upstream_*' } }],
    denominator: [
      { metric: 'ecommerce.orders.failed', filter: {} },
      { metric: 'ecommerce.orders.completed', filter: {} },
    ],
    scale: 100,
    window: 10,
    condition: { comparator: '>', critical: 5, warning: 2 },
    unit: '%',
  },
  // Share of bank authorizations that ended as a timeout (payment gives up on the bank after 4 s); normally none.
  // Counted by payment's own counter of authorizations: a count metric sums as counts over the window.
  bankTimeout: {
    kind: 'ratio',
    numerator: [{ metric: 'ecommerce.payment.bank_authorizations', filter: { service: 'payment', result: 'timeout' } }],
    denominator: [{ metric: 'ecommerce.payment.bank_authorizations', filter: { service: 'payment' } }],
    scale: 100,
    window: 10,
    condition: { comparator: '>', critical: 5, warning: 1 },
    unit: '%',
  },
  inventoryErrors: errorRate('inventory', 'post_/reservations', 5, 2),
  // GET /search answers in ~10-50 ms.
  searchSlow: {
    kind: 'percentile',
    series: { metric: 'trace.express.request', filter: { service: 'product', resource_name: 'get_/search' } },
    percentile: 95,
    window: 5,
    condition: { comparator: '>', critical: 1, warning: 0.5 },
    unit: 's',
  },
  endpointErrorSpike: errorRate('product', 'get_/products/:id', 5, 2),
  cacheOutage: errorRate('cart', undefined, 5, 1),
  // Runs of the order-history items statement per order-history page. The history page loads its orders' items
  // with one statement of its own (`... WHERE order_id = ANY($1::uuid[])`; an order's detail reads its items with
  // `WHERE order_id = $1`), so batched it runs at most once per page: 1 for a page with orders, 0 for an empty
  // one. The N+1 runs it once per order on the page. Latency alone does not show it here: the shop's database
  // answers an items query in ~0.5 ms, so a page of 20 orders only doubles a ~7 ms request.
  orderHistoryNPlusOne: {
    kind: 'ratio',
    numerator: [{ metric: 'trace.postgresql.query.hits', filter: { service: 'order', resource_name: '*from_order_items_where_order_id_any*' } }],
    denominator: [{ metric: 'trace.express.request.hits', filter: { service: 'order', resource_name: 'get_/orders' } }],
    scale: 1,
    window: 15,
    condition: { comparator: '>', critical: 1.2, warning: 1.1 },
    unit: 'items queries per page',
  },
  // The product heap's 5-minute mean against the same mean 10 minutes earlier. At rest it moves a few MB
  // (GC); the fault at its catalogue rate (8 MB/min) raises it ~80 MB in 10 minutes, until its cap.
  memoryLeak: {
    kind: 'change',
    series: { metric: 'runtime.node.mem.heap_used', filter: { service: 'product' } },
    space: 'avg',
    window: 5,
    shiftMinutes: 10,
    condition: { comparator: '>', critical: 40 * MiB, warning: 20 * MiB },
    unit: 'bytes',
  },
  // dd-trace reports the event loop's delay in nanoseconds every 10 s; shipping's p95 idles under 1 ms.
  cpuBurn: {
    kind: 'gauge',
    series: { metric: 'runtime.node.event_loop.delay.95percentile', filter: { service: 'shipping' } },
    space: 'max',
    time: 'avg',
    window: 5,
    condition: { comparator: '>', critical: 30e6, warning: 15e6 },
    unit: 'ns',
  },
  // Time the notification consumer spends on one event (sending its e-mail included); ~10-50 ms normally.
  emailSlow: {
    kind: 'percentile',
    series: { metric: 'trace.event.process', filter: { service: 'notification' } },
    percentile: 95,
    window: 10,
    condition: { comparator: '>', critical: 2, warning: 1 },
    unit: 's',
  },
  // Publish-to-pick-up time of the shipping consumer group's events; a few ms normally (under 30 ms). The average,
  // not p95: percentiles of a custom distribution exist in Datadog only once enabled for it.
  consumerLag: {
    kind: 'average',
    series: { metric: 'ecommerce.events.lag', filter: { group: 'shipping' } },
    window: 10,
    condition: { comparator: '>', critical: 1000, warning: 500 },
    unit: 'ms',
  },
  // Core Web Vitals: LCP is "good" up to 2.5 s at the 75th percentile of views (RUM reports it in nanoseconds).
  imageSlowLoad: {
    kind: 'rum',
    service: 'shopfast-web',
    eventType: 'view',
    attributes: {},
    rollup: 'pc75',
    measure: 'view.largest_contentful_paint',
    window: 15,
    condition: { comparator: '>', critical: 2.5e9, warning: 2e9 },
    unit: 'ns',
  },
  // JavaScript errors per storefront view (each view counted once, with its errors); normally 0.
  productPageJsError: {
    kind: 'rum',
    service: 'shopfast-web',
    eventType: 'view',
    attributes: {},
    rollup: 'avg',
    measure: 'view.error.count',
    window: 15,
    condition: { comparator: '>', critical: 0.05, warning: 0.02 },
    unit: 'errors per view',
  },
} satisfies Record<string, Signal>;

export type FaultKey = keyof typeof FAULT_SIGNALS;
