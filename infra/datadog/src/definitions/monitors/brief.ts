// The monitors the brief asks for by name (docs: /work/shared/seed/datadog-integration-brief.md, "AI-Powered
// Features", "Intelligent Alerting", "Multi-Channel Alert Routing"), in full query form. The fault monitors are in
// faults.ts; the SLO burn-rate monitors next to their SLOs (slos.ts).
//
// Metrics: trace metrics the agent computes from every service's `express.request` entry spans (hits, errors,
// the latency distribution in seconds), dd-trace runtime metrics, and the order service's business gauges
// (docs/telemetry.md lists each with its tags). Every query filters on `env:<settings.env>`.
import type { DefinitionSettings, MonitorDefinition } from '../types';
import { routedMonitor, type MonitorSpec } from './routing';

/** Trace metric queries of every service's HTTP entry spans, grouped by service. */
function traceQueries(env: string) {
  const scope = `{env:${env}} by {service}`;
  return {
    hits: `sum:trace.express.request.hits${scope}.as_count()`,
    errors: `sum:trace.express.request.errors${scope}.as_count()`,
    p95: `p95:trace.express.request${scope}`,
  };
}

/** Anomaly options: the trigger window must equal the query's alert_window (Datadog rejects anything else). */
function anomalyOptions(alertWindow: string) {
  return {
    thresholds: { critical: 1, criticalRecovery: 0 },
    thresholdWindows: { triggerWindow: alertWindow, recoveryWindow: alertWindow },
    notifyNoData: false,
  };
}

/** The brief's three anomaly rules ("AI-Powered Features > Anomaly Detection"). */
function anomalyRules(env: string): MonitorSpec[] {
  return [
    {
      key: 'api-response-time-anomaly',
      name: 'API response time above its usual range',
      type: 'query alert',
      query:
        `avg(last_4h):anomalies(avg:ecommerce.api.response_time{env:${env}} by {service}, 'agile', 2, ` +
        `direction='above', alert_window='last_15m', interval=60, seasonality='daily') >= 1`,
      tier: 'performance',
      alert: 'latency',
      body:
        'Average answer time of {{service.name}} left its usual range (agile, 2 deviations, daily seasonality) for 15 minutes. ' +
        'Operations dashboard: latency per service; APM: the slowest resources of the service.',
      options: anomalyOptions('last_15m'),
    },
    {
      key: 'conversion-rate-anomaly',
      name: 'Checkout conversion rate below its usual range',
      type: 'query alert',
      // No count_default_zero: the gauge is absent (not 0) when nobody tried to check out, and a gap must not
      // read as a collapse. 2-minute rollups over the order service's 15-minute rate.
      query:
        `avg(last_4h):anomalies(avg:ecommerce.orders.conversion_rate{env:${env}}, 'robust', 3, ` +
        `direction='below', alert_window='last_30m', interval=120, seasonality='weekly') >= 1`,
      tier: 'business',
      alert: 'business',
      service: 'order',
      body:
        'The share of checkout attempts that end confirmed fell below its usual weekly range (robust, 3 deviations) for 30 minutes. ' +
        'Executive dashboard: failures by reason; Customer experience dashboard: the funnel.',
      options: anomalyOptions('last_30m'),
    },
    {
      key: 'revenue-per-minute-anomaly',
      name: 'Revenue per minute below its recent range',
      type: 'query alert',
      // The brief asks for `basic` with a "seasonal adjustment"; Datadog's basic algorithm takes no seasonality
      // (it follows a rolling quantile of the recent past). So this one catches sudden drops against the last
      // hours, and revenue-drop below compares with the same hour of previous weeks (robust, weekly).
      query:
        `avg(last_4h):anomalies(avg:ecommerce.revenue.per_minute{env:${env}} by {currency}, 'basic', 2, ` +
        `direction='below', alert_window='last_15m', interval=60) >= 1`,
      tier: 'business',
      alert: 'business',
      service: 'order',
      body:
        'Revenue per minute ({{currency.name}}) fell below its recent range (basic, 2 deviations; no seasonality: see ' +
        '"Revenue under its forecast lower bound" for the weekly view). Executive dashboard: orders and failures.',
      options: anomalyOptions('last_15m'),
    },
  ];
}

