import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATADOG_WEBHOOK_PAYLOAD, WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import { HISTOGRAM_SUFFIXES, TELEMETRY_DOC } from '../lint/catalogue';
import { formatProblem, lintDefinitions } from '../lint';
import { metricQueriesIn, parseMetricExpression, parseMetricMonitorQuery } from '../lint/query-parser';
import { allDefinitions } from './index';
import { defaultSettings } from './settings';
import type { Definition, MonitorDefinition } from './types';

const settings = defaultSettings();
const definitions = allDefinitions(settings);
const monitors = definitions.filter((definition): definition is MonitorDefinition => definition.kind === 'monitor');
const monitor = (key: string) => monitors.find((definition) => definition.key === key)?.body;

/** Every metric name any definition queries, read with the lint's parser; `unread` collects what it cannot read. */
function metricsUsed(list: Definition[], unread: string[] = []): Set<string> {
  const texts: string[] = [];
  const metricTexts: string[] = [];
  for (const definition of list) {
    if (definition.kind === 'monitor' && /^(query|metric) alert$/.test(String(definition.body.type))) texts.push(definition.body.query);
    if (definition.kind === 'slo' && definition.body.query) metricTexts.push(definition.body.query.numerator, definition.body.query.denominator);
    // Metric queries anywhere else (dashboard widgets, time-slice SLOs) sit in `{dataSource: 'metrics', query}`.
    JSON.stringify(definition.body, (key, value: unknown) => {
      if (value && typeof value === 'object' && (value as { dataSource?: string }).dataSource === 'metrics') metricTexts.push((value as { query: string }).query);
      return value;
    });
  }
  const read = <T>(parse: (text: string) => T) => (text: string): T[] => {
    try {
      return [parse(text)];
    } catch {
      unread.push(text);
      return [];
    }
  };
  const expressions = [
    ...texts.flatMap(read((text) => parseMetricMonitorQuery(text).expression)),
    ...metricTexts.flatMap(read(parseMetricExpression)),
  ];
  const queries = expressions.flatMap(metricQueriesIn);
  return new Set(queries.map((query) => query.metric));
}

describe('allDefinitions', () => {
  it('lints clean: models, queries, catalogue, windows, thresholds, references, conventions', () => {
    expect(lintDefinitions(definitions).map(formatProblem)).toEqual([]);
  });

  it('uses only metrics docs/telemetry.md lists', () => {
    const doc = readFileSync(TELEMETRY_DOC, 'utf8');
    const unread: string[] = [];
    const used = metricsUsed(definitions, unread);
    const base = (name: string) => HISTOGRAM_SUFFIXES.reduce((text, suffix) => text.replace(new RegExp(`\\.${suffix}$`), ''), name);
    const missing = [...used].filter((name) => !doc.includes(`\`${name}\``) && !doc.includes(`\`${base(name)}\``));
    expect(missing).toEqual([]);
    expect(unread, 'queries the parser cannot read (their metrics went unchecked)').toEqual([]);
    // The parser really found the metrics: the brief's own and the trace metrics at least.
    for (const name of ['ecommerce.api.response_time', 'ecommerce.orders.conversion_rate', 'ecommerce.revenue.per_minute', 'trace.express.request.hits']) {
      expect(used).toContain(name);
    }
  });

  it('has three dashboards, the webhook and three SLOs with a fast and a slow burn-rate monitor each', () => {
    const keys = (kind: Definition['kind']) => definitions.filter((definition) => definition.kind === kind).map((definition) => definition.key);
    expect(keys('dashboard')).toEqual(['executive-business', 'operations', 'customer-experience']);
    expect(keys('webhook')).toEqual(['shopfast-incident-docker']);
    expect(keys('slo')).toEqual(['checkout-availability', 'checkout-latency', 'search-availability']);
    for (const slo of keys('slo')) {
      expect(monitor(`${slo}-burn-fast`)?.query).toBe(`burn_rate("\${slo:${slo}}").over("30d").long_window("1h").short_window("5m") > 14.4`);
      expect(monitor(`${slo}-burn-slow`)?.query).toBe(`burn_rate("\${slo:${slo}}").over("30d").long_window("6h").short_window("30m") > 6`);
    }
  });
});

