import type { Order, OrderItem, OrderStatus, ShippingAddress, ShippingMethod } from '@shopfast/contracts';
import { withTransaction, type PgPool } from '@shopfast/stores';
import type { CheckoutResult, CompensationKind } from '../model/checkout';
import type { OutboxEvent } from '../model/outbox';

/** An order as the checkout records it before anything is reserved or charged. */
export type NewOrder = Pick<Order, 'id' | 'userId' | 'currency' | 'subtotal' | 'shippingCost' | 'total' | 'shippingMethod' | 'shippingAddress' | 'items'> & {
  idempotencyKey: string | null;
  /** Fingerprint of the request the key came with (checkout-fingerprint.ts); null without a key. */
  requestFingerprint: string | null;
};

/** An earlier checkout found by its Idempotency-Key. */
export interface KeyedCheckout {
  id: string;
  status: OrderStatus;
  /** Its answer; null while it is still running. */
  result: CheckoutResult | null;
  requestFingerprint: string | null;
}

/** A compensation owed by a failed checkout, as the compensator claims it. */
export interface CompensationTask {
  id: number;
  orderId: string;
  kind: CompensationKind;
  attempts: number;
}

/** Statuses a checkout can end in (pending and confirmed are set elsewhere). */
export type FailedStatus = Extract<OrderStatus, 'payment_failed' | 'out_of_stock' | 'failed' | 'refund_pending'>;

interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  subtotal: string;
  shipping_cost: string;
  total: string;
  shipping_method: ShippingMethod;
  shipping_address: ShippingAddress;
  card_brand: string | null;
  card_last4: string | null;
  failure_code: string | null;
  response_status: number | null;
  response_body: unknown;
  result: CheckoutResult | null;
  request_fingerprint: string | null;
  created_at: Date;
}

/** The stored answer: the domain result, or what an older version stored as HTTP. */
const resultOf = (row: OrderRow): CheckoutResult | null =>
  row.result ?? (row.response_status ? { kind: 'legacy', status: row.response_status, body: row.response_body } : null);

interface ItemRow {
  order_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit_price: string;
  quantity: number;
  line_total: string;
}

/** Orders, their items, status history and the event outbox, in PostgreSQL. All queries are parameterised. */
const toItem = (row: ItemRow): OrderItem => ({
  productId: row.product_id,
  sku: row.sku,
  name: row.name,
  unitPrice: Number(row.unit_price),
  quantity: row.quantity,
  lineTotal: Number(row.line_total),
});

