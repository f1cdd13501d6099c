import type { PoolClient } from 'pg';
import type { ShippingMethod } from '@shopfast/contracts';
import type { ShipmentStatus } from '@shopfast/events';
import { withTransaction, type PgPool } from '@shopfast/stores';

export interface ShipmentRecord {
  id: string;
  orderId: string;
  userId: string;
  email: string;
  method: ShippingMethod;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  nextTransitionAt: Date | null;
  originTrace: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoryEntry {
  status: ShipmentStatus;
  at: Date;
}

export type NewShipment = Omit<ShipmentRecord, 'createdAt' | 'updatedAt'>;

/** Another shipment already has this tracking number (1 in 10^10 per pair): pick a new one. */
export class TrackingNumberTakenError extends Error {}

interface ShipmentRow {
  id: string;
  order_id: string;
  user_id: string;
  email: string;
  method: ShippingMethod;
  carrier: string;
  tracking_number: string;
  status: ShipmentStatus;
  next_transition_at: Date | null;
  origin_trace: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (row: ShipmentRow): ShipmentRecord => ({
  id: row.id,
  orderId: row.order_id,
  userId: row.user_id,
  email: row.email,
  method: row.method,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  status: row.status,
  nextTransitionAt: row.next_transition_at,
  originTrace: row.origin_trace,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Writes that must commit together (shipment + history row + published event) go through one client. */
function transactionalStore(client: PoolClient) {
  return {
    /** Null when the order already has a shipment (ON CONFLICT on order_id). */
    async insertShipment(shipment: NewShipment): Promise<ShipmentRecord | null> {
      try {
        const { rows } = await client.query<ShipmentRow>(
          `INSERT INTO shipments (id, order_id, user_id, email, method, carrier, tracking_number, status, next_transition_at, origin_trace)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (order_id) DO NOTHING RETURNING *`,
          [shipment.id, shipment.orderId, shipment.userId, shipment.email, shipment.method, shipment.carrier, shipment.trackingNumber, shipment.status, shipment.nextTransitionAt, JSON.stringify(shipment.originTrace)],
        );
        return rows[0] ? toRecord(rows[0]) : null;
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code === '23505' && constraint === 'shipments_tracking_number_key') throw new TrackingNumberTakenError(shipment.trackingNumber);
        throw error;
      }
    },

    /**
     * Moves a shipment on only if it is still in `from`: of two instances racing for the same due
     * shipment, one gets the row and the other gets null, so a status is never advanced twice.
     */
    async advance(id: string, from: ShipmentStatus, to: ShipmentStatus, nextTransitionAt: Date | null): Promise<ShipmentRecord | null> {
      const { rows } = await client.query<ShipmentRow>(
        'UPDATE shipments SET status = $3, next_transition_at = $4, updated_at = now() WHERE id = $1 AND status = $2 RETURNING *',
        [id, from, to, nextTransitionAt],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async addHistory(shipmentId: string, status: ShipmentStatus, at: Date): Promise<void> {
      await client.query('INSERT INTO shipment_history (shipment_id, status, at) VALUES ($1, $2, $3)', [shipmentId, status, at]);
    },
  };
}

export type ShipmentTransaction = ReturnType<typeof transactionalStore>;

/** Shipments and their status history in PostgreSQL. Every query is parameterised. */
export function createShipmentStore(pool: PgPool) {
  return {
    transaction<T>(work: (tx: ShipmentTransaction) => Promise<T>): Promise<T> {
      return withTransaction(pool, (client) => work(transactionalStore(client)));
    },


    /** Shipments whose next step is due, oldest first. */
    async findDue(now: Date, limit: number): Promise<ShipmentRecord[]> {
      const { rows } = await pool.query<ShipmentRow>(
        'SELECT * FROM shipments WHERE next_transition_at <= $1 ORDER BY next_transition_at LIMIT $2',
        [now, limit],
      );
      return rows.map(toRecord);
    },

    async findByOrderId(orderId: string): Promise<{ shipment: ShipmentRecord; history: HistoryEntry[] } | null> {
      const { rows } = await pool.query<ShipmentRow>('SELECT * FROM shipments WHERE order_id = $1', [orderId]);
      if (!rows[0]) return null;
      const shipment = toRecord(rows[0]);
      const history = await pool.query<HistoryEntry>('SELECT status, at FROM shipment_history WHERE shipment_id = $1 ORDER BY id', [shipment.id]);
      return { shipment, history: history.rows };
    },
  };
}

export type ShipmentStore = ReturnType<typeof createShipmentStore>;
