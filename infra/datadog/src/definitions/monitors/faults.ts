// One monitor per fault of the catalogue (infra/flags/shopfast.flagd.json, docs/faults.md), named as the flag's
// `metadata.monitor` says. Each watches its fault's signal (signals/fault-signals.ts), rendered here as the query;
// the fault e2e tests evaluate the same signal on what the shop emitted, with the fault on and off.
// The monitors are not about the faults: each watches a symptom any real failure of the kind shows, and the
// fault is how the demo makes it happen.
import { FAULT_SIGNALS, type FaultKey } from '../signals/fault-signals';
import { monitorOptions, monitorQuery, monitorType } from '../signals/render';
import type { DefinitionSettings, MonitorDefinition, RoutingTier } from '../types';
import { routedMonitor, type AlertKind } from './routing';

interface FaultMonitor {
  flag: FaultKey;
  key: string;
  /** The flag's metadata.monitor, exactly. */
  name: string;
  tier: RoutingTier;
  alert: AlertKind;
  service: string;
  /** What is wrong and where to look; Datadog fills {{value}} and {{threshold}}. */
  body: string;
}

export const FAULT_MONITORS: FaultMonitor[] = [
  {
    flag: 'paymentLatency',
    key: 'checkout-payment-latency',
    name: 'Checkout payment latency above baseline',
    tier: 'performance',
    alert: 'latency',
    service: 'payment',
    body:
      'Bank authorizations take {{value}} ms on average (threshold {{threshold}} ms; normally ~120 ms): every checkout waits for them. ' +
      'APM: payment.bank_authorization and order checkout.process_payment latency; the payment flame graph.',
  },
  {
    flag: 'paymentFailure',
    key: 'order-failure-rate',
    name: 'Order failure rate above 5 %',
    tier: 'critical',
    alert: 'business',
    service: 'order',
    body:
      '{{value}} % of checkout attempts failed because a service of the shop failed (ecommerce.orders.failed{error:upstream_*}; ' +
      'declined cards and other customer errors excluded). Executive dashboard: failures by reason; APM: errors of payment and inventory.',
  },
  {
    flag: 'bankTimeout',
    key: 'bank-timeouts',
    name: 'Bank timeouts',
    tier: 'critical',
    alert: 'availability',
    service: 'payment',
    body:
      '{{value}} % of bank authorizations timed out (payment gives up after 4 s; the order retries twice, then fails and compensates). ' +
      'APM: payment.bank_authorization errors; the checkout compensation metrics.',
  },
  {
    flag: 'inventoryErrors',
    key: 'inventory-reservation-errors',
    name: 'Inventory reservation error rate',
    tier: 'critical',
    alert: 'error_rate_spike',
    service: 'inventory',
    body: '{{value}} % of stock reservations (inventory POST /reservations) failed: checkouts fail with them. APM: inventory errors by type; the order -> inventory edge of the service map.',
  },
  {
    flag: 'searchSlow',
    key: 'search-latency-p95',
    name: 'Search latency p95 above 1 s',
    tier: 'performance',
    alert: 'latency',
    service: 'product',
    body: 'p95 of product GET /search is {{value}} s (threshold {{threshold}} s; normally tens of milliseconds). APM: the GET /search latency distribution and its slowest traces.',
  },
  {
    flag: 'endpointErrorSpike',
    key: 'product-detail-errors',
    name: 'Product detail error rate',
    tier: 'critical',
    alert: 'error_rate_spike',
    service: 'product',
    body: '{{value}} % of product detail reads (product GET /products/:id) answer 5xx; carts cannot add those products either. APM: the resource\'s errors; Error Tracking.',
  },
  {
    flag: 'cacheOutage',
    key: 'cart-availability',
    name: 'Cart availability',
    tier: 'critical',
    alert: 'availability',
    service: 'cart',
    body: '{{value}} % of cart requests fail (threshold {{threshold}} %): customers cannot fill carts or check out. APM: cart errors (cart_unavailable: its Redis); the checkout funnel.',
  },
  {
    flag: 'orderHistoryNPlusOne',
    key: 'order-history-latency',
    name: 'Order history latency',
    tier: 'performance',
    alert: 'latency',
    service: 'order',
    body:
      'Order history runs its items query {{value}} times per page (threshold {{threshold}}; at most 1 when batched): one query per ' +
      'order, an N+1, and its latency grows with every order on the page. APM: a GET /orders trace shows the staircase of identical ' +
      'postgresql.query spans.',
  },
  {
    flag: 'memoryLeak',
    key: 'product-heap-growth',
    name: 'Product heap growth',
    tier: 'performance',
    alert: 'saturation',
    service: 'product',
    body:
      'The product service\'s heap (5-minute mean) grew {{value}} bytes in 10 minutes (threshold {{threshold}}): a leak, heading for the ' +
      'heap limit. Runtime metrics of product; the heap profile if the profiler is on.',
  },
  {
    flag: 'cpuBurn',
    key: 'shipping-event-loop-delay',
    name: 'Shipping event loop delay',
    tier: 'performance',
    alert: 'saturation',
    service: 'shipping',
    body:
      'Shipping\'s event loop p95 delay averages {{value}} ns (threshold {{threshold}} ns, normally under 1 ms): something blocks its one ' +
      'thread, and every request and event waits. Runtime metrics (event loop utilization, CPU); the CPU profile.',
  },
  {
    flag: 'emailSlow',
    key: 'notification-latency',
    name: 'Notification latency',
    tier: 'performance',
    alert: 'latency',
    service: 'notification',
    body:
      'p95 of the notification consumer\'s event handling is {{value}} s (threshold {{threshold}} s): e-mails are slow to send and ' +
      'queue up. APM: notification.send_email; the notification consumer\'s ecommerce.events.lag.',
  },
  {
    flag: 'consumerLag',
    key: 'event-consumer-lag',
    name: 'Event consumer lag',
    tier: 'performance',
    alert: 'saturation',
    service: 'shipping',
    body:
      'The shipping consumer picks its events up {{value}} ms after they were published, on average (threshold {{threshold}} ms; ' +
      'normally a few ms): events queue and shipments are created late. ecommerce.events.lag by group; shipping event.process spans.',
  },
  {
    flag: 'imageSlowLoad',
    key: 'storefront-lcp',
    name: 'Storefront LCP',
    tier: 'performance',
    alert: 'frontend',
    service: 'shopfast-web',
    body: 'p75 Largest Contentful Paint of storefront views is {{value}} ns (Core Web Vitals: good up to 2.5 s). RUM: views by LCP, resource timings of product images.',
  },
  {
    flag: 'productPageJsError',
    key: 'storefront-js-errors',
    name: 'Storefront JS errors',
    tier: 'performance',
    alert: 'frontend',
    service: 'shopfast-web',
    body: 'Storefront views average {{value}} errors each (threshold {{threshold}}; normally 0). RUM: errors by view and message; Error Tracking.',
  },
];

export function faultMonitors(settings: DefinitionSettings): MonitorDefinition[] {
  return FAULT_MONITORS.map((monitor) => {
    const signal = FAULT_SIGNALS[monitor.flag];
    return routedMonitor(
      {
        key: monitor.key,
        name: monitor.name,
        type: monitorType(signal),
        query: monitorQuery(signal, settings.env),
        tier: monitor.tier,
        alert: monitor.alert,
        service: monitor.service,
        body: monitor.body,
        options: monitorOptions(signal),
        faults: [monitor.flag],
      },
      settings,
    );
  });
}