export function createOrderStore(pool: PgPool) {
  /**
   * The items of an order-history page's orders. Its own statement (`= ANY`), distinct from an order's detail
   * read (itemsOfOrder): its runs per history page are what the order history monitor counts (trace metrics by
   * statement, infra/datadog/src/definitions/signals/fault-signals.ts), so no other reader may share its text.
   */
  async function itemsOfPage(orderIds: string[]): Promise<Map<string, OrderItem[]>> {
    const byOrder = new Map<string, OrderItem[]>();
    if (orderIds.length === 0) return byOrder;
    const { rows } = await pool.query<ItemRow>('SELECT * FROM order_items WHERE order_id = ANY($1::uuid[]) ORDER BY product_id', [orderIds]);
    for (const row of rows) {
      const list = byOrder.get(row.order_id) ?? [];
      list.push(toItem(row));
      byOrder.set(row.order_id, list);
    }
    return byOrder;
  }

  /** The items of one order (its detail read). */
  async function itemsOfOrder(orderId: string): Promise<OrderItem[]> {
    const { rows } = await pool.query<ItemRow>('SELECT * FROM order_items WHERE order_id = $1 ORDER BY product_id', [orderId]);
    return rows.map(toItem);
  }

  const toOrder = (row: OrderRow, items: OrderItem[]): Order => ({
    id: row.id,
    userId: row.user_id,
    status: row.status,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    shippingCost: Number(row.shipping_cost),
    total: Number(row.total),
    shippingMethod: row.shipping_method,
    shippingAddress: row.shipping_address,
    items,
    payment: row.card_brand && row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    failureCode: row.failure_code,
    createdAt: row.created_at.toISOString(),
  });

  return {
    /** The earlier checkout with this key, if any: its id, status, request fingerprint and the answer it got. */
    async findByIdempotencyKey(userId: string, key: string): Promise<KeyedCheckout | null> {
      const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE user_id = $1 AND idempotency_key = $2', [userId, key]);
      const row = rows[0];
      if (!row) return null;
      return { id: row.id, status: row.status, result: resultOf(row), requestFingerprint: row.request_fingerprint };
    },

    /** The stored answer of an order (null while its checkout runs). */
    async resultOf(orderId: string): Promise<CheckoutResult | null> {
      const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
      return rows[0] ? resultOf(rows[0]) : null;
    },

    /**
     * Records the order as pending with its items. Returns false when another request with the same
     * idempotency key won the race (the unique index decides), in which case nothing was written.
     */
    async createPending(order: NewOrder): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO orders (id, user_id, status, currency, subtotal, shipping_cost, total, shipping_method, shipping_address, idempotency_key, request_fingerprint)
           VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
          [order.id, order.userId, order.currency, order.subtotal, order.shippingCost, order.total, order.shippingMethod, JSON.stringify(order.shippingAddress), order.idempotencyKey, order.requestFingerprint],
        );
        // Nothing inserted: the transaction commits nothing and the caller replays the winner's answer.
        if (inserted.rowCount === 0) return false;
        for (const item of order.items) {
          await client.query(
            'INSERT INTO order_items (order_id, product_id, sku, name, unit_price, quantity, line_total) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [order.id, item.productId, item.sku, item.name, item.unitPrice, item.quantity, item.lineTotal],
          );
        }
        await client.query("INSERT INTO order_status_history (order_id, status) VALUES ($1, 'pending')", [order.id]);
        return true;
      });
    },

    /**
     * Ends a checkout that did not go through, with its answer (for idempotent replays), the
     * compensations it owes and its failed attempt (checkout_attempts), in one transaction: the undo work
     * is never lost, even if the process dies right after. Only a pending order can end: a confirmed one is never overwritten, and a checkout the
     * sweeper ended already is left as it is. Returns whether this call ended it.
     */
    async endCheckout(
      orderId: string,
      ending: { status: FailedStatus; failureCode: string; result: CheckoutResult; compensations: CompensationKind[]; detail?: unknown },
    ): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        const updated = await client.query(
          `UPDATE orders SET status = $2, failure_code = $3, result = $4, updated_at = now() WHERE id = $1 AND status = 'pending'`,
          [orderId, ending.status, ending.failureCode, JSON.stringify(ending.result)],
        );
        if (updated.rowCount !== 1) return false;
        await client.query('INSERT INTO order_status_history (order_id, status, detail) VALUES ($1, $2, $3)', [
          orderId,
          ending.status,
          JSON.stringify(ending.detail ?? { failureCode: ending.failureCode, compensations: ending.compensations }),
        ]);
        await client.query('INSERT INTO checkout_attempts (order_id, outcome) VALUES ($1, $2)', [orderId, ending.failureCode]);
        for (const kind of ending.compensations) {
          await client.query('INSERT INTO compensations (order_id, kind) VALUES ($1, $2) ON CONFLICT (order_id, kind) DO NOTHING', [orderId, kind]);
        }
        return true;
      });
    },

    /**
     * A checkout attempt that failed before any order was recorded (unknown customer, empty cart, a peer
     * down while pricing). Attempts that got an order are recorded by confirm() and endCheckout(), in the
     * transaction that ends them.
     */
    async recordAttemptFailedBeforeOrder(failureCode: string): Promise<void> {
      await pool.query('INSERT INTO checkout_attempts (outcome) VALUES ($1)', [failureCode]);
    },

    /** The saga journal (checkout_steps): a step is about to run, ran, or failed. */
    async recordStep(orderId: string, step: string, state: 'started' | 'done' | 'failed'): Promise<void> {
      await pool.query(
        `INSERT INTO checkout_steps (order_id, step, state) VALUES ($1, $2, $3)
         ON CONFLICT (order_id, step) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [orderId, step, state],
      );
    },

    /** Steps of the order's checkout that started (whatever became of them). */
    async startedSteps(orderId: string): Promise<string[]> {
      const { rows } = await pool.query<{ step: string }>('SELECT step FROM checkout_steps WHERE order_id = $1', [orderId]);
      return rows.map((row) => row.step);
    },

    /**
     * Claims due compensations (of one order, or any) for `leaseSeconds`: another instance, or a later
     * pass, retries a claimed one only once the lease expired (the claimant died). Counts the attempt.
     */
    async claimCompensations(options: { orderId?: string; limit: number; leaseSeconds: number }): Promise<CompensationTask[]> {
      const { rows } = await pool.query<{ id: string; order_id: string; kind: CompensationKind; attempts: number }>(
        `UPDATE compensations SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $3)
         WHERE id IN (
           SELECT id FROM compensations
           WHERE status = 'pending' AND next_attempt_at <= now() AND ($1::uuid IS NULL OR order_id = $1::uuid)
           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING id, order_id, kind, attempts`,
        [options.orderId ?? null, options.limit, options.leaseSeconds],
      );
      return rows.map((row) => ({ id: Number(row.id), orderId: row.order_id, kind: row.kind, attempts: row.attempts }));
    },

    async compensationDone(id: number, outcome: unknown): Promise<void> {
      await pool.query("UPDATE compensations SET status = 'done', outcome = $2, done_at = now(), last_error = NULL WHERE id = $1", [id, JSON.stringify(outcome)]);
    },

    async compensationFailed(id: number, error: string, retryInSeconds: number): Promise<void> {
      await pool.query("UPDATE compensations SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND status = 'pending'", [
        id,
        error.slice(0, 500),
        retryInSeconds,
      ]);
    },

    /** Compensations still owed, all orders: what the compensation job reports as a gauge. */
    async pendingCompensationCount(): Promise<number> {
      const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM compensations WHERE status = 'pending'");
      return rows[0]?.n ?? 0;
    },

    /**
     * Once an order owes no compensation any more, its money state is final: a refund_pending order
     * becomes `refunded` when the ledger had a charge (now refunded), else `failed` (nothing was
     * charged), and its stored answer says so. Returns the final answer, or null when work is still owed
     * or there was nothing to finalize.
     */
    async finalizeCompensated(orderId: string): Promise<CheckoutResult | null> {
      return withTransaction(pool, async (client) => {
        const { rows } = await client.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
        const row = rows[0];
        if (!row || row.status !== 'refund_pending') return null;
        const pending = await client.query("SELECT 1 FROM compensations WHERE order_id = $1 AND status = 'pending'", [orderId]);
        if ((pending.rowCount ?? 0) > 0) return null;
        const refunds = await client.query<{ outcome: { refundedChargeIds?: string[] } | null }>(
          "SELECT outcome FROM compensations WHERE order_id = $1 AND kind = 'refund_charges'",
          [orderId],
        );
        const refunded = refunds.rows.some((refund) => (refund.outcome?.refundedChargeIds?.length ?? 0) > 0);
        const status: OrderStatus = refunded ? 'refunded' : 'failed';
        const previous = resultOf(row);
        const result: CheckoutResult =
          previous && previous.kind === 'failed' ? { ...previous, money: refunded ? 'refunded' : 'not_charged' } : { kind: 'failed', orderId, code: row.failure_code ?? 'checkout_failed', money: refunded ? 'refunded' : 'not_charged' };
        await client.query('UPDATE orders SET status = $2, result = $3, updated_at = now() WHERE id = $1', [orderId, status, JSON.stringify(result)]);
        await client.query('INSERT INTO order_status_history (order_id, status, detail) VALUES ($1, $2, $3)', [orderId, status, JSON.stringify({ refunded })]);
        return result;
      });
    },

    /**
     * Confirms the order (with its confirmation time and its attempt, for the business gauges) and
     * queues its event, atomically: either all happens or nothing. Returns false,
     * writing nothing, when the order is no longer pending (the abandoned-checkout sweeper ended it).
     */
    async confirm(orderId: string, payment: { chargeId: string; brand: string; last4: string }, result: CheckoutResult, event: OutboxEvent): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        const updated = await client.query(
          `UPDATE orders SET status = 'confirmed', charge_id = $2, card_brand = $3, card_last4 = $4, result = $5, updated_at = now(), confirmed_at = now()
           WHERE id = $1 AND status = 'pending'`,
          [orderId, payment.chargeId, payment.brand, payment.last4, JSON.stringify(result)],
        );
        if (updated.rowCount !== 1) return false;
        await client.query("INSERT INTO order_status_history (order_id, status) VALUES ($1, 'confirmed')", [orderId]);
        await client.query("INSERT INTO checkout_attempts (order_id, outcome) VALUES ($1, 'confirmed')", [orderId]);
        await client.query('INSERT INTO outbox (id, stream, type, data, trace) VALUES ($1, $2, $3, $4, $5)', [
          event.id,
          event.stream,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.trace),
        ]);
        return true;
      });
    },

    /** Orders still pending after `olderThanSeconds`: their checkout died midway (crash, lost answers). */
    async stalePendingOrders(olderThanSeconds: number, limit: number): Promise<string[]> {
      const { rows } = await pool.query<{ id: string }>(
        "SELECT id FROM orders WHERE status = 'pending' AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2",
        [olderThanSeconds, limit],
      );
      return rows.map((row) => row.id);
    },

    /**
     * A page of the user's orders with their items: one query for the items of the whole page, or, with
     * `itemsPerOrder` (the orderHistoryNPlusOne fault), one query per order, one after the other, the
     * classic N+1 (same answer, N more postgresql.query spans and a longer request).
     */
    async listForUser(userId: string, page: number, limit: number, options: { itemsPerOrder?: boolean } = {}): Promise<{ items: Order[]; total: number }> {
      const [{ rows }, count] = await Promise.all([
        pool.query<OrderRow>('SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [userId, limit, (page - 1) * limit]),
        pool.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId]),
      ]);
      let items = new Map<string, OrderItem[]>();
      if (options.itemsPerOrder) {
        for (const row of rows) items.set(row.id, (await itemsOfPage([row.id])).get(row.id) ?? []);
      } else {
        items = await itemsOfPage(rows.map((row) => row.id));
      }
      return { items: rows.map((row) => toOrder(row, items.get(row.id) ?? [])), total: count.rows[0]?.n ?? 0 };
    },

    /** An order of this user, or null (an order of another user is not found, never forbidden: ids do not leak). */
    async getForUser(orderId: string, userId: string): Promise<Order | null> {
      const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [orderId, userId]);
      if (!rows[0]) return null;
      return toOrder(rows[0], await itemsOfOrder(orderId));
    },

    /** Sum of the customer's confirmed orders, in the given currency. */
    async lifetimeValue(userId: string, currency: string): Promise<number> {
      const { rows } = await pool.query<{ total: string | null }>("SELECT sum(total) AS total FROM orders WHERE user_id = $1 AND status = 'confirmed' AND currency = $2", [userId, currency]);
      return Number(rows[0]?.total ?? 0);
    },

    async confirmedOrderCount(userId: string): Promise<number> {
      const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status = 'confirmed'", [userId]);
      return rows[0]?.n ?? 0;
    },

    /**
     * Events not published yet and at least `minAgeSeconds` old: the checkout that wrote an event publishes
     * it right away, so the relay leaves young ones alone instead of racing it into a duplicate.
     */
    async unpublishedEvents(limit: number, minAgeSeconds = 0): Promise<OutboxEvent[]> {
      const { rows } = await pool.query<{ id: string; stream: string; type: string; data: unknown; trace: Record<string, string> }>(
        'SELECT id, stream, type, data, trace FROM outbox WHERE published_at IS NULL AND created_at <= now() - make_interval(secs => $2) ORDER BY created_at LIMIT $1',
        [limit, minAgeSeconds],
      );
      return rows;
    },

    async markPublished(eventId: string): Promise<boolean> {
      const result = await pool.query('UPDATE outbox SET published_at = now() WHERE id = $1 AND published_at IS NULL', [eventId]);
      return result.rowCount === 1;
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;
