// Operations dashboard: the four golden signals per service from trace metrics (computed by the agent from every
// service's `express.request` entry spans: all requests, sampled or not), saturation from dd-trace's runtime
// metrics, the stores and the event pipeline from ShopFast's own metrics, and which faults are on right now.
// Trace latency is a distribution in seconds; runtime event-loop delay is in nanoseconds.
import type { v1 } from '@datadog/datadog-api-client';
import type { DashboardDefinition, DefinitionSettings } from '../types';
import { dashboard, group, metric, note, table, timeseries, toplist } from './widgets';

const env = '{$env}';
const byService = `${env} by {service}`;

function serviceMap(settings: DefinitionSettings) {
  return note(
    `**Service map:** [APM service map](/apm/map?env=${settings.env}) | [Services](/apm/services?env=${settings.env}) | ` +
      `[Monitors managed as code](/monitors/manage?q=${encodeURIComponent(`tag:"managed-by:shopfast" tag:"managed_env:${settings.env}"`)}). ` +
      'Every ShopFast service is an `express` service; database and cache calls show as their own nodes.',
  );
}

/** The SLOs of slos.ts; `apply` replaces each placeholder with the SLO's id. */
const SLO_KEYS = ['checkout-availability', 'checkout-latency', 'search-availability'];

function sloWidget(key: string): v1.Widget {
  return {
    definition: {
      type: 'slo',
      viewType: 'detail',
      sloId: `\${slo:${key}}`,
      timeWindows: ['7d', '30d'],
      showErrorBudget: true,
      viewMode: 'overall',
    },
  };
}

export function operationsDashboard(settings: DefinitionSettings): DashboardDefinition {
  const hits = metric('hits', `sum:trace.express.request.hits${byService}.as_count()`, 'sum');
  const errors = metric('errors', `sum:trace.express.request.errors${byService}.as_count()`, 'sum');
  return dashboard('operations', 'Requests, errors, latency and saturation per service; stores, events and active faults.', settings, [
    serviceMap(settings),
    {
      definition: {
        type: 'manage_status',
        title: 'ShopFast monitors',
        query: 'tag:"managed-by:shopfast"',
        summaryType: 'monitors',
        displayFormat: 'countsAndList',
        colorPreference: 'text',
        sort: 'status,asc',
        hideZeroCounts: true,
        showLastTriggered: true,
        showPriority: true,
      },
    },
    group('Requests and errors', [
      timeseries('Requests per second by service', [metric('rate', `sum:trace.express.request.hits${byService}.as_rate()`)], ['rate']),
      timeseries('Errors (5xx) by service', [metric('errors', `sum:trace.express.request.errors${byService}.as_count()`)], ['errors'], 'bars'),
      timeseries(
        'Error rate by service (%)',
        [metric('hits', `sum:trace.express.request.hits${byService}.as_count()`), metric('errors', `sum:trace.express.request.errors${byService}.as_count()`)],
        [{ formula: '100 * errors / hits', alias: 'error rate %' }],
      ),
      table('Traffic and errors per service, past hour', [hits, errors], [
        { formula: 'hits', alias: 'requests' },
        { formula: '100 * errors / hits', alias: 'error %' },
      ]),
    ]),
    group('Latency (seconds)', [
      table(
        'p50 / p95 / p99 by service',
        [
          metric('p50', `p50:trace.express.request${byService}`, 'avg'),
          metric('p95', `p95:trace.express.request${byService}`, 'avg'),
          metric('p99', `p99:trace.express.request${byService}`, 'avg'),
        ],
        [
          { formula: 'p50', alias: 'p50' },
          { formula: 'p95', alias: 'p95' },
          { formula: 'p99', alias: 'p99' },
        ],
      ),
      timeseries('p95 by service', [metric('p95', `p95:trace.express.request${byService}`)], ['p95']),
      timeseries('p99 by service', [metric('p99', `p99:trace.express.request${byService}`)], ['p99']),
    ]),
    group('Saturation', [
      timeseries('Event loop utilisation by service', [metric('elu', `avg:runtime.node.event_loop.utilization${byService}`)], ['elu']),
      timeseries(
        'Event loop delay p95 by service (ms)',
        [metric('delay', `max:runtime.node.event_loop.delay.95percentile${byService}`)],
        [{ formula: 'delay / 1000000', alias: 'delay ms' }],
      ),
      timeseries('CPU by service (% of one core)', [metric('cpu', `avg:runtime.node.cpu.total${byService}`)], ['cpu']),
      timeseries('Heap used by service', [metric('heap', `max:runtime.node.mem.heap_used${byService}`)], ['heap']),
    ]),
    group('Stores and events', [
      timeseries(
        'Database query time p95 (ms) by service and database',
        [metric('query_p95', `max:ecommerce.database.query_time.95percentile${env} by {service,db_system}`)],
        ['query_p95'],
      ),
      timeseries(
        'Cache hit ratio by cache (%)',
        [metric('hit', `sum:ecommerce.cache.hit${env} by {cache}.as_count()`), metric('miss', `sum:ecommerce.cache.miss${env} by {cache}.as_count()`)],
        [{ formula: '100 * hit / (hit + miss)', alias: 'hit %' }],
      ),
      // avg, not p95: percentiles of a custom distribution exist in Datadog only once enabled for the metric.
      timeseries('Event lag by consumer group, average (ms)', [metric('lag', `avg:ecommerce.events.lag${env} by {group}`)], ['lag']),
      timeseries('Events processed by outcome', [metric('processed', `sum:ecommerce.events.processed${env} by {outcome}.as_count()`)], ['processed'], 'bars'),
    ]),
    group('Service levels', SLO_KEYS.map(sloWidget)),
    group('Faults', [
      toplist('Active faults (evaluations while on, past 15 minutes)', [metric('faults', `sum:ecommerce.feature_flags.evaluations${env} by {flag}.as_count()`, 'sum')], 'faults', '15m'),
      timeseries('Fault evaluations by flag', [metric('faults', `sum:ecommerce.feature_flags.evaluations${env} by {flag}.as_count()`)], ['faults'], 'bars'),
    ]),
  ]);
}
