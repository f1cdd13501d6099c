import { randomUUID } from 'node:crypto';
import type { DatadogWebhookPayload, IncidentListQuery, IncidentPage, WebhookReceipt } from '@shopfast/contracts';
import { badRequest, type Logger, type Metrics } from '@shopfast/service-kit';
import { traced, tracer } from '@shopfast/tracing';
import type { ActionRecord, IncidentRecord } from '../model/incident';
import type { IncidentStore, IncidentTransaction, StoredTrigger } from '../store/incident-store';
import { describeAlert, planResponse, type Alert, type ResponsePlan } from './alert';

export interface IncidentsDeps {
  store: IncidentStore;
  metrics: Metrics;
  logger: Logger;
  /** Called after a delivery queued actions (the action worker runs them now instead of at its next poll). */
  onActionsQueued?: () => void;
  now?: () => Date;
}

interface Recorded {
  duplicate: boolean;
  incident: IncidentRecord | null;
  opened: boolean;
  plan: ResponsePlan;
  /** The incident a recovery opened for the next cycle of its key, whose trigger arrived before it. */
  reopened: IncidentRecord | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const toAction = (action: ActionRecord) => ({
  id: action.id,
  kind: action.kind,
  status: action.status,
  transition: action.transition,
  attempts: action.attempts,
  lastError: action.lastError,
  outcome: action.outcome ?? null,
  createdAt: action.createdAt.toISOString(),
  finishedAt: iso(action.finishedAt),
});

/**
 * Incidents from Datadog webhook deliveries: each delivery is recorded once, with the incident it opens or
 * resolves and the actions it owes (PagerDuty, Slack, a scale-up), all in one transaction; the action worker
 * carries the actions out afterwards, so the webhook is answered without waiting for any channel.
 */
export function createIncidents({ store, metrics, logger, onActionsQueued, now = () => new Date() }: IncidentsDeps) {
  /**
   * A recovery resolved `resolved`, but triggers of the key dated after it had arrived first (a key shared by
   * every cycle, an empty $ALERT_CYCLE_KEY: the next cycle began before the previous one's recovery got
   * here). They are the next cycle: its own incident, opened here with its page and post; their
   * scale-ups go with them.
   */
  async function openNextCycle(tx: IncidentTransaction, resolved: IncidentRecord, later: StoredTrigger[]): Promise<IncidentRecord> {
    const first = describeAlert(later[0]!.payload, later[0]!.occurredAt);
    const created = await tx.openIncident({ id: randomUUID(), alertCycleKey: resolved.alertCycleKey, alertId: first.alertId, title: first.title, tier: first.tier, service: first.service, alertKind: first.kind, link: first.link });
    if (!created) throw new Error(`alert cycle ${resolved.alertCycleKey} has an open incident already`);
    await tx.moveDeliveries(later.map((trigger) => trigger.id), resolved.id, created.id);
    await tx.queueActions(created.id, first.deliveryId, ['pagerduty_trigger', 'slack']);
    return created;
  }

  /**
   * The delivery's effect, decided and written under the cycle's lock (taken first): deliveries of one
   * cycle are handled one after the other, each seeing what the previous one committed.
   */
  async function record(tx: IncidentTransaction, alert: Alert, payload: DatadogWebhookPayload, trace: Record<string, string>): Promise<Recorded> {
    await tx.lockCycle(alert.alertCycleKey);
    const fresh = await tx.insertDelivery({ id: alert.deliveryId, alertCycleKey: alert.alertCycleKey, transition: alert.transition, occurredAt: alert.occurredAt, alertId: alert.alertId, payload, trace });
    if (!fresh) return { duplicate: true, incident: null, opened: false, plan: { incident: 'none', actions: [] }, reopened: null };
    let incident = await tx.incidentOfCycle(alert.alertCycleKey);
    const recoveredLater = alert.transition === 'Triggered' || alert.transition === 'Re-Triggered' ? await tx.recoveredAfter(alert.alertCycleKey, alert.occurredAt) : false;
    let plan = planResponse(alert, { incident, recoveredLater });
    let opened = false;
    let reopened: IncidentRecord | null = null;
    if (plan.incident === 'open') {
      const created = await tx.openIncident({ id: randomUUID(), alertCycleKey: alert.alertCycleKey, alertId: alert.alertId, title: alert.title, tier: alert.tier, service: alert.service, alertKind: alert.kind, link: alert.link });
      // The lock makes a second open incident of the cycle impossible; the unique index would refuse it.
      if (!created) throw new Error(`alert cycle ${alert.alertCycleKey} has an open incident already`);
      incident = created;
      opened = true;
    }
    const triggers = plan.incident === 'resolve' && incident ? await tx.triggersOf(incident.id) : [];
    const later = triggers.filter((trigger) => trigger.occurredAt > alert.occurredAt);
    // Every trigger of the open incident is dated after this recovery: it ends an earlier cycle of the key.
    if (later.length > 0 && later.length === triggers.length) plan = { incident: 'keep', actions: [] };
    if (plan.incident === 'resolve' && incident) {
      await tx.resolveIncident(incident.id, alert.occurredAt);
      if (later.length > 0) reopened = await openNextCycle(tx, incident, later);
      // More replicas are no longer wanted: a scale-up still waiting (for a retry, say) is not made.
      const cancelled = await tx.cancelWaitingScaleUps(incident.id, 'the alert recovered before the scale-up was made');
      if (cancelled > 0) logger.info({ incidentId: incident.id, cancelled }, 'waiting scale-ups cancelled by the recovery');
      incident = { ...incident, status: 'resolved', resolvedAt: alert.occurredAt };
    }
    if (incident) {
      await tx.linkDelivery(alert.deliveryId, incident.id);
      await tx.queueActions(incident.id, alert.deliveryId, plan.actions);
    }
    return { duplicate: false, incident, opened, plan: incident ? plan : { incident: 'none', actions: [] }, reopened };
  }

  return {
    /**
     * Records one authenticated, well-formed delivery. A duplicate (a Datadog retry, or the same transition
     * delivered twice) changes nothing and says so.
     */
    receive(payload: DatadogWebhookPayload): Promise<WebhookReceipt> {
      const alert = describeAlert(payload, now());
      const tags = { 'incident.transition': alert.transition, 'incident.tier': alert.tier, 'incident.alert_kind': alert.kind ?? 'none', 'incident.delivery_id': alert.deliveryId };
      return traced('incident.receive', { resource: alert.transition, tags }, async (span) => {
        // The actions' spans join this trace when the worker runs them, however much later.
        const trace: Record<string, string> = {};
        tracer.inject(span, 'text_map', trace);
        const recorded = await store.transaction((tx) => record(tx, alert, payload, trace));
        // What this delivery queued: its own actions, and the page and post of a next cycle it opened.
        const actions = [...recorded.plan.actions, ...(recorded.reopened ? (['pagerduty_trigger', 'slack'] as const) : [])];
        span.setTag('incident.duplicate', recorded.duplicate);
        if (recorded.incident) span.setTag('incident.id', recorded.incident.id);
        span.setTag('incident.actions', actions.join(',') || 'none');
        if (recorded.opened) metrics.increment('ecommerce.incidents.opened', 1, { tier: alert.tier });
        if (recorded.reopened) metrics.increment('ecommerce.incidents.opened', 1, { tier: recorded.reopened.tier });
        if (recorded.duplicate) logger.info({ deliveryId: alert.deliveryId, transition: alert.transition }, 'duplicate webhook delivery; nothing more to do');
        else logger.info({ deliveryId: alert.deliveryId, transition: alert.transition, incidentId: recorded.incident?.id, reopenedIncidentId: recorded.reopened?.id, actions, tier: alert.tier, alertKind: alert.kind }, 'webhook delivery recorded');
        if (actions.length > 0) onActionsQueued?.();
        return { deliveryId: alert.deliveryId, duplicate: recorded.duplicate, incidentId: recorded.incident?.id ?? null, actions };
      });
    },

    /** Incidents newest first, each with its actions; the cursor is the last incident's seq, as text. */
    async list({ limit, cursor }: IncidentListQuery): Promise<IncidentPage> {
      if (cursor !== undefined && !/^[1-9]\d{0,17}$/.test(cursor)) throw badRequest('invalid_cursor', 'cursor must be the nextCursor of a previous page');
      const incidents = await store.listIncidents({ limit: limit + 1, beforeSeq: cursor === undefined ? undefined : Number(cursor) });
      const page = incidents.slice(0, limit);
      return {
        items: page.map((incident) => ({
          id: incident.id,
          alertCycleKey: incident.alertCycleKey,
          alertId: incident.alertId,
          title: incident.title,
          tier: incident.tier,
          service: incident.service,
          alertKind: incident.alertKind,
          status: incident.status,
          link: incident.link,
          openedAt: incident.openedAt.toISOString(),
          resolvedAt: iso(incident.resolvedAt),
          actions: incident.actions.map(toAction),
        })),
        nextCursor: incidents.length > limit ? String(page.at(-1)!.seq) : null,
      };
    },
  };
}

export type Incidents = ReturnType<typeof createIncidents>;
