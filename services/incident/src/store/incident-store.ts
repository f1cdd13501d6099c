import type { PoolClient } from 'pg';
import type { AlertTier, AlertTransition, DatadogWebhookPayload, IncidentActionKind, IncidentActionStatus } from '@shopfast/contracts';
import { withTransaction, type PgPool } from '@shopfast/stores';
import { CHANNEL_OF, type ActionRecord, type ActionTask, type IncidentRecord } from '../model/incident';

/** A delivery as the receiver stores it. */
export interface NewDelivery {
  id: string;
  alertCycleKey: string;
  transition: AlertTransition;
  occurredAt: Date;
  alertId: string;
  payload: unknown;
  trace: Record<string, string>;
}

/** A trigger (Triggered, Re-Triggered) recorded for an incident, with its payload as validated on receipt. */
export interface StoredTrigger {
  id: string;
  occurredAt: Date;
  payload: DatadogWebhookPayload;
}

export type NewIncident = Pick<IncidentRecord, 'id' | 'alertCycleKey' | 'alertId' | 'title' | 'tier' | 'service' | 'alertKind' | 'link'>;

interface IncidentRow {
  id: string;
  seq: string;
  alert_cycle_key: string;
  alert_id: string;
  title: string;
  tier: AlertTier;
  service: string | null;
  alert_kind: string | null;
  status: 'open' | 'resolved';
  link: string;
  opened_at: Date;
  resolved_at: Date | null;
}

interface ActionRow {
  id: string;
  incident_id: string;
  delivery_id: string;
  kind: IncidentActionKind;
  status: IncidentActionStatus;
  transition: AlertTransition;
  attempts: number;
  last_error: string | null;
  outcome: unknown;
  created_at: Date;
  finished_at: Date | null;
}

const toIncident = (row: IncidentRow): IncidentRecord => ({
  id: row.id,
  seq: Number(row.seq),
  alertCycleKey: row.alert_cycle_key,
  alertId: row.alert_id,
  title: row.title,
  tier: row.tier,
  service: row.service,
  alertKind: row.alert_kind,
  status: row.status,
  link: row.link,
  openedAt: row.opened_at,
  resolvedAt: row.resolved_at,
});

