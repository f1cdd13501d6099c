// Each lint rule against a sample that breaks it. The samples start from a small set of good definitions
// (which lints clean) and change one thing, so a failing case points at exactly one rule.
import { describe, expect, it } from 'vitest';
import type { v1 } from '@datadog/datadog-api-client';
import { routedMonitor } from '../definitions/monitors/routing';
import { defaultSettings } from '../definitions/settings';
import type { DashboardDefinition, Definition, MonitorDefinition, SloDefinition, SyntheticsApiDefinition } from '../definitions/types';
import { syntheticsDefinitions } from '../definitions/synthetics';
import { webhookDefinition } from '../definitions/webhook';
import { parseCatalogue } from './catalogue';
import { lintDefinitions } from './index';

const catalogue = parseCatalogue(`
| Metric | Type | Unit | Tags |
|---|---|---|---|
| \`app.hits\` | count | request | \`resource_name\` |
| \`app.errors\` | count | request | \`resource_name\` |
| \`app.latency\` | distribution | second | \`resource_name\` |
| \`app.load\` | gauge | fraction | none |
| \`app.query_time\` | timing | ms | \`db_system\` |
`);
const settings = defaultSettings();

const monitor = (key: string, query: string, options: v1.MonitorOptions, type: v1.MonitorType = 'query alert'): MonitorDefinition =>
  routedMonitor({ key, name: key, type, query, tier: 'performance', alert: 'latency', body: 'Look at it.', options }, settings);

function goodSet(): Definition[] {
  const slo: SloDefinition = {
    kind: 'slo',
    key: 'availability',
    body: {
      name: 'Availability',
      type: 'metric',
      thresholds: [{ timeframe: '30d', target: 99.9, warning: 99.95 }],
      timeframe: '30d',
      targetThreshold: 99.9,
      query: { numerator: 'sum:app.hits{env:docker}.as_count() - sum:app.errors{env:docker}.as_count()', denominator: 'sum:app.hits{env:docker}.as_count()' },
    },
  };
  const dashboard: DashboardDefinition = {
    kind: 'dashboard',
    key: 'board',
    body: {
      title: 'Board',
      layoutType: 'ordered',
      templateVariables: [{ name: 'env', prefix: 'env', defaults: ['docker'] }],
      widgets: [
        {
          definition: {
            type: 'timeseries',
            requests: [
              {
                responseFormat: 'timeseries',
                queries: [
                  { dataSource: 'metrics', name: 'hits', query: 'sum:app.hits{$env}.as_count()' },
                  { dataSource: 'metrics', name: 'errors', query: 'sum:app.errors{$env}.as_count()' },
                ],
                formulas: [{ formula: '100 * errors / hits' }],
              },
            ],
          },
        },
      ],
    },
  };
  return [
    monitor('error-rate', 'sum(last_5m):sum:app.errors{env:docker}.as_count() / sum:app.hits{env:docker}.as_count() * 100 > 5', {
      thresholds: { critical: 5, warning: 2, criticalRecovery: 4 },
    }),
    monitor(
      'latency-anomaly',
      "avg(last_4h):anomalies(p95:app.latency{env:docker}, 'agile', 2, direction='above', alert_window='last_15m', interval=60, seasonality='daily') >= 1",
      { thresholds: { critical: 1, criticalRecovery: 0 }, thresholdWindows: { triggerWindow: 'last_15m', recoveryWindow: 'last_15m' } },
    ),
    monitor('load-forecast', "max(next_1w):forecast(max:app.load{env:docker}, 'linear', 1, interval='60m', history='1w', model='default') >= 0.9", {
      thresholds: { critical: 0.9, criticalRecovery: 0.8 },
    }),
    monitor('both', '${monitor:error-rate} && !${monitor:latency-anomaly}', {}, 'composite'),
    slo,
    monitor('burn', 'burn_rate("${slo:availability}").over("30d").long_window("1h").short_window("5m") > 14.4', { thresholds: { critical: 14.4 } }, 'slo alert'),
    dashboard,
    webhookDefinition(settings),
    // A real multistep test: its secure password and its tier's re-notification.
    syntheticsDefinitions(settings).find((definition) => definition.key === 'synthetics-login') as SyntheticsApiDefinition,
  ];
}

