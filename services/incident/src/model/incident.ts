import type { AlertTier, AlertTransition, IncidentActionKind, IncidentActionStatus } from '@shopfast/contracts';

/**
 * The records the domain, the store and the channel clients share. An incident is one alert cycle
 * (Datadog's $ALERT_CYCLE_KEY: from the trigger to the recovery); each webhook delivery may queue actions
 * for it, which the action worker carries out, retries and records.
 */

/** Where an action goes. Actions of one incident on one channel run in the order they were queued. */
export type Channel = 'pagerduty' | 'slack' | 'scaler';

export const CHANNEL_OF: Record<IncidentActionKind, Channel> = {
  pagerduty_trigger: 'pagerduty',
  pagerduty_resolve: 'pagerduty',
  slack: 'slack',
  scale_up: 'scaler',
};

export interface IncidentRecord {
  id: string;
  /** Newest incidents have the highest; the admin list pages by it. */
  seq: number;
  alertCycleKey: string;
  alertId: string;
  title: string;
  tier: AlertTier;
  service: string | null;
  alertKind: string | null;
  status: 'open' | 'resolved';
  link: string;
  openedAt: Date;
  resolvedAt: Date | null;
}

export interface ActionRecord {
  id: number;
  incidentId: string;
  deliveryId: string;
  kind: IncidentActionKind;
  status: IncidentActionStatus;
  transition: AlertTransition;
  attempts: number;
  lastError: string | null;
  outcome: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What a channel is told about an incident: one alert transition, channel-neutral. */
export interface IncidentNotice {
  /** PagerDuty's dedup_key, `<alert cycle key>:<incident seq>`: a trigger and its resolve name the same PagerDuty incident, and only theirs. */
  dedupKey: string;
  incidentId: string;
  title: string;
  /** The monitor message, as text. */
  message: string;
  tier: AlertTier;
  service: string | null;
  alertKind: string | null;
  alertId: string;
  priority: string;
  query: string;
  scope: string;
  link: string;
  transition: AlertTransition;
  occurredAt: Date;
}

/** A due action as the worker claims it: the action, its incident and the delivery that queued it. */
export interface ActionTask {
  id: number;
  kind: IncidentActionKind;
  /** Attempts so far, this one included. */
  attempts: number;
  /** The trace context of the webhook request that queued it: the action's span joins that trace. */
  trace: Record<string, string>;
  incident: IncidentRecord;
  notice: IncidentNotice;
}

/** How a channel call ended, when it did not throw. */
export type ChannelOutcome = { status: 'done'; detail: Record<string, unknown> } | { status: 'skipped'; reason: string };

/** A channel call that failed: `retryable` (network, timeout, 429, 5xx) or refused for good (a 4xx). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
