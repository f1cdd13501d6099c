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
  {
    id: '002-checkout-saga',
    sql: `
      -- The checkout's answer as a domain result (the route maps it to HTTP); replayed for a repeated key.
      ALTER TABLE orders ADD COLUMN result jsonb;
      -- What the Idempotency-Key was used with: the same key with another body is refused (422).
      ALTER TABLE orders ADD COLUMN request_fingerprint text;

      -- The saga's journal: each step with side effects, recorded before and after it runs, so a checkout
      -- that died midway is undone exactly (the abandoned-checkout sweeper reads it).
      CREATE TABLE checkout_steps (
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        step text NOT NULL,
        state text NOT NULL, -- started | done | failed
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, step)
      );

      -- Compensation outbox: undo work (refund, stock cancel) is stored with the order's failure, in the
      -- same transaction, and retried with backoff until it succeeds, across restarts.
      CREATE TABLE compensations (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        kind text NOT NULL, -- refund_charges | cancel_reservation
        status text NOT NULL DEFAULT 'pending', -- pending | done
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        outcome jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        UNIQUE (order_id, kind)
      );
      CREATE INDEX compensations_due ON compensations (next_attempt_at) WHERE status = 'pending';
      -- The abandoned-checkout sweep looks for old pending orders every few seconds: only those are indexed.
      CREATE INDEX orders_pending ON orders (updated_at) WHERE status = 'pending';
    `,
  },
  {
    id: '003-business-gauges',
    sql: `
      -- When an order was confirmed (updated_at moves again on later changes): ecommerce.revenue.per_minute
      -- sums the orders confirmed in the last minute, every few seconds, through this partial index.
      ALTER TABLE orders ADD COLUMN confirmed_at timestamptz;
      UPDATE orders SET confirmed_at = history.at
      FROM (SELECT order_id, min(at) AS at FROM order_status_history WHERE status = 'confirmed' GROUP BY order_id) AS history
      WHERE orders.id = history.order_id AND orders.status = 'confirmed';
      CREATE INDEX orders_confirmed_at ON orders (confirmed_at) WHERE confirmed_at IS NOT NULL;

      -- One row per checkout attempt, written when it ends: confirmed, or failed with the code
      -- ecommerce.orders.failed counts. Failures before any order exists (unknown customer, empty cart, a
      -- peer down while pricing) have no order row, so orders alone cannot say how many attempts failed.
      -- ecommerce.orders.conversion_rate is the confirmed share of the last 15 minutes' rows.
      CREATE TABLE checkout_attempts (
        id bigserial PRIMARY KEY,
        -- null when the attempt failed before an order was recorded
        order_id uuid REFERENCES orders(id) ON DELETE CASCADE,
        outcome text NOT NULL, -- confirmed | the failure code
        ended_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX checkout_attempts_ended_at ON checkout_attempts (ended_at);
    `,
  },
];
