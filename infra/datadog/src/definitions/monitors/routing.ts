// The brief's alert-routing tiers as data, and the one function every monitor uses to address its tier, so a
// monitor's message, priority and re-notification follow its tier and never drift apart between files.
//
//   critical     service down or error rate over 10 %     PagerDuty + Slack #critical + SMS   escalation: immediate
//   performance  response time over 1.5 x its p95 baseline Slack #performance + e-mail      escalation: 15 minutes
//   business     revenue down 20 % or conversion too low   Slack #business + executives      escalation: 30 minutes
//
// Every message also names the env's webhook (`@webhook-shopfast-incident-<env>`), outside any {{#is_...}} block,
// so the incident service hears both the trigger and the recovery of every alert. The handles themselves come
// from DefinitionSettings (SHOPFAST_DD_HANDLES_<TIER>), the policy below is fixed.
//
// The incident service scales a service up for `alert:error_rate_spike` only, so exactly one notifying monitor per
// symptom carries it: the composite "high error rate without a traffic surge" (monitors/brief.ts). The plain
// "error rate over 10 %" monitor pages as `alert:availability` (an incident, no scale-up): a spike over 10 % also
// trips the composite, and two error_rate_spike alerts would scale the same service twice.
import type { v1 } from '@datadog/datadog-api-client';
import { scopedName } from '../scope';
import { MANAGED_BY_TAG, MANAGED_KEY_PREFIX, type DefinitionSettings, type MonitorDefinition, type RoutingTier } from '../types';
import { webhookHandle } from '../webhook';

export interface TierPolicy {
  /** Monitor priority, 1 (highest) to 5. */
  priority: number;
  /** Minutes between re-notifications while the alert is unresolved (Datadog's renotify_interval). */
  renotifyInterval: number;
  /** What the brief calls the tier's escalation, in words. */
  escalation: string;
  /** Sent with every re-notification (Datadog's escalation_message), for the tier's renotifyInterval. */
  escalationMessage: string;
  /** The escalation message for another interval (synthetic tests take only some intervals: synthetics/common.ts). */
  escalationAfter: (minutes: number) => string;
  /** The conditions the brief routes to this tier (the monitors in monitors/brief.ts that implement them). */
  conditions: string[];
}

function escalationCritical(minutes: number): string {
  return `Still failing after ${minutes} minutes: the on-call engineer owns this incident until it recovers.`;
}
function escalationPerformance(minutes: number): string {
  return `Escalation: still degraded after ${minutes} minutes. Check recent deployments and the Operations dashboard.`;
}
function escalationBusiness(minutes: number): string {
  return `Escalation: business metrics still off after ${minutes} minutes. Check the Executive dashboard and open faults.`;
}

export const ROUTING_TIERS: Record<RoutingTier, TierPolicy> = {
  critical: {
    priority: 1,
    // Immediate: the first notification already pages (PagerDuty is among the handles); after that, remind
    // every 10 minutes, the shortest interval Datadog's monitor editor offers.
    renotifyInterval: 10,
    escalation: 'immediate: paged on the first notification, reminded every 10 minutes until resolved',
    escalationMessage: escalationCritical(10),
    escalationAfter: escalationCritical,
    conditions: ['error rate over 10 % on a service', 'error rate over 5 % without a traffic surge (composite)', 'checkout availability SLO burning fast'],
  },
  performance: {
    priority: 3,
    renotifyInterval: 15,
    escalation: '15 minutes: unresolved after 15 minutes, the alert is sent again as an escalation',
    escalationMessage: escalationPerformance(15),
    escalationAfter: escalationPerformance,
    conditions: ['p95 response time over 1.5 x last week', 'response time anomaly (agile, 2 deviations)', 'p95 regression (anomaly)', 'capacity forecasts'],
  },
  business: {
    priority: 4,
    renotifyInterval: 30,
    escalation: '30 minutes: unresolved after 30 minutes, the alert is sent again as an escalation',
    escalationMessage: escalationBusiness(30),
    escalationAfter: escalationBusiness,
    conditions: ['revenue per minute down 20 % on last week', 'conversion rate under its threshold', 'conversion and revenue anomalies'],
  },
};

