import { alertTiers, type AlertTier, type AlertTransition, type DatadogWebhookPayload, type IncidentActionKind } from '@shopfast/contracts';

/** The alert kind whose trigger asks the scaler for more replicas of the alerting service. */
export const ERROR_RATE_SPIKE = 'error_rate_spike';
/** Tier of an alert whose monitor has no (known) `tier:` tag: paging too loudly beats not paging. */
export const DEFAULT_TIER: AlertTier = 'critical';

/** One delivery, read: the payload's strings, plus what the monitor's tags say about it. */
export interface Alert {
  deliveryId: string;
  alertCycleKey: string;
  alertId: string;
  transition: AlertTransition;
  title: string;
  message: string;
  priority: string;
  query: string;
  scope: string;
  link: string;
  /** $DATE: when the transition happened. */
  occurredAt: Date;
  tier: AlertTier;
  /**
   * The alerting service: `service:` in the alert's scope (the group of a multi-alert monitor grouped
   * `by {service}`, e.g. `env:docker,service:order`), else the monitor's own `service:` tag.
   */
  service: string | null;
  /** `alert:` tag: error_rate_spike, latency, business, saturation, availability, frontend. */
  kind: string | null;
}

/**
 * `$TAGS` as Datadog sends it ("env:prod, service:order,tier:critical,team:shopfast"): the first value of
 * each key, keys lower-cased. Tags without a value (`urgent`) are kept with an empty value.
 */
export function parseTags(tags: string): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const raw of tags.split(',')) {
    const tag = raw.trim();
    if (!tag) continue;
    const colon = tag.indexOf(':');
    const key = (colon < 0 ? tag : tag.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : tag.slice(colon + 1).trim();
    if (key && !parsed.has(key)) parsed.set(key, value);
  }
  return parsed;
}

const isTier = (value: string | undefined): value is AlertTier => (alertTiers as readonly string[]).includes(value ?? '');

/** `$DATE` (epoch ms); a value no Date can hold (the schema allows 16 digits) reads as `receivedAt`. */
function occurredAt(date: string, receivedAt: Date): Date {
  const at = new Date(Number(date));
  return Number.isNaN(at.getTime()) ? receivedAt : at;
}

export function describeAlert(payload: DatadogWebhookPayload, receivedAt = new Date()): Alert {
  const tags = parseTags(payload.tags);
  const scope = parseTags(payload.scope);
  const tier = tags.get('tier')?.toLowerCase();
  return {
    deliveryId: payload.id,
    alertCycleKey: payload.alertCycleKey || `alert-${payload.alertId}`,
    alertId: payload.alertId,
    transition: payload.transition,
    title: payload.title,
    message: payload.message,
    priority: payload.priority,
    query: payload.query,
    scope: payload.scope,
    link: payload.link,
    occurredAt: occurredAt(payload.date, receivedAt),
    tier: isTier(tier) ? tier : DEFAULT_TIER,
    service: scope.get('service') || tags.get('service') || null,
    kind: tags.get('alert')?.toLowerCase() || null,
  };
}

/** What is known about the alert's cycle when a delivery arrives. */
export interface CycleState {
  /** The cycle's latest incident, if one was opened. */
  incident: { status: 'open' | 'resolved'; resolvedAt: Date | null } | null;
  /** A Recovered of this cycle, dated after this delivery, arrived first (Datadog retries can reorder). */
  recoveredLater: boolean;
}

export interface ResponsePlan {
  /** open: a new incident for the cycle; resolve: the cycle's incident is over; keep/none: as it is. */
  incident: 'open' | 'resolve' | 'keep' | 'none';
  actions: IncidentActionKind[];
}

const TRIGGERS = new Set<AlertTransition>(['Triggered', 'Re-Triggered']);

/**
 * Whether a trigger belongs to an incident that is over: its recovery (dated after the trigger) arrived
 * first. A trigger dated after the recovery is a new cycle under the same key (an empty $ALERT_CYCLE_KEY
 * falls back to `alert-<alertId>`, shared by every cycle of the monitor): it opens a new incident.
 */
const isOver = (alert: Alert, incident: CycleState['incident']) =>
  incident?.status === 'resolved' && (incident.resolvedAt === null || alert.occurredAt <= incident.resolvedAt);

/**
 * What a delivery makes the service do. A trigger opens the cycle's incident (PagerDuty trigger, a Slack
 * post for its tier), once per cycle, and an error-rate spike also asks for a scale-up, on every trigger of
 * the cycle. A recovery resolves the open incident (PagerDuty resolve, a Slack post). Warn, No Data,
 * Renotify and Null are recorded, nothing more; so is a trigger whose recovery already arrived.
 */
export function planResponse(alert: Alert, state: CycleState): ResponsePlan {
  if (TRIGGERS.has(alert.transition)) {
    if (state.recoveredLater || isOver(alert, state.incident)) return { incident: 'none', actions: [] };
    const scale: IncidentActionKind[] = alert.kind === ERROR_RATE_SPIKE ? ['scale_up'] : [];
    if (!state.incident || state.incident.status === 'resolved') return { incident: 'open', actions: ['pagerduty_trigger', 'slack', ...scale] };
    return { incident: 'keep', actions: scale };
  }
  if (alert.transition === 'Recovered' && state.incident?.status === 'open') return { incident: 'resolve', actions: ['pagerduty_resolve', 'slack'] };
  return { incident: state.incident ? 'keep' : 'none', actions: [] };
}
