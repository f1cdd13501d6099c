import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-incidents',
    sql: `
      -- One incident per alert cycle ($ALERT_CYCLE_KEY: from a monitor's trigger to its recovery).
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        -- Insertion order: the admin list pages newest first by it (exact, unlike a timestamp).
        seq bigserial NOT NULL UNIQUE,
        alert_cycle_key text NOT NULL UNIQUE,
        alert_id text NOT NULL,
        title text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('critical', 'performance', 'business')),
        service text,
        alert_kind text,
        status text NOT NULL CHECK (status IN ('open', 'resolved')),
        link text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      );

      -- Every authenticated, well-formed delivery, once. Datadog retries a delivery (on 5xx or a timeout)
      -- with the same $ID: the primary key makes a retry a duplicate. The same transition of the same alert
      -- cycle at the same instant is the same event whatever its id (two webhook integrations, or a monitor
      -- message naming the webhook twice): the second unique key makes that a duplicate too.
      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        alert_cycle_key text NOT NULL,
        transition text NOT NULL,
        occurred_at timestamptz NOT NULL,
        alert_id text NOT NULL,
        payload jsonb NOT NULL,
        incident_id uuid REFERENCES incidents (id),
        -- Trace context of the request that delivered it: the actions it queued join that trace.
        trace jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alert_cycle_key, transition, occurred_at)
      );

      -- The outbox of what the service owes the outside world: queued in the same transaction as the
      -- delivery, carried out by the action worker, retried with backoff until done, across restarts.
      CREATE TABLE incident_actions (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        delivery_id text NOT NULL REFERENCES deliveries (id),
        kind text NOT NULL CHECK (kind IN ('pagerduty_trigger', 'pagerduty_resolve', 'slack', 'scale_up')),
        -- Actions of one incident on one channel run in queue order (a resolve never overtakes its trigger).
        channel text NOT NULL CHECK (channel IN ('pagerduty', 'slack', 'scaler')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        outcome jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (delivery_id, kind)
      );
      CREATE INDEX incident_actions_due ON incident_actions (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX incident_actions_by_incident ON incident_actions (incident_id, id);
    `,
  },
  {
    id: '002-cycles-reopen-and-action-leases',
    sql: `
      -- A key may have one incident per cycle: an empty $ALERT_CYCLE_KEY falls back to alert-<alertId>,
      -- shared by every cycle of the monitor, and a trigger after the recovery opens a new incident. At
      -- most one is open at a time; deliveries of one key are serialised by an advisory lock on it.
      ALTER TABLE incidents DROP CONSTRAINT incidents_alert_cycle_key_key;
      CREATE UNIQUE INDEX incidents_one_open_per_cycle ON incidents (alert_cycle_key) WHERE status = 'open';
      CREATE INDEX incidents_by_cycle ON incidents (alert_cycle_key, seq);

      -- Who is running an action, until when: a claim leases it, its attempt number says whose it is.
      -- (Until now the lease was next_attempt_at, which a recovery could not tell from a retry's wait.)
      ALTER TABLE incident_actions ADD COLUMN leased_until timestamptz;
    `,
  },
];
