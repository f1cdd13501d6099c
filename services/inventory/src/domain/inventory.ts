import { AppError, conflict, notFound, type Logger, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { ReservationStore } from '../store/reservation-store';
import type { StockStore } from '../store/stock-store';
import type { WriteLock } from '../store/write-lock';
import type { Reservation, ReservationItem, Stock, StockChangeReason, StockEvents } from './stock';

export interface InventoryDeps {
  stock: StockStore;
  reservations: ReservationStore;
  lock: WriteLock;
  /** Told about every change of a SKU's stock (stock.changed events for the catalog). */
  events: StockEvents;
  metrics: Metrics;
  logger: Logger;
  defaultTtlSeconds: number;
}

export interface ReserveInput {
  reservationId: string;
  orderId: string;
  items: ReservationItem[];
  ttlSeconds?: number;
}

export interface ShortItem {
  sku: string;
  requested: number;
  available: number;
}

/** How long a second request with the same reservationId waits for the first one to finish. */
const PENDING_WAIT_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stockKey = (sku: string) => `stock:${sku}`;
const reservationKey = (id: string) => `reservation:${id}`;

/** The same SKU twice in one request is one line with the summed quantity. */
function mergeItems(items: ReservationItem[]): ReservationItem[] {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.sku, (quantities.get(item.sku) ?? 0) + item.quantity);
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Stock rules: reservations are all-or-nothing and never drive stock negative; commit and release
 * are idempotent and move stock once, whoever calls them and however often.
 */
export function createInventory({ stock, reservations, lock, events, metrics, logger, defaultTtlSeconds }: InventoryDeps) {
  /** One stock change of one SKU under its lock; the new level is announced once the lock is released. */
  async function changeStock(sku: string, reason: StockChangeReason, change: () => Promise<Stock | null>): Promise<Stock | null> {
    const after = await lock.withLock(stockKey(sku), change);
    if (after) events.changed(after, reason);
    return after;
  }

  const countReservation = (outcome: 'held' | 'rejected' | 'committed' | 'released' | 'expired' | 'cancelled') =>
    metrics.increment('ecommerce.inventory.reservations', 1, { outcome });

  /** A repeated reservationId: wait while the first request is still taking units, then answer what it did. */
  async function settledReservation(reservationId: string): Promise<Reservation | null> {
    const deadline = Date.now() + PENDING_WAIT_MS;
    for (;;) {
      const existing = await reservations.find(reservationId);
      if (!existing || existing.status !== 'pending') return existing;
      if (Date.now() > deadline) throw conflict('reservation_pending', 'This reservation is still being processed; try again');
      await sleep(25);
    }
  }

  /** Gives units back after a failed reservation attempt. */
  async function undo(items: ReservationItem[]): Promise<void> {
    await Promise.all(items.map((item) => changeStock(item.sku, 'undo', () => stock.release(item.sku, item.quantity))));
  }

  async function takeUnits(reservation: Reservation): Promise<ShortItem[]> {
    const taken: ReservationItem[] = [];
    const short: ShortItem[] = [];
    try {
      // Different SKUs in parallel; each SKU's check-and-take is one guarded update under that SKU's lock.
      await Promise.all(
        reservation.items.map(async (item) => {
          const after = await changeStock(item.sku, 'reserve', () => stock.reserve(item.sku, item.quantity));
          if (after) {
            taken.push(item);
            return;
          }
          const current = await stock.find(item.sku);
          short.push({ sku: item.sku, requested: item.quantity, available: current?.available ?? 0 });
        }),
      );
    } catch (error) {
      await undo(taken).catch((undoError: unknown) => logger.error({ err: undoError, reservationId: reservation.reservationId }, 'could not give back units'));
      throw error;
    }
    if (short.length > 0) await undo(taken);
    return short.sort((a, b) => a.sku.localeCompare(b.sku));
  }

  async function reserve(input: ReserveInput, replayed = false): Promise<Reservation> {
    return tracer.trace('inventory.reserve', { resource: 'reserve' }, async (span) => {
      const items = mergeItems(input.items);
      span?.setTag('inventory.items_requested', items.length);
      const now = new Date();
      const reservation: Reservation = {
        reservationId: input.reservationId,
        orderId: input.orderId,
        items,
        status: 'pending',
        createdAt: now,
        expiresAt: new Date(now.getTime() + (input.ttlSeconds ?? defaultTtlSeconds) * 1_000),
      };
      // Inserting first claims the reservationId atomically: a concurrent duplicate request gets the first one's result.
      if (!(await reservations.insert(reservation))) {
        const existing = await settledReservation(reservation.reservationId);
        // Gone: the first attempt was rejected and removed; this request tries again (once).
        if (!existing && !replayed) return reserve(input, true);
        if (!existing) throw conflict('reservation_pending', 'This reservation is still being processed; try again');
        span?.setTag('inventory.outcome', 'replayed');
        return existing;
      }
      let short: ShortItem[];
      try {
        short = await takeUnits(reservation);
      } catch (error) {
        await reservations.remove(reservation.reservationId);
        throw error;
      }
      if (short.length > 0) {
        await reservations.remove(reservation.reservationId);
        span?.setTag('inventory.outcome', 'rejected');
        countReservation('rejected');
        metrics.increment('ecommerce.inventory.stockout', short.length);
        throw conflict('out_of_stock', 'Not enough stock for some items', { items: short });
      }
      const held = await reservations.transition(reservation.reservationId, 'pending', 'held');
      span?.setTag('inventory.outcome', 'held');
      countReservation('held');
      return held ?? { ...reservation, status: 'held' };
    });
  }

  /**
   * Commit and release share one shape: under the reservation's lock, flip the status first with a
   * conditional update (only one caller can win it), then move the stock, then record the final status.
   */
  async function finish(reservationId: string, kind: 'commit' | 'release', outcome: 'committed' | 'released' | 'expired'): Promise<Reservation> {
    // Literal span names, so docs/telemetry.md's catalogue check can find them in the code.
    const spanName = kind === 'commit' ? 'inventory.commit' : 'inventory.release';
    return tracer.trace(spanName, { resource: kind }, (span) =>
      lock.withLock(reservationKey(reservationId), async () => {
        const target = kind === 'commit' ? 'committed' : 'released';
        const current = await reservations.find(reservationId);
        if (!current) throw notFound(`Reservation ${reservationId} does not exist`, 'reservation_not_found');
        if (current.status === target) {
          span?.setTag('inventory.outcome', 'already_done');
          return current;
        }
        if (kind === 'commit' && (current.status === 'released' || current.status === 'releasing')) {
          throw conflict('reservation_released', 'The reservation expired or was released; its units are no longer held');
        }
        if (kind === 'release' && (current.status === 'committed' || current.status === 'committing')) {
          throw conflict('reservation_committed', 'The reservation was committed; releasing it has no effect');
        }
        const moving = await reservations.transition(reservationId, 'held', kind === 'commit' ? 'committing' : 'releasing');
        if (!moving) throw conflict('reservation_pending', 'This reservation is being processed; try again');
        const reason = kind === 'commit' ? 'commit' : outcome === 'expired' ? 'expire' : 'release';
        for (const item of moving.items) {
          await changeStock(item.sku, reason, () => (kind === 'commit' ? stock.commit(item.sku, item.quantity) : stock.release(item.sku, item.quantity)));
        }
        const done = await reservations.transition(reservationId, moving.status, target);
        span?.setTag('inventory.outcome', outcome);
        countReservation(outcome);
        return done ?? { ...moving, status: target };
      }),
    );
  }

  /**
   * Undoes a reservation whatever became of it, for an order that failed: held units are released, and
   * committed units (the commit went through but the order could not be confirmed, or its answer was
   * lost) are put back on sale. A reservation that is mid-move answers 409 reservation_pending.
   */
  async function cancel(reservationId: string): Promise<Reservation> {
    return tracer.trace('inventory.cancel', { resource: 'cancel' }, (span) =>
      lock.withLock(reservationKey(reservationId), async () => {
        const current = await reservations.find(reservationId);
        if (!current) throw notFound(`Reservation ${reservationId} does not exist`, 'reservation_not_found');
        if (current.status === 'released') {
          span?.setTag('inventory.outcome', 'already_done');
          return current;
        }
        const moving =
          current.status === 'held'
            ? await reservations.transition(reservationId, 'held', 'releasing')
            : current.status === 'committed'
              ? await reservations.transition(reservationId, 'committed', 'restocking')
              : null;
        if (!moving) throw conflict('reservation_pending', 'This reservation is being processed; try again');
        for (const item of moving.items) {
          const restocking = moving.status === 'restocking';
          await changeStock(item.sku, restocking ? 'restock' : 'cancel', () => (restocking ? stock.restock(item.sku, item.quantity) : stock.release(item.sku, item.quantity)));
        }
        const done = await reservations.transition(reservationId, moving.status, 'released');
        span?.setTag('inventory.outcome', 'cancelled');
        countReservation('cancelled');
        return done ?? { ...moving, status: 'released' };
      }),
    );
  }

  return {
    reserve: (input: ReserveInput) => reserve(input),
    cancel,
    commit: (reservationId: string) => finish(reservationId, 'commit', 'committed'),
    release: (reservationId: string) => finish(reservationId, 'release', 'released'),

    /** Releases held reservations past their expiry (a batch at a time); returns how many were released. */
    async releaseExpired(now = new Date(), batch = 100): Promise<number> {
      let released = 0;
      for (const reservationId of await reservations.expiredHeldIds(now, batch)) {
        try {
          await finish(reservationId, 'release', 'expired');
          released++;
        } catch (error) {
          // Committed or released meanwhile by its order: nothing to do. Anything else is worth a line.
          if (!(error instanceof AppError && error.status === 409)) logger.warn({ err: error, reservationId }, 'could not release an expired reservation');
        }
      }
      return released;
    },

    /** Every SKU's stock, a page at a time: what the catalog reconciles with. */
    listStock: (page: number, limit: number) => stock.page(page, limit),

    async getStock(sku: string): Promise<Stock> {
      const found = await stock.find(sku);
      if (!found) throw notFound(`No stock record for SKU ${sku}`, 'sku_not_found', { sku });
      return found;
    },

    async setAvailable(sku: string, available: number): Promise<Stock> {
      const updated = await changeStock(sku, 'admin_set', () => stock.setAvailable(sku, available));
      if (!updated) throw notFound(`No stock record for SKU ${sku}`, 'sku_not_found', { sku });
      logger.info({ sku, available }, 'stock set by an administrator');
      return updated;
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