/** The good set with one definition changed. */
function lintWith(key: string, change: (definition: Definition) => void): ReturnType<typeof lintDefinitions> {
  const set = goodSet();
  const target = set.find((definition) => definition.key === key);
  if (!target) throw new Error(`no sample ${key}`);
  change(target);
  return lintDefinitions(set, { catalogue });
}

const body = (definition: Definition) => definition.body as unknown as Record<string, unknown> & v1.Monitor;
const query = (definition: Definition, text: string) => {
  body(definition).query = text;
};
const options = (definition: Definition) => body(definition).options as v1.MonitorOptions;
const firstQuery = (definition: Definition) =>
  ((((definition as DashboardDefinition).body.widgets[0]?.definition as v1.TimeseriesWidgetDefinition).requests[0]?.queries ?? [])[0] as v1.FormulaAndFunctionMetricQueryDefinition);

describe('lintDefinitions', () => {
  it('finds nothing wrong with the good samples', () => {
    expect(lintDefinitions(goodSet(), { catalogue })).toEqual([]);
  });

  it.each<[string, string, (definition: Definition) => void]>([
    ['model', 'error-rate', (d) => void (body(d).type = 'query alrt' as v1.MonitorType)],
    ['model', 'error-rate', (d) => void ((options(d) as Record<string, unknown>).thresholdz = { critical: 5 })],
    ['keys', 'error-rate', (d) => void (d.key = 'Error_Rate')],
    ['keys', 'latency-anomaly', (d) => void (d.key = 'error-rate')],
    ['references', 'both', (d) => query(d, '${monitor:error-rate} && !${monitor:gone}')],
    ['query-syntax', 'error-rate', (d) => query(d, 'sum(last_5m):sum:app.errors{env:docker}.as_count() >')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'sum(last_5m):sum:app.unknown{env:docker}.as_count() > 5')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'sum(last_5m):sum:app.errors{env:docker,region:eu}.as_count() > 5')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'sum(last_5m):sum:app.errors{env:docker} by {plan}.as_count() > 5')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'avg(last_5m):p95:app.load{env:docker} > 5')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'avg(last_5m):avg:app.load{env:docker}.as_count() > 5')],
    ['metric-catalogue', 'error-rate', (d) => query(d, 'avg(last_5m):avg:app.query_time{env:docker} > 5')],
    ['env-scope', 'error-rate', (d) => query(d, 'sum(last_5m):sum:app.errors{*}.as_count() > 5')],
    ['window', 'load-forecast', (d) => query(d, "max(last_1w):forecast(max:app.load{env:docker}, 'linear', 1) >= 0.9")],
    ['window', 'load-forecast', (d) => query(d, "max(next_1h):forecast(max:app.load{env:docker}, 'linear', 1) >= 0.9")],
    ['window', 'error-rate', (d) => query(d, 'sum(next_5m):sum:app.errors{env:docker}.as_count() > 5')],
    ['algorithm', 'latency-anomaly', (d) => query(d, body(d).query.replace("'agile'", "'basic'"))],
    ['algorithm', 'latency-anomaly', (d) => query(d, body(d).query.replace(", seasonality='daily'", ''))],
    ['algorithm', 'latency-anomaly', (d) => query(d, body(d).query.replace("'agile', 2", "'agile', 0"))],
    ['algorithm', 'latency-anomaly', (d) => query(d, body(d).query.replace("direction='above'", "direction='up'"))],
    ['algorithm', 'load-forecast', (d) => query(d, body(d).query.replace("'linear'", "'seasonal'"))],
    ['algorithm', 'error-rate', (d) => query(d, "sum(last_5m):anomalies(sum:app.errors{env:docker}.as_count(), 'basic', 2) * 2 > 5")],
    ['thresholds', 'error-rate', (d) => void (options(d).thresholds = { critical: 6 })],
    ['thresholds', 'error-rate', (d) => void (options(d).thresholds = { critical: 5, warning: 7 })],
    ['thresholds', 'error-rate', (d) => void (options(d).thresholds = { critical: 5, criticalRecovery: 5 })],
    ['thresholds', 'error-rate', (d) => void (options(d).thresholds = { critical: 5, warningRecovery: 1 })],
    ['thresholds', 'load-forecast', (d) => query(d, body(d).query.replace('>= 0.9', '<= 0.9').replace('max(next', 'min(next'))],
    ['threshold-windows', 'latency-anomaly', (d) => void (options(d).thresholdWindows = { triggerWindow: 'last_30m', recoveryWindow: 'last_15m' })],
    ['threshold-windows', 'error-rate', (d) => void (options(d).thresholdWindows = { triggerWindow: 'last_5m', recoveryWindow: 'last_5m' })],
    ['composite', 'both', (d) => query(d, '${monitor:error-rate}')],
    ['references', 'both', (d) => query(d, '12345 && ${monitor:error-rate}')],
    ['slo', 'availability', (d) => void ((d as SloDefinition).body.thresholds = [{ timeframe: '30d', target: 100 }])],
    ['slo', 'availability', (d) => void ((d as SloDefinition).body.thresholds = [{ timeframe: '30d', target: 99.9, warning: 99 }])],
    ['slo', 'burn', (d) => query(d, body(d).query.replace('over("30d")', 'over("7d")'))],
    ['window', 'burn', (d) => query(d, body(d).query.replace('short_window("5m")', 'short_window("2h")'))],
    ['conventions', 'error-rate', (d) => void (body(d).tags = (body(d).tags ?? []).filter((tag) => !tag.startsWith('tier:')))],
    ['conventions', 'error-rate', (d) => void (body(d).priority = 1)],
    ['conventions', 'error-rate', (d) => void (body(d).message = 'Paging @slack-somewhere only')],
    ['template-variables', 'board', (d) => void ((d as DashboardDefinition).body.templateVariables = [])],
    ['env-scope', 'board', (d) => void (firstQuery(d).query = 'sum:app.hits{*}.as_count()')],
    ['metric-catalogue', 'board', (d) => void (firstQuery(d).query = 'sum:app.nope{$env}.as_count()')],
    ['references', 'board', (d) => void (firstQuery(d).name = 'renamed')],
    ['webhook', 'shopfast-incident-docker', (d) => void ((d.body as v1.WebhooksIntegration).payload = '{"id": $ID}')],
    // Datadog: the alert window holds at least five intervals (last_15m: interval 180 s at most).
    ['algorithm', 'latency-anomaly', (d) => query(d, body(d).query.replace('interval=60', 'interval=300'))],
    // 99.9 % burns at most 1 / 0.001 = 1000 times too fast: a threshold above can never fire.
    ['thresholds', 'burn', (d) => {
      query(d, body(d).query.replace('> 14.4', '> 1500'));
      options(d).thresholds = { critical: 1500 };
    }],
    ['conventions', 'error-rate', (d) => void (body(d).message = `${body(d).message ?? ''} @webhook-shopfast-incident-prod`)],
    ['synthetics', 'synthetics-login', (d) => void ((d as SyntheticsApiDefinition).body.options.monitorOptions = { renotifyInterval: 15 })],
    ['synthetics', 'synthetics-login', (d) => {
      const variables = (d as SyntheticsApiDefinition).body.config.configVariables ?? [];
      (d as SyntheticsApiDefinition).body.config.configVariables = variables.map((variable) => (variable.secure ? { ...variable, example: 'hunter2hunter2' } : variable));
    }],
  ])('rule %s rejects a broken %s', (rule, key, change) => {
    const problems = lintWith(key, change);
    expect(problems.map((problem) => problem.rule)).toContain(rule);
  });

  it('names the definition and where in it the problem is', () => {
    const problems = lintWith('board', (d) => void (firstQuery(d).query = 'sum:app.nope{$env}.as_count()'));
    expect(problems).toContainEqual({
      definition: 'dashboard:board',
      rule: 'metric-catalogue',
      at: 'widgets[0].requests[0].queries[0]',
      message: "metric 'app.nope' is not in docs/telemetry.md",
    });
  });
});