/** "Predictive Analytics": traffic and capacity forecasts. */
function forecasts(env: string): MonitorSpec[] {
  return [
    {
      key: 'traffic-forecast',
      name: 'Gateway traffic forecast above one replica\'s capacity',
      type: 'query alert',
      // 250 requests/s: about two thirds of what one gateway replica served with tracing and AppSec on
      // (docs/benchmarks.md, listing ~375/s); the forecast crossing it is the time to add a replica.
      query:
        `max(next_1d):forecast(sum:trace.express.request.hits{env:${env},service:gateway}.as_rate(), 'seasonal', 1, ` +
        `interval='60m', seasonality='weekly') >= 250`,
      tier: 'performance',
      alert: 'saturation',
      service: 'gateway',
      body: 'Requests to the gateway are forecast to pass 250/s within a day (seasonal, weekly): scale the gateway before the peak.',
      options: { thresholds: { critical: 250, criticalRecovery: 200 } },
    },
    {
      key: 'event-loop-capacity-forecast',
      name: 'Event loop utilisation forecast near saturation',
      type: 'query alert',
      query:
        `max(next_1w):forecast(max:runtime.node.event_loop.utilization{env:${env}} by {service}, 'linear', 1, ` +
        `interval='60m', history='1w', model='default') >= 0.9`,
      tier: 'performance',
      alert: 'saturation',
      body:
        'The event loop of {{service.name}} is forecast to be busy 90 % of the time within a week (linear trend): the ' +
        'service runs out of CPU headroom. Operations dashboard: saturation.',
      options: { thresholds: { critical: 0.9, criticalRecovery: 0.8 } },
    },
    {
      key: 'heap-capacity-forecast',
      name: 'Heap headroom forecast under 32 MiB',
      type: 'query alert',
      query:
        `min(next_1w):forecast(min:runtime.node.heap.total_available_size{env:${env}} by {service}, 'linear', 1, ` +
        `interval='60m', history='1w', model='default') <= 33554432`,
      tier: 'performance',
      alert: 'saturation',
      body:
        'The heap {{service.name}} may still grow into is forecast to fall under 32 MiB within a week: memory capacity ' +
        '(or a leak; compare runtime.node.mem.heap_used). Operations dashboard: saturation.',
      options: { thresholds: { critical: 33_554_432, criticalRecovery: 67_108_864 } },
    },
  ];
}

/** "Intelligent Alerting": the brief's three smart alerts as real monitor types. */
function intelligentAlerts(env: string): MonitorSpec[] {
  const trace = traceQueries(env);
  return [
    {
      key: 'error-rate-over-5pct',
      name: 'Error rate over 5 % (component)',
      type: 'query alert',
      query: `sum(last_5m):${trace.errors} / ${trace.hits} * 100 > 5`,
      tier: 'critical',
      alert: 'error_rate_spike',
      component: true,
      body: 'More than 5 % of the requests {{service.name}} answered in 5 minutes were errors (5xx).',
      options: { thresholds: { critical: 5 }, notifyNoData: false },
    },
    {
      key: 'traffic-grew-50pct',
      name: 'Traffic grew over 50 % in an hour (component)',
      type: 'query alert',
      // Compared with the same 15 minutes an hour ago: a surge, not the daily curve (a week-ago comparison
      // would need a week of history before it ever evaluates).
      query: `sum(last_15m):${trace.hits} / hour_before(${trace.hits}) > 1.5`,
      tier: 'critical',
      alert: 'error_rate_spike',
      component: true,
      body: '{{service.name}} answered over 1.5 times the requests of the same 15 minutes an hour earlier.',
      options: { thresholds: { critical: 1.5 }, notifyNoData: false },
    },
    {
      key: 'high-error-rate-with-context',
      name: 'High error rate without a traffic surge',
      type: 'composite',
      // Brief: error_rate > 5 % AND traffic_increase < 50 %. Errors that come with a surge are a capacity
      // question the traffic forecast covers; errors without one are a fault or a bad deployment.
      query: '${monitor:error-rate-over-5pct} && !${monitor:traffic-grew-50pct}',
      tier: 'critical',
      alert: 'error_rate_spike',
      body:
        '{{service.name}} returns more than 5 % errors while its traffic did not surge: a fault or a deployment, not load. ' +
        'The incident service scales the service up and opens an incident. APM: errors by resource and error.type; ' +
        'deployments: the version tag of the trace metrics.',
    },
    {
      key: 'revenue-drop',
      name: 'Revenue under its forecast lower bound',
      type: 'query alert',
      // Brief: revenue_per_minute < forecast_lower_bound. The anomaly band of a seasonal model is exactly the
      // forecast of the expected value with its bounds; below the lower bound for 30 minutes alerts.
      query:
        `avg(last_1d):anomalies(avg:ecommerce.revenue.per_minute{env:${env}} by {currency}, 'robust', 2, ` +
        `direction='below', alert_window='last_30m', interval=300, seasonality='weekly') >= 1`,
      tier: 'business',
      alert: 'business',
      service: 'order',
      body:
        'Revenue per minute ({{currency.name}}) has been under the lower bound expected for this hour of the week for 30 minutes. ' +
        'Planned maintenance: schedule a Datadog downtime on tag alert:business so this stays quiet.',
      options: anomalyOptions('last_30m'),
    },
    {
      key: 'performance-regression',
      name: 'p95 latency regression over baseline',
      type: 'query alert',
      // Brief: p95_response_time > baseline + 2*stddev: an anomaly band of 2 deviations above, on the p95.
      query:
        `avg(last_4h):anomalies(${trace.p95}, 'agile', 2, direction='above', alert_window='last_15m', interval=60, ` +
        `seasonality='daily') >= 1`,
      tier: 'performance',
      alert: 'latency',
      body:
        'The p95 latency of {{service.name}} is more than 2 deviations above its baseline for 15 minutes. ' +
        'Check recent deployments: APM > the service > Deployments (the version tag), and the Operations dashboard.',
      options: anomalyOptions('last_15m'),
    },
  ];
}

