// Service level objectives on what a customer sees: the gateway's answers (the `express.request` entry spans of
// service `gateway`, whose trace metrics count every request, sampled or not). Availability is good requests
// (not 5xx) over all requests; checkout latency is the share of 5-minute slices whose p95 stays under 1.5 s
// (the simulated bank takes ~120 ms, so a healthy checkout is far below; the paymentLatency fault is not).
// Each SLO comes with the multi-window burn-rate pair of the SRE workbook: 14.4 over 1 h / 5 min spends 2 % of a
// 30-day budget in an hour (page); 6 over 6 h / 30 min spends 5 % in six hours (ticket).
import { routedMonitor, type AlertKind } from './monitors/routing';
import { scopedName } from './scope';
import {
  MANAGED_BY_TAG,
  MANAGED_KEY_PREFIX,
  type DefinitionSettings,
  type MonitorDefinition,
  type RoutingTier,
  type SloDefinition,
} from './types';

interface SloSpec {
  key: string;
  name: string;
  description: string;
  /** Gateway resource, as trace metrics tag it (`resource_name:post_/api/checkout`). */
  resource: string;
  target: number;
  warning: number;
  /** Alert kind and tier of the fast burn (the slow burn is always the performance tier). */
  alert: AlertKind;
  fastTier: RoutingTier;
}

const SPECS: SloSpec[] = [
  {
    key: 'checkout-availability',
    name: 'Checkout availability',
    description: 'Checkouts through the gateway answered without a server error (5xx).',
    resource: 'post_/api/checkout',
    target: 99.9,
    warning: 99.95,
    alert: 'availability',
    fastTier: 'critical',
  },
  {
    key: 'checkout-latency',
    name: 'Checkout latency',
    description: '5-minute slices in which the p95 of checkouts through the gateway stayed at or under 1.5 s.',
    resource: 'post_/api/checkout',
    target: 99,
    warning: 99.5,
    alert: 'latency',
    fastTier: 'performance',
  },
  {
    key: 'search-availability',
    name: 'Search availability',
    description: 'Searches through the gateway answered without a server error (5xx).',
    resource: 'get_/api/search',
    target: 99.5,
    warning: 99.75,
    alert: 'availability',
    fastTier: 'critical',
  },
];

function sloTags(key: string, settings: DefinitionSettings): string[] {
  return [MANAGED_BY_TAG, `${MANAGED_KEY_PREFIX}${key}`, 'team:shopfast', `env:${settings.env}`, 'service:gateway'];
}

function thresholds(spec: SloSpec) {
  return (['7d', '30d'] as const).map((timeframe) => ({ timeframe, target: spec.target, warning: spec.warning }));
}

function sloBody(spec: SloSpec, settings: DefinitionSettings): SloDefinition['body'] {
  const scope = `{env:${settings.env},service:gateway,resource_name:${spec.resource}}`;
  const common = {
    name: scopedName(settings.env, spec.name),
    description: spec.description,
    tags: sloTags(spec.key, settings),
    thresholds: thresholds(spec),
    timeframe: '30d' as const,
    targetThreshold: spec.target,
    warningThreshold: spec.warning,
  };
  if (spec.alert === 'latency') {
    return {
      ...common,
      type: 'time_slice',
      sliSpecification: {
        timeSlice: {
          comparator: '<=',
          threshold: 1.5,
          queryIntervalSeconds: 300,
          query: {
            formulas: [{ formula: 'query1' }],
            queries: [{ dataSource: 'metrics', name: 'query1', query: `p95:trace.express.request${scope}` }],
          },
        },
      },
    };
  }
  const hits = `sum:trace.express.request.hits${scope}.as_count()`;
  const errors = `sum:trace.express.request.errors${scope}.as_count()`;
  return { ...common, type: 'metric', query: { numerator: `${hits} - ${errors}`, denominator: hits } };
}

function burnRateMonitors(spec: SloSpec, settings: DefinitionSettings): MonitorDefinition[] {
  const windows = [
    { suffix: 'fast', long: '1h', short: '5m', rate: 14.4, tier: spec.fastTier, spend: '2 % of the 30-day error budget in an hour' },
    { suffix: 'slow', long: '6h', short: '30m', rate: 6, tier: 'performance' as const, spend: '5 % of the 30-day error budget in six hours' },
  ];
  return windows.map((window) =>
    routedMonitor(
      {
        key: `${spec.key}-burn-${window.suffix}`,
        name: `${spec.name} SLO burning ${window.suffix} (${window.rate}x)`,
        type: 'slo alert',
        query:
          `burn_rate("\${slo:${spec.key}}").over("30d").long_window("${window.long}").short_window("${window.short}") ` +
          `> ${window.rate}`,
        tier: window.tier,
        alert: spec.alert,
        service: 'gateway',
        body: `The ${spec.name} SLO burns its budget ${window.rate} times too fast over ${window.long} and ${window.short}: ${window.spend}.`,
        options: { thresholds: { critical: window.rate } },
      },
      settings,
    ),
  );
}

export function sloDefinitions(settings: DefinitionSettings): SloDefinition[] {
  return SPECS.map((spec) => ({ kind: 'slo', key: spec.key, body: sloBody(spec, settings) }));
}

/** Two burn-rate monitors per SLO (fast and slow). */
export function sloBurnRateMonitors(settings: DefinitionSettings): MonitorDefinition[] {
  return SPECS.flatMap((spec) => burnRateMonitors(spec, settings));
}
