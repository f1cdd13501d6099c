import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction, type PgPool } from '@shopfast/stores';

export interface ChargeRecord {
  id: string;
  idempotencyKey: string;
  requestFingerprint: string;
  orderId: string;
  amount: number;
  currency: string;
  status: 'approved' | 'declined';
  declineReason: string | null;
  brand: string;
  last4: string;
  createdAt: Date;
  refunded: boolean;
}

export type NewCharge = Omit<ChargeRecord, 'createdAt' | 'refunded'>;

interface ChargeRow {
  id: string;
  idempotency_key: string;
  request_fingerprint: string;
  order_id: string;
  amount: string;
  currency: string;
  status: 'approved' | 'declined';
  decline_reason: string | null;
  brand: string;
  last4: string;
  created_at: Date;
  refunded?: boolean;
}

const toRecord = (row: ChargeRow): ChargeRecord => ({
  id: row.id,
  idempotencyKey: row.idempotency_key,
  requestFingerprint: row.request_fingerprint,
  orderId: row.order_id,
  // numeric(12,2) arrives as a string; two decimals fit a double exactly enough for display and comparison.
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
  declineReason: row.decline_reason,
  brand: row.brand,
  last4: row.last4,
  createdAt: row.created_at,
  refunded: row.refunded ?? false,
});

const SELECT_CHARGE = `SELECT c.*, EXISTS (SELECT 1 FROM ledger l WHERE l.charge_id = c.id AND l.kind = 'refund') AS refunded FROM charges c`;

/** What a transaction can do; the same methods run inside the idempotency lock. */
function queries(db: pg.PoolClient | PgPool) {
  return {
    async findByKey(idempotencyKey: string): Promise<ChargeRecord | null> {
      const { rows } = await db.query<ChargeRow>(`${SELECT_CHARGE} WHERE c.idempotency_key = $1`, [idempotencyKey]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async isClosed(idempotencyKey: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM closed_keys WHERE idempotency_key = $1', [idempotencyKey]);
      return (rowCount ?? 0) > 0;
    },

    /** Closes a key no charge was made with: from now on a charge with it is refused. */
    async close(idempotencyKey: string, orderId: string): Promise<void> {
      await db.query('INSERT INTO closed_keys (idempotency_key, order_id) VALUES ($1, $2) ON CONFLICT (idempotency_key) DO NOTHING', [idempotencyKey, orderId]);
    },

    /** The charge row, and for an approved one its ledger row: both or neither (same transaction). */
    async insertCharge(charge: NewCharge): Promise<ChargeRecord> {
      const { rows } = await db.query<ChargeRow>(
        `INSERT INTO charges (id, idempotency_key, request_fingerprint, order_id, amount, currency, status, decline_reason, brand, last4)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [charge.id, charge.idempotencyKey, charge.requestFingerprint, charge.orderId, charge.amount.toFixed(2), charge.currency, charge.status, charge.declineReason, charge.brand, charge.last4],
      );
      if (charge.status === 'approved') {
        await db.query(`INSERT INTO ledger (id, charge_id, kind, amount, currency) VALUES ($1, $2, 'charge', $3, $4)`, [
          randomUUID(),
          charge.id,
          charge.amount.toFixed(2),
          charge.currency,
        ]);
      }
      return toRecord(rows[0]!);
    },
  };
}

/** Charges and the ledger in PostgreSQL. Every query is parameterised. */
export function createChargeStore(pool: PgPool) {
  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => withTransaction(pool, work);


  return {
    /**
     * Runs `work` in a transaction holding a PostgreSQL advisory lock on the idempotency key: concurrent
     * requests with the same key queue here, and each finds the first one's row once it committed.
     */
    withIdempotencyLock<T>(idempotencyKey: string, work: (tx: ReturnType<typeof queries>) => Promise<T>): Promise<T> {
      return inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 5105))', [idempotencyKey]);
        return work(queries(client));
      });
    },

    async findById(id: string): Promise<ChargeRecord | null> {
      const { rows } = await pool.query<ChargeRow>(`${SELECT_CHARGE} WHERE c.id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async listByOrder(orderId: string): Promise<ChargeRecord[]> {
      const { rows } = await pool.query<ChargeRow>(`${SELECT_CHARGE} WHERE c.order_id = $1 ORDER BY c.created_at, c.id`, [orderId]);
      return rows.map(toRecord);
    },

    /**
     * Records the refund of an approved charge once: the row lock serialises concurrent refunds and the
     * unique (charge_id, kind) index makes a second insert a no-op. Returns the refund's ledger id, or the
     * charge's status when it cannot be refunded (null: no such charge).
     */
    refund(chargeId: string): Promise<{ refundId: string } | { status: 'declined' } | null> {
      return inTransaction(async (client) => {
        const { rows } = await client.query<ChargeRow>('SELECT * FROM charges WHERE id = $1 FOR UPDATE', [chargeId]);
        const charge = rows[0];
        if (!charge) return null;
        if (charge.status !== 'approved') return { status: 'declined' as const };
        await client.query(
          `INSERT INTO ledger (id, charge_id, kind, amount, currency) VALUES ($1, $2, 'refund', $3, $4) ON CONFLICT (charge_id, kind) DO NOTHING`,
          [randomUUID(), chargeId, charge.amount, charge.currency],
        );
        const refund = await client.query<{ id: string }>(`SELECT id FROM ledger WHERE charge_id = $1 AND kind = 'refund'`, [chargeId]);
        return { refundId: refund.rows[0]!.id };
      });
    },
  };
}

export type ChargeStore = ReturnType<typeof createChargeStore>;