describe("the brief's monitors", () => {
  it.each([
    ['api-response-time-anomaly', 'ecommerce.api.response_time', 'agile', 2, 'above'],
    ['conversion-rate-anomaly', 'ecommerce.orders.conversion_rate', 'robust', 3, 'below'],
    ['revenue-per-minute-anomaly', 'ecommerce.revenue.per_minute', 'basic', 2, 'below'],
  ])('%s watches %s with %s, %i deviations, %s', (key, metric, algorithm, deviations, direction) => {
    const body = monitor(key);
    const query = parseMetricMonitorQuery(body?.query ?? '');
    expect(query.expression).toMatchObject({
      type: 'call',
      name: 'anomalies',
      args: [{ type: 'expression', value: { metric } }, { value: algorithm }, { value: deviations }],
      named: { direction },
    });
    const named = (query.expression as { named: Record<string, string> }).named;
    expect(body?.options?.thresholdWindows?.triggerWindow).toBe(named.alert_window);
  });

  it('alerts on a high error rate only without a traffic surge (composite)', () => {
    expect(monitor('high-error-rate-with-context')).toMatchObject({
      type: 'composite',
      query: '${monitor:error-rate-over-5pct} && !${monitor:traffic-grew-50pct}',
    });
    expect(monitor('error-rate-over-5pct')?.query).toMatch(/ \* 100 > 5$/);
    expect(monitor('traffic-grew-50pct')?.query).toMatch(/\/ hour_before\(.+\) > 1\.5$/);
    expect(monitor('high-error-rate-with-context')?.tags).toContain('alert:error_rate_spike');
  });

  it('has revenue under its forecast band, a p95 regression and traffic and capacity forecasts', () => {
    expect(monitor('revenue-drop')?.query).toContain("anomalies(avg:ecommerce.revenue.per_minute{env:docker} by {currency}, 'robust', 2, direction='below'");
    expect(monitor('performance-regression')?.query).toContain("anomalies(p95:trace.express.request{env:docker} by {service}, 'agile', 2, direction='above'");
    for (const key of ['traffic-forecast', 'event-loop-capacity-forecast', 'heap-capacity-forecast']) expect(monitor(key)?.query).toMatch(/^(max|min)\(next_\w+\):forecast\(/);
  });

  it('notifies through the tier and the webhook, except the components of a composite', () => {
    for (const key of ['error-rate-over-5pct', 'traffic-grew-50pct']) expect(monitor(key)?.message).not.toMatch(/@/);
    expect(monitor('high-error-rate-with-context')?.message).toContain(
      '@pagerduty-shopfast @slack-shopfast-critical @oncall-sms@example.com @webhook-shopfast-incident-docker',
    );
    expect(monitor('conversion-rate-low')).toMatchObject({ priority: 4, options: { renotifyInterval: 30 } });
  });
});

describe('the webhook', () => {
  it('posts the versioned payload of @shopfast/contracts with the secret header', () => {
    const webhook = definitions.find((definition) => definition.kind === 'webhook');
    expect(webhook?.body).toMatchObject({ name: 'shopfast-incident-docker', url: 'http://localhost:8080/api/webhooks/datadog', encodeAs: 'json' });
    const body = webhook?.body as { payload: string; customHeaders: string };
    expect(JSON.parse(body.payload)).toEqual(DATADOG_WEBHOOK_PAYLOAD);
    expect(JSON.parse(body.customHeaders)).toEqual({ [WEBHOOK_SECRET_HEADER]: '$SHOPFAST_WEBHOOK_SECRET_DOCKER' });
  });
});

describe('the dashboards', () => {
  it('filter on the env template variable and link to each other', () => {
    for (const dashboard of definitions.filter((definition) => definition.kind === 'dashboard')) {
      if (dashboard.kind !== 'dashboard') continue;
      expect(dashboard.body.templateVariables).toEqual([{ name: 'env', prefix: 'env', defaults: ['docker'] }]);
      const links = JSON.stringify(dashboard.body.widgets[0]);
      expect(links.match(/\/dashboard\/lists\?q=%5BShopFast%20docker%5D%20/g)).toHaveLength(2);
      // The tool adds the managed-by marker with the env (src/sync/markers.ts); the definition carries none.
      expect(dashboard.body.description).not.toContain('managed-by:');
    }
  });

  it('show orders and revenue by region, the "plan" view as new vs returning customers, and honest revenue windows', () => {
    const executive = definitions.find((definition) => definition.key === 'executive-business');
    const widgets = JSON.stringify(executive?.body);
    expect(widgets).toContain('sum:ecommerce.orders.completed{$env} by {region}.as_count()');
    expect(widgets).toContain('sum:ecommerce.revenue.total{$env} by {region}.as_count()');
    expect(widgets).toContain('"title":"Orders by plan: new vs returning customers (ShopFast sells no plans), last 24 h"');
    expect(widgets).toContain('sum:ecommerce.orders.completed{$env} by {customer_type}.as_count()');
    // Datadog has no "since midnight" time frame: a rolling day and the week to date, titled as such.
    expect(widgets).not.toMatch(/today/i);
    expect(widgets).toContain('"title":"Revenue, last 24 h (all currencies)","precision":0,"time":{"liveSpan":"1d"}');
    expect(widgets).toContain('"title":"Revenue, week to date (all currencies)","precision":0,"time":{"liveSpan":"week_to_date"}');
  });

  it("leave Datadog's synthetic browser sessions out of every RUM query", () => {
    const rumSearches: string[] = [];
    JSON.stringify(definitions.filter((definition) => definition.kind === 'dashboard'), (key, value: unknown) => {
      const query = value as { dataSource?: string; search?: { query: string }; queryString?: string };
      if (query && typeof query === 'object' && query.dataSource === 'rum') rumSearches.push(query.search?.query ?? query.queryString ?? '');
      return value;
    });
    expect(rumSearches.length).toBeGreaterThan(10);
    for (const search of rumSearches) expect(search).toContain('-@session.type:synthetics');
  });
});

describe('two environments in one organisation', () => {
  const prod = allDefinitions({ ...settings, env: 'prod' });
  const staging = allDefinitions({ ...settings, env: 'staging' });
  const named = (list: Definition[]) =>
    list.filter((definition) => definition.kind !== 'webhook').map((definition) => (definition.body as { name?: string; title?: string }).name ?? (definition.body as { title: string }).title);

  it('name every dashboard, monitor, SLO and test with its env, so both sets read apart', () => {
    for (const name of named(prod)) expect(name).toMatch(/^\[ShopFast prod\] /);
    for (const name of named(staging)) expect(name).toMatch(/^\[ShopFast staging\] /);
    expect(named(prod).filter((name) => named(staging).includes(name))).toEqual([]);
  });

  it("give each env its own webhook and secret variable, and route each env's monitors and tests to its own webhook", () => {
    const webhook = (list: Definition[]) => list.find((definition) => definition.kind === 'webhook')?.body as { name: string; customHeaders: string };
    expect(webhook(prod)).toMatchObject({ name: 'shopfast-incident-prod', customHeaders: '{"x-shopfast-webhook-secret":"$SHOPFAST_WEBHOOK_SECRET_PROD"}' });
    expect(webhook(staging)).toMatchObject({ name: 'shopfast-incident-staging', customHeaders: '{"x-shopfast-webhook-secret":"$SHOPFAST_WEBHOOK_SECRET_STAGING"}' });
    for (const definition of prod) {
      const message = (definition.body as { message?: string }).message ?? '';
      if (message.includes('@webhook-')) expect(message.match(/@webhook-[\w-]+/g), definition.key).toEqual(['@webhook-shopfast-incident-prod']);
    }
    expect(lintDefinitions(staging).map(formatProblem)).toEqual([]);
  });
});

describe('which alert scales a service', () => {
  it('is one notifying monitor per symptom: the composite, not the 10 % error-rate monitor as well', () => {
    const brief = monitors.filter((definition) => !definition.faults);
    const scaling = brief.filter((definition) => definition.body.tags?.includes('alert:error_rate_spike') && definition.body.message?.includes('@webhook-'));
    expect(scaling.map((definition) => definition.key)).toEqual(['high-error-rate-with-context']);
    expect(monitor('error-rate-over-10pct')?.tags).toEqual(expect.arrayContaining(['alert:availability', 'tier:critical']));
    expect(monitor('error-rate-over-10pct')?.priority).toBe(1);
  });
});
