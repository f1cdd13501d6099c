import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-orders',
    sql: `
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        -- pending -> confirmed | payment_failed | out_of_stock | failed
        status text NOT NULL,
        currency text NOT NULL,
        subtotal numeric(12,2) NOT NULL,
        shipping_cost numeric(12,2) NOT NULL,
        total numeric(12,2) NOT NULL,
        shipping_method text NOT NULL,
        shipping_address jsonb NOT NULL,
        idempotency_key text,
        charge_id uuid,
        card_brand text,
        card_last4 text,
        failure_code text,
        -- The first answer given for this checkout, replayed for a repeated Idempotency-Key.
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX orders_idempotency_key ON orders (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX orders_by_user ON orders (user_id, created_at DESC);

      CREATE TABLE order_items (
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        product_id text NOT NULL,
        sku text NOT NULL,
        name text NOT NULL,
        unit_price numeric(12,2) NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        line_total numeric(12,2) NOT NULL,
        PRIMARY KEY (order_id, product_id)
      );

      -- Status history: every transition with why, for support and for the order page.
      CREATE TABLE order_status_history (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        status text NOT NULL,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      );

      -- Transactional outbox: order.placed is written with the confirmation, in the same transaction,
      -- so a Redis outage delays the event but never loses it.
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        stream text NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        trace jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
    `,
  },
];