/** The routing tiers' own conditions ("Multi-Channel Alert Routing"). */
function tierConditions(env: string): MonitorSpec[] {
  const trace = traceQueries(env);
  const revenue = `avg:ecommerce.revenue.per_minute{env:${env}} by {currency}`;
  return [
    {
      key: 'error-rate-over-10pct',
      name: 'Error rate over 10 %',
      type: 'query alert',
      query: `sum(last_5m):${trace.errors} / ${trace.hits} * 100 > 10`,
      tier: 'critical',
      // Pages, but is not the scale-up signal: over 10 % errors without a surge also trips the composite above
      // (alert:error_rate_spike), and one spike must scale its service once (monitors/routing.ts).
      alert: 'availability',
      body:
        'More than 10 % of the requests {{service.name}} answered in 5 minutes were errors, whatever the traffic. ' +
        'The incident service opens an incident; it scales the service only through "High error rate without a traffic surge".',
      options: { thresholds: { critical: 10 }, notifyNoData: false },
    },
    {
      key: 'latency-over-p95-baseline',
      name: 'p95 latency over 1.5 x last week',
      type: 'query alert',
      query: `avg(last_15m):${trace.p95} / week_before(${trace.p95}) > 1.5`,
      tier: 'performance',
      alert: 'latency',
      body: 'The p95 latency of {{service.name}} over 15 minutes is more than 1.5 times the same 15 minutes a week ago.',
      options: { thresholds: { critical: 1.5, warning: 1.25 } },
    },
    {
      key: 'revenue-down-20pct',
      name: 'Revenue per minute down 20 % on last week',
      type: 'query alert',
      query: `avg(last_30m):${revenue} / week_before(${revenue}) < 0.8`,
      tier: 'business',
      alert: 'business',
      service: 'order',
      body: 'Revenue per minute ({{currency.name}}) over 30 minutes is under 80 % of the same 30 minutes a week ago.',
      options: { thresholds: { critical: 0.8, criticalRecovery: 0.9 } },
    },
    {
      key: 'conversion-rate-low',
      name: 'Checkout conversion rate under 50 %',
      type: 'query alert',
      query: `avg(last_30m):avg:ecommerce.orders.conversion_rate{env:${env}} < 50`,
      tier: 'business',
      alert: 'business',
      service: 'order',
      body: 'Under half of the checkout attempts of the last 30 minutes ended confirmed (warning under 70 %). Failures by reason: Executive dashboard.',
      options: { thresholds: { critical: 50, warning: 70, criticalRecovery: 55, warningRecovery: 75 } },
    },
  ];
}

export function briefMonitors(settings: DefinitionSettings): MonitorDefinition[] {
  const specs = [...anomalyRules(settings.env), ...forecasts(settings.env), ...intelligentAlerts(settings.env), ...tierConditions(settings.env)];
  return specs.map((spec) => routedMonitor(spec, settings));
}
