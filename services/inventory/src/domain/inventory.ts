import { createHash } from 'node:crypto';
import type { ReservationRequest, ReservationStatus } from '@shopfast/contracts';
import type { FaultFlags } from '@shopfast/feature-flags';
import { AppError, conflict, notFound, type Logger, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { ReservationStore } from '../store/reservation-store';
import type { StockStore } from '../store/stock-store';
import { LockBusyError, type WriteLock } from '../store/write-lock';
import type { ReleaseReason, Reservation, ReservationItem, Stock } from '../model/stock';
import { isMoving, type StockChangeReason, type StockEvents } from './stock';

export interface InventoryDeps {
  stock: StockStore;
  reservations: ReservationStore;
  lock: WriteLock;
  /** Told about every change of a SKU's stock (stock.changed events for the catalog). */
  events: StockEvents;
  metrics: Metrics;
  logger: Logger;
  defaultTtlSeconds: number;
  /**
   * A reservation whose status has been pending, committing, releasing or restocking this long was left
   * so by a crash and is finished or undone (recoverStuck). Far longer than any live step can take (lock
   * waits are bounded at a few seconds), so a process that is merely slow is never overtaken.
   */
  stuckAfterMs: number;
  /** The fault flags (inventoryErrors); every fault off without them. */
  faults?: FaultFlags;
}

/**
 * Where a reservation falls in [0, 1), from its id: the inventoryErrors fault refuses the reservations below
 * its rate. Tied to the id rather than drawn per call, so the order service's retries of one reservation get
 * the same answer and the share of failed checkouts is the rate itself.
 */
export function reservationShare(reservationId: string): number {
  return createHash('sha256').update(reservationId).digest().readUInt32BE(0) / 2 ** 32;
}

/** POST /reservations as the contract defines it. */
export type ReserveInput = ReservationRequest;

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

type Move = 'take' | 'commit' | 'release' | 'restock';

/** What each mid-move status becomes when a recovery finishes it, and how its remaining units move. */
const RECOVERY: Record<'pending' | 'committing' | 'releasing' | 'restocking', { move: Move; target: ReservationStatus }> = {
  // Units were being taken and nobody was told they are held: give back whatever was taken.
  pending: { move: 'release', target: 'released' },
  // The decision was made (the status flipped first): roll it forward.
  committing: { move: 'commit', target: 'committed' },
  releasing: { move: 'release', target: 'released' },
  restocking: { move: 'restock', target: 'released' },
};

/**
 * Stock rules: reservations are all-or-nothing and never drive stock negative; commit and release
 * are idempotent and move stock once, whoever calls them and however often. A reservation left
 * mid-move by a crash is finished (or, while its units were still being taken, undone) by the sweeper.
 */
export function createInventory({ stock, reservations, lock, events, metrics, logger, defaultTtlSeconds, stuckAfterMs, faults }: InventoryDeps) {
  /** One stock change of one SKU under its lock; the new level is announced once the lock is released. */
  async function changeStock(sku: string, reason: StockChangeReason, change: () => Promise<Stock | null>): Promise<Stock | null> {
    const after = await lock.withLock(stockKey(sku), change);
    if (after) events.changed(after, reason);
    return after;
  }

  /**
   * One item's move for a reservation. With stock holds the move is conditional on the reservation's mark
   * on the SKU's stock document (see stock-store.ts), so it happens at most once: null when it already
   * happened (or, for `take`, when the units are not there).
   */
  function move(reservation: Reservation, item: ReservationItem, kind: Move, reason: StockChangeReason): Promise<Stock | null> {
    const holder = reservation.stockHolds ? reservation.reservationId : undefined;
    return changeStock(item.sku, reason, () => {
      switch (kind) {
        case 'take':
          return stock.reserve(item.sku, item.quantity, holder);
        case 'commit':
          return stock.commit(item.sku, item.quantity, holder);
        case 'release':
          return stock.release(item.sku, item.quantity, holder);
        case 'restock':
          return stock.restock(item.sku, item.quantity, reservation.reservationId);
      }
    });
  }

  const countReservation = (outcome: 'held' | 'rejected' | 'committed' | 'released' | 'expired' | 'cancelled' | 'recovered') =>
    metrics.increment('ecommerce.inventory.reservations', 1, { outcome });

  /** Mid-move for longer than a live step can take: left so by a crash. Only reservations with stock holds can be finished exactly. */
  const isStuck = (reservation: Reservation, now = new Date()) =>
    reservation.stockHolds && isMoving(reservation.status) && reservation.updatedAt.getTime() < now.getTime() - stuckAfterMs;

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

  /** Gives back the units of `items` a reservation attempt took (different SKUs in parallel); throws the first failure once all settled. */
  async function giveBack(reservation: Reservation, items: ReservationItem[]): Promise<void> {
    const results = await Promise.allSettled(items.map((item) => move(reservation, item, 'release', 'undo')));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Takes the units of every item, different SKUs in parallel, each SKU's check-and-take one guarded
   * update under that SKU's lock. Every move is awaited, failed or not, before the caller gives anything
   * back: a move still in flight when another one fails would otherwise take its units after the undo
   * ran, and keep them for good.
   */
  async function takeUnits(reservation: Reservation): Promise<{ taken: ReservationItem[]; short: ReservationItem[]; failure?: { error: unknown } }> {
    const results = await Promise.allSettled(reservation.items.map((item) => move(reservation, item, 'take', 'reserve')));
    const taken: ReservationItem[] = [];
    const short: ReservationItem[] = [];
    let failure: { error: unknown } | undefined;
    results.forEach((result, index) => {
      const item = reservation.items[index]!;
      if (result.status === 'fulfilled') {
        (result.value ? taken : short).push(item);
        return;
      }
      failure ??= { error: result.reason };
      // A lock never obtained means nothing was written. Any other failure may have come after the write
      // went through: give it back too (conditional on the hold, so a no-op if nothing was taken).
      if (!(result.reason instanceof LockBusyError)) taken.push(item);
    });
    return { taken, short, failure };
  }

  async function reserve(input: ReserveInput, replayed = false): Promise<Reservation> {
    return tracer.trace('inventory.reserve', { resource: 'reserve' }, async (span) => {
      // The inventoryErrors fault: refused before anything is written, so there is nothing to undo. Its
      // message is a real outage's; the fault is named on the span (the flag hook's tag) only.
      const errorRate = faults && !replayed ? await faults.number('inventoryErrors') : 0;
      if (errorRate > 0 && reservationShare(input.reservationId) < errorRate) {
        throw new AppError('stock_unavailable', 'Stock is unavailable right now; nothing was reserved', 503);
      }
      const items = mergeItems(input.items);
      span?.setTag('inventory.items_requested', items.length);
      const now = new Date();
      const reservation: Reservation = {
        reservationId: input.reservationId,
        orderId: input.orderId,
        items,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + (input.ttlSeconds ?? defaultTtlSeconds) * 1_000),
        stockHolds: true,
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
      const { taken, short, failure } = await takeUnits(reservation);
      if (failure || short.length > 0) {
        // All or nothing: every unit taken goes back, then the attempt is forgotten (the same id may try again).
        // If giving back fails too, the reservation stays pending with its holds and the sweeper gives them
        // back once it is stuck.
        try {
          await giveBack(reservation, taken);
          await reservations.remove(reservation.reservationId);
        } catch (undoError) {
          logger.error({ err: undoError, reservationId: reservation.reservationId }, 'could not give back the units of a failed reservation; the sweeper will');
        }
        if (failure) throw failure.error;
        span?.setTag('inventory.outcome', 'rejected');
        countReservation('rejected');
        metrics.increment('ecommerce.inventory.stockout', short.length);
        const shortItems = await Promise.all(
          short.map(async (item) => ({ sku: item.sku, requested: item.quantity, available: (await stock.find(item.sku))?.available ?? 0 })),
        );
        throw conflict('out_of_stock', 'Not enough stock for some items', { items: shortItems.sort((a, b) => a.sku.localeCompare(b.sku)) });
      }
      const held = await reservations.transition(reservation.reservationId, 'pending', 'held');
      if (!held) {
        // Only after a stall longer than stuckAfterMs: the sweeper took this attempt for a crashed one and
        // released it. Give back what was taken since (conditional on the holds: nothing moves twice).
        logger.error({ reservationId: reservation.reservationId }, 'a reservation was recovered as stuck while it was still being taken');
        await giveBack(reservation, reservation.items);
        throw conflict('reservation_pending', 'This reservation took too long and was undone; try again with a new reservation id');
      }
      span?.setTag('inventory.outcome', 'held');
      countReservation('held');
      return held;
    });
  }

  /** Drops the restock marks of a reservation released for good. Best effort: a mark left behind is harmless. */
  async function forgetRestocks(reservation: Reservation): Promise<void> {
    const results = await Promise.allSettled(reservation.items.map((item) => lock.withLock(stockKey(item.sku), () => stock.forgetRestock(item.sku, reservation.reservationId))));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) logger.warn({ err: failed.reason, reservationId: reservation.reservationId }, 'could not drop restock marks; they are harmless');
  }

  /**
   * Finishes a reservation left mid-move by a crash, under its lock: a pending one gives back whatever it
   * took and ends `released`; committing, releasing and restocking roll forward to where they were going.
   * Every move is conditional on the reservation's marks on the stock documents, so the items moved before
   * the crash are skipped and a second recovery (or a second process) moves nothing.
   */
  async function recoverLocked(stuck: Reservation): Promise<Reservation> {
    return tracer.trace('inventory.recover', { resource: stuck.status }, async (span) => {
      const from = stuck.status as keyof typeof RECOVERY;
      const { move: kind, target } = RECOVERY[from];
      span?.setTag('inventory.recovered_from', from);
      const reason: StockChangeReason = from === 'pending' ? 'undo' : from === 'committing' ? 'commit' : from === 'restocking' ? 'restock' : (stuck.releaseReason ?? 'release');
      let moved = 0;
      for (const item of stuck.items) if (await move(stuck, item, kind, reason)) moved++;
      const done = await reservations.transition(stuck.reservationId, from, target);
      if (from === 'restocking') await forgetRestocks(stuck);
      span?.setTag('inventory.outcome', 'recovered');
      countReservation('recovered');
      logger.warn({ reservationId: stuck.reservationId, from, to: target, itemsMoved: moved, items: stuck.items.length }, 'recovered a reservation left mid-move');
      return done ?? { ...stuck, status: target };
    });
  }

  /** The reservation, read under its lock; one left mid-move by a crash is recovered first. */
  async function loadLocked(reservationId: string): Promise<Reservation> {
    const current = await reservations.find(reservationId);
    if (!current) throw notFound(`Reservation ${reservationId} does not exist`, 'reservation_not_found');
    return isStuck(current) ? recoverLocked(current) : current;
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
        const current = await loadLocked(reservationId);
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
        const reason: ReleaseReason | 'commit' = kind === 'commit' ? 'commit' : outcome === 'expired' ? 'expire' : 'release';
        const moving = await reservations.transition(reservationId, 'held', kind === 'commit' ? 'committing' : 'releasing', reason === 'commit' ? undefined : reason);
        if (!moving) throw conflict('reservation_pending', 'This reservation is being processed; try again');
        for (const item of moving.items) await move(moving, item, kind, reason);
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
   * lost) are put back on sale. A reservation that is mid-move answers 409 reservation_pending, until it
   * is old enough to have been left so by a crash: then it is recovered first and cancelled.
   */
  async function cancel(reservationId: string): Promise<Reservation> {
    return tracer.trace('inventory.cancel', { resource: 'cancel' }, (span) =>
      lock.withLock(reservationKey(reservationId), async () => {
        const current = await loadLocked(reservationId);
        if (current.status === 'released') {
          span?.setTag('inventory.outcome', 'already_done');
          return current;
        }
        const moving =
          current.status === 'held'
            ? await reservations.transition(reservationId, 'held', 'releasing', 'cancel')
            : current.status === 'committed'
              ? await reservations.transition(reservationId, 'committed', 'restocking')
              : null;
        if (!moving) throw conflict('reservation_pending', 'This reservation is being processed; try again');
        const restocking = moving.status === 'restocking';
        for (const item of moving.items) await move(moving, item, restocking ? 'restock' : 'release', restocking ? 'restock' : 'cancel');
        const done = await reservations.transition(reservationId, moving.status, 'released');
        if (restocking) await forgetRestocks(moving);
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

    /**
     * Finishes reservations left mid-move by a crash (a batch at a time, oldest first; see recoverLocked);
     * returns how many were recovered. Each is re-read under its lock, so a reservation another process
     * finished meanwhile is left alone, and one still failing is retried at the next pass.
     */
    async recoverStuck(now = new Date(), batch = 100): Promise<number> {
      let recovered = 0;
      for (const reservationId of await reservations.stuckIds(new Date(now.getTime() - stuckAfterMs), batch)) {
        try {
          const done = await lock.withLock(reservationKey(reservationId), async () => {
            const current = await reservations.find(reservationId);
            if (!current || !isStuck(current, now)) return false;
            await recoverLocked(current);
            return true;
          });
          if (done) recovered++;
        } catch (error) {
          logger.warn({ err: error, reservationId }, 'could not recover a reservation left mid-move; retrying at the next pass');
        }
      }
      return recovered;
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