const toAction = (row: ActionRow): ActionRecord => ({
  id: Number(row.id),
  incidentId: row.incident_id,
  deliveryId: row.delivery_id,
  kind: row.kind,
  status: row.status,
  transition: row.transition,
  attempts: row.attempts,
  lastError: row.last_error,
  outcome: row.outcome,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/** The payload fields an action's notice is built from (the delivery's JSON, as validated on receipt). */
interface StoredPayload {
  title: string;
  message: string;
  priority: string;
  query: string;
  scope: string;
  link: string;
}

/** Writes of one delivery, which commit together: the delivery, its incident and the actions it queues. */
function transactionalStore(client: PoolClient) {
  return {
    /**
     * Serialises the deliveries of one alert cycle until the transaction ends: the first statement of every
     * delivery's transaction. A row lock cannot do it (a trigger and its recovery arriving together find no
     * incident row to lock yet, and neither sees the other's uncommitted delivery); this lock is taken
     * before anything is read, so the second delivery reads what the first committed.
     */
    async lockCycle(alertCycleKey: string): Promise<void> {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [alertCycleKey]);
    },

    /** False when this delivery (same id, or same cycle, transition and instant) was stored before. */
    async insertDelivery(delivery: NewDelivery): Promise<boolean> {
      const { rowCount } = await client.query(
        `INSERT INTO deliveries (id, alert_cycle_key, transition, occurred_at, alert_id, payload, trace)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [delivery.id, delivery.alertCycleKey, delivery.transition, delivery.occurredAt, delivery.alertId, JSON.stringify(delivery.payload), JSON.stringify(delivery.trace)],
      );
      return rowCount === 1;
    },

    /** The cycle's latest incident (a key shared by several cycles has one per cycle; lockCycle first). */
    async incidentOfCycle(alertCycleKey: string): Promise<IncidentRecord | null> {
      const { rows } = await client.query<IncidentRow>('SELECT * FROM incidents WHERE alert_cycle_key = $1 ORDER BY seq DESC LIMIT 1', [alertCycleKey]);
      return rows[0] ? toIncident(rows[0]) : null;
    },

    /** Whether a Recovered of the cycle dated after `at` was stored already. */
    async recoveredAfter(alertCycleKey: string, at: Date): Promise<boolean> {
      const { rows } = await client.query(
        "SELECT 1 FROM deliveries WHERE alert_cycle_key = $1 AND transition = 'Recovered' AND occurred_at > $2 LIMIT 1",
        [alertCycleKey, at],
      );
      return rows.length > 0;
    },

    /** Null when the cycle has an open incident already (under lockCycle it cannot: a guard, not a path). */
    async openIncident(incident: NewIncident): Promise<IncidentRecord | null> {
      const { rows } = await client.query<IncidentRow>(
        `INSERT INTO incidents (id, alert_cycle_key, alert_id, title, tier, service, alert_kind, status, link)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT (alert_cycle_key) WHERE status = 'open' DO NOTHING RETURNING *`,
        [incident.id, incident.alertCycleKey, incident.alertId, incident.title, incident.tier, incident.service, incident.alertKind, incident.link],
      );
      return rows[0] ? toIncident(rows[0]) : null;
    },

    async resolveIncident(id: string, at: Date): Promise<void> {
      await client.query("UPDATE incidents SET status = 'resolved', resolved_at = $2 WHERE id = $1 AND status = 'open'", [id, at]);
    },

    /**
     * Scale-ups of the incident still waiting (for their first attempt or a retry), not running now: the
     * alert recovered, more replicas are no longer wanted. Marked skipped with `reason`; returns how many.
     */
    async cancelWaitingScaleUps(incidentId: string, reason: string): Promise<number> {
      const { rowCount } = await client.query(
        `UPDATE incident_actions SET status = 'skipped', outcome = $2, finished_at = now(), leased_until = NULL
         WHERE incident_id = $1 AND kind = 'scale_up' AND status = 'pending' AND (leased_until IS NULL OR leased_until <= now())`,
        [incidentId, JSON.stringify({ reason })],
      );
      return rowCount ?? 0;
    },

    /** The triggers linked to the incident, oldest `$DATE` first. */
    async triggersOf(incidentId: string): Promise<StoredTrigger[]> {
      const { rows } = await client.query<{ id: string; occurred_at: Date; payload: DatadogWebhookPayload }>(
        "SELECT id, occurred_at, payload FROM deliveries WHERE incident_id = $1 AND transition IN ('Triggered', 'Re-Triggered') ORDER BY occurred_at, id",
        [incidentId],
      );
      return rows.map((row) => ({ id: row.id, occurredAt: row.occurred_at, payload: row.payload }));
    },

    /** Moves deliveries, and every action they queued, from one incident to another. */
    async moveDeliveries(deliveryIds: string[], from: string, to: string): Promise<void> {
      await client.query('UPDATE deliveries SET incident_id = $3 WHERE id = ANY($1::text[]) AND incident_id = $2', [deliveryIds, from, to]);
      await client.query('UPDATE incident_actions SET incident_id = $3 WHERE delivery_id = ANY($1::text[]) AND incident_id = $2', [deliveryIds, from, to]);
    },

    async linkDelivery(deliveryId: string, incidentId: string): Promise<void> {
      await client.query('UPDATE deliveries SET incident_id = $2 WHERE id = $1', [deliveryId, incidentId]);
    },

    /** Queues actions, due at once, in the order given. */
    async queueActions(incidentId: string, deliveryId: string, kinds: IncidentActionKind[]): Promise<void> {
      for (const kind of kinds) {
        await client.query('INSERT INTO incident_actions (incident_id, delivery_id, kind, channel) VALUES ($1, $2, $3, $4)', [incidentId, deliveryId, kind, CHANNEL_OF[kind]]);
      }
    },
  };
}

export type IncidentTransaction = ReturnType<typeof transactionalStore>;

interface TaskRow extends IncidentRow {
  action_id: string;
  kind: IncidentActionKind;
  attempts: number;
  transition: AlertTransition;
  occurred_at: Date;
  payload: StoredPayload;
  trace: Record<string, string>;
}

const toTask = (row: TaskRow): ActionTask => {
  const incident = toIncident(row);
  return {
    id: Number(row.action_id),
    kind: row.kind,
    attempts: row.attempts,
    trace: row.trace,
    incident,
    notice: {
      // One page per incident, not per cycle key: a key shared by several cycles (empty $ALERT_CYCLE_KEY)
      // must not let one cycle's late resolve close the next cycle's page.
      dedupKey: `${incident.alertCycleKey}:${incident.seq}`,
      incidentId: incident.id,
      title: row.payload.title,
      message: row.payload.message,
      tier: incident.tier,
      service: incident.service,
      alertKind: incident.alertKind,
      alertId: incident.alertId,
      priority: row.payload.priority,
      query: row.payload.query,
      scope: row.payload.scope,
      link: row.payload.link,
      transition: row.transition,
      occurredAt: row.occurred_at,
    },
  };
};

/** One claim of an action: its id and the attempt number the claim gave it. */
export type ActionClaim = Pick<ActionTask, 'id' | 'attempts'>;

/** Deliveries, incidents and their actions in PostgreSQL. Every query is parameterised. */
export function createIncidentStore(pool: PgPool) {
  /** Ends a claim (`set` uses $3...), releasing its lease; only while the action is still that claim's. */
  async function finish(claim: ActionClaim, set: string, values: unknown[]): Promise<boolean> {
    const { rowCount } = await pool.query(`UPDATE incident_actions SET ${set}, leased_until = NULL WHERE id = $1 AND attempts = $2 AND status = 'pending'`, [
      claim.id,
      claim.attempts,
      ...values,
    ]);
    return rowCount === 1;
  }

  return {
    transaction<T>(work: (tx: IncidentTransaction) => Promise<T>): Promise<T> {
      return withTransaction(pool, (client) => work(transactionalStore(client)));
    },

    /**
     * Claims up to `limit` due actions for `leaseMs` and counts the attempt: another instance (or a later
     * pass, if this one dies) takes a claimed action again only once its lease is over, and then with the
     * next attempt number, which is how the first claimer knows it lost it (renewLease, the guarded
     * writes below). An action waits while an earlier action of its incident on the same channel is still
     * pending, so one claim never holds two actions of one incident on one channel.
     */
    async claimDueActions({ limit, leaseMs }: { limit: number; leaseMs: number }): Promise<ActionTask[]> {
      const { rows } = await pool.query<TaskRow>(
        `WITH claimed AS (
           UPDATE incident_actions SET attempts = attempts + 1, leased_until = now() + make_interval(secs => $2)
           WHERE id IN (
             SELECT due.id FROM incident_actions due
             WHERE due.status = 'pending' AND due.next_attempt_at <= now()
               AND (due.leased_until IS NULL OR due.leased_until <= now())
               AND NOT EXISTS (
                 SELECT 1 FROM incident_actions earlier
                 WHERE earlier.incident_id = due.incident_id AND earlier.channel = due.channel
                   AND earlier.status = 'pending' AND earlier.id < due.id
               )
             ORDER BY due.next_attempt_at, due.id LIMIT $1 FOR UPDATE SKIP LOCKED
           ) RETURNING id, incident_id, delivery_id, kind, attempts
         )
         SELECT claimed.id AS action_id, claimed.kind, claimed.attempts, i.*,
                d.transition, d.occurred_at, d.payload, d.trace
         FROM claimed JOIN incidents i ON i.id = claimed.incident_id JOIN deliveries d ON d.id = claimed.delivery_id
         ORDER BY claimed.id`,
        [limit, leaseMs / 1_000],
      );
      return rows.map(toTask);
    },

    /**
     * Extends the lease of a claimed action right before its channel is called, if it is still this
     * claim's (same attempt, still pending): false when its lease ran out and another claim took it, or it
     * was cancelled; then the caller must not call the channel.
     */
    async renewLease(claim: ActionClaim, leaseMs: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        "UPDATE incident_actions SET leased_until = now() + make_interval(secs => $3) WHERE id = $1 AND attempts = $2 AND status = 'pending'",
        [claim.id, claim.attempts, leaseMs / 1_000],
      );
      return rowCount === 1;
    },

    // The outcome of one attempt is recorded only by the claim that made it (false: not recorded).
    async actionDone(claim: ActionClaim, outcome: unknown): Promise<boolean> {
      return finish(claim, "status = 'done', outcome = $3, last_error = NULL, finished_at = now()", [JSON.stringify(outcome)]);
    },

    async actionSkipped(claim: ActionClaim, reason: string): Promise<boolean> {
      return finish(claim, "status = 'skipped', outcome = $3, finished_at = now()", [JSON.stringify({ reason })]);
    },

    async actionFailed(claim: ActionClaim, error: string): Promise<boolean> {
      return finish(claim, "status = 'failed', last_error = $3, finished_at = now()", [error.slice(0, 500)]);
    },

    async actionRetry(claim: ActionClaim, error: string, delayMs: number): Promise<boolean> {
      return finish(claim, 'last_error = $3, next_attempt_at = now() + make_interval(secs => $4)', [error.slice(0, 500), delayMs / 1_000]);
    },

    async pendingActionCount(): Promise<number> {
      const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM incident_actions WHERE status = 'pending'");
      return rows[0]?.n ?? 0;
    },

    /** Incidents newest first (`beforeSeq`: older than that one), each with its actions, oldest first. */
    async listIncidents({ limit, beforeSeq }: { limit: number; beforeSeq?: number }): Promise<Array<IncidentRecord & { actions: ActionRecord[] }>> {
      const { rows } = await pool.query<IncidentRow>('SELECT * FROM incidents WHERE ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $1', [limit, beforeSeq ?? null]);
      const incidents = rows.map(toIncident);
      if (incidents.length === 0) return [];
      const actions = await pool.query<ActionRow>(
        `SELECT a.*, d.transition FROM incident_actions a JOIN deliveries d ON d.id = a.delivery_id
         WHERE a.incident_id = ANY($1::uuid[]) ORDER BY a.id`,
        [incidents.map((incident) => incident.id)],
      );
      const byIncident = new Map<string, ActionRecord[]>();
      for (const action of actions.rows.map(toAction)) byIncident.set(action.incidentId, [...(byIncident.get(action.incidentId) ?? []), action]);
      return incidents.map((incident) => ({ ...incident, actions: byIncident.get(incident.id) ?? [] }));
    },
  };
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;
