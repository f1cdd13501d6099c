import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-notifications',
    sql: `
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        -- The event that caused it: a redelivered event finds its row and sends nothing.
        event_id uuid NOT NULL UNIQUE,
        order_id uuid NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        message_id text,
        -- One e-mail of each kind per order, even if a producer publishes the same fact under a new event id.
        CONSTRAINT notifications_one_per_kind UNIQUE (order_id, kind)
      );
    `,
  },
];