export interface RoutedMonitor {
  message: string;
  priority: number;
  /** Merge into the monitor's options. */
  options: Pick<v1.MonitorOptions, 'renotifyInterval' | 'renotifyStatuses' | 'escalationMessage' | 'includeTags'>;
}

/** The handles a tier's message mentions: its own and the env's incident webhook. */
export function tierHandles(tier: RoutingTier, settings: DefinitionSettings): string[] {
  return [...settings.tiers[tier].handles, webhookHandle(settings.env)];
}

/**
 * Message, priority and re-notification options of a monitor routed to `tier`. `title` heads the alert text;
 * `body` says what is wrong and where to look (it may use Datadog's {{value}}, {{threshold}} and group variables).
 */
export function routeTo(tier: RoutingTier, settings: DefinitionSettings, text: { title: string; body: string }): RoutedMonitor {
  const policy = ROUTING_TIERS[tier];
  const message = [
    `{{#is_alert}}**${text.title}**{{/is_alert}}`,
    `{{#is_warning}}Warning: ${text.title}{{/is_warning}}`,
    `{{#is_recovery}}Recovered: ${text.title}{{/is_recovery}}`,
    '',
    text.body,
    '',
    `Tier: ${tier} (priority ${policy.priority}; escalation ${policy.escalation}).`,
    tierHandles(tier, settings).join(' '),
  ].join('\n');
  return {
    message,
    priority: policy.priority,
    options: {
      renotifyInterval: policy.renotifyInterval,
      renotifyStatuses: ['alert', 'no data'],
      escalationMessage: policy.escalationMessage,
      includeTags: true,
    },
  };
}

/** The `alert:<kind>` tag values the incident service acts on (error_rate_spike: scale the service up). */
export type AlertKind = 'error_rate_spike' | 'latency' | 'business' | 'saturation' | 'availability' | 'frontend';

/** The tags every managed monitor carries (docs: common conventions of issue 14). */
export function monitorTags(
  key: string,
  settings: DefinitionSettings,
  routing: { tier: RoutingTier; alert: AlertKind; service?: string },
): string[] {
  return [
    MANAGED_BY_TAG,
    `${MANAGED_KEY_PREFIX}${key}`,
    'team:shopfast',
    `tier:${routing.tier}`,
    `env:${settings.env}`,
    ...(routing.service ? [`service:${routing.service}`] : []),
    `alert:${routing.alert}`,
  ];
}

export interface MonitorSpec {
  key: string;
  name: string;
  type: v1.MonitorType;
  query: string;
  tier: RoutingTier;
  alert: AlertKind;
  /** Set when the monitor watches one service. */
  service?: string;
  /** What is wrong and where to look. `name` is the monitor's name without the env (`[ShopFast <env>]` is added). */
  body: string;
  /** Thresholds, windows and the like; the routing options are merged in. */
  options?: v1.MonitorOptions;
  /** Feeds a composite and notifies nobody itself (the composite does, once). */
  component?: boolean;
  faults?: string[];
}

export function routedMonitor(spec: MonitorSpec, settings: DefinitionSettings): MonitorDefinition {
  const routed = routeTo(spec.tier, settings, { title: spec.name, body: spec.body });
  const message = spec.component
    ? `${spec.body}\n\nA component of a composite monitor: it notifies nobody itself, the composite does.`
    : routed.message;
  const options: v1.MonitorOptions = spec.component ? { includeTags: true, ...spec.options } : { ...routed.options, ...spec.options };
  return {
    kind: 'monitor',
    key: spec.key,
    ...(spec.faults ? { faults: spec.faults } : {}),
    body: {
      name: scopedName(settings.env, spec.name),
      type: spec.type,
      query: spec.query,
      message,
      priority: routed.priority,
      tags: monitorTags(spec.key, settings, spec),
      options,
    },
  };
}
