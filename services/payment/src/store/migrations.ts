import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-charges-and-ledger',
    sql: `
      -- One row per charge attempt the processor decided (approved or declined). Only the brand and the
      -- last four digits of the card are kept; the number and CVC never reach the database.
      CREATE TABLE charges (
        id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        -- Hash of what was asked (order, amount, currency, card last4): a reused key with other content is refused.
        request_fingerprint text NOT NULL,
        order_id text NOT NULL,
        amount numeric(12, 2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('approved', 'declined')),
        decline_reason text CHECK (decline_reason IN ('card_declined', 'insufficient_funds', 'fraud_suspected')),
        brand text NOT NULL,
        last4 char(4) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
      );
      CREATE INDEX charges_order_id ON charges (order_id);

      -- Money that moved: one row per approved charge and one per refund, never more (unique per kind).
      CREATE TABLE ledger (
        id uuid PRIMARY KEY,
        charge_id uuid NOT NULL REFERENCES charges (id),
        kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
        amount numeric(12, 2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (charge_id, kind)
      );
    `,
  },
  {
    id: '002-closed-payment-keys',
    sql: `
      -- Idempotency keys the caller gave up on before any charge was made with them (the order service's
      -- compensation): a charge that arrives later with one of them is refused without calling the bank.
      CREATE TABLE closed_keys (
        idempotency_key text PRIMARY KEY,
        order_id text NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
