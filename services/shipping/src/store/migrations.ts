import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-shipments',
    sql: `
      CREATE TABLE shipments (
        id uuid PRIMARY KEY,
        -- One shipment per order: a redelivered order.placed cannot create a second one.
        order_id uuid NOT NULL UNIQUE,
        user_id text NOT NULL,
        -- Kept to address shipment.updated events (the notification service mails the customer).
        email text NOT NULL,
        method text NOT NULL CHECK (method IN ('standard', 'express')),
        carrier text NOT NULL,
        tracking_number text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('label_created', 'in_transit', 'delivered')),
        -- When the progression job moves it on; NULL once delivered.
        next_transition_at timestamptz,
        -- Trace headers of the order that created it: later status changes link back to that trace.
        origin_trace jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX shipments_due ON shipments (next_transition_at) WHERE next_transition_at IS NOT NULL;
      CREATE TABLE shipment_history (
        id bigserial PRIMARY KEY,
        shipment_id uuid NOT NULL REFERENCES shipments (id),
        status text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX shipment_history_by_shipment ON shipment_history (shipment_id, id);
    `,
  },
];
