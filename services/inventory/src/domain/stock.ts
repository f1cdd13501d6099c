import type { StockChangedData } from '@shopfast/events';

/**
 * Stock of one SKU as the API returns it. `available` can be reserved; `reserved` is held for open
 * orders. `version` grows by one with every change, so whoever copies these numbers (the catalog,
 * through stock.changed events) can tell a newer level from an older one arriving late.
 */
export interface Stock {
  sku: string;
  productId: string;
  available: number;
  reserved: number;
  version: number;
}

/** Why a SKU's stock changed, as stock.changed events say it. */
export type StockChangeReason = StockChangedData['reason'];

/**
 * Announces a SKU's new stock level to the rest of the shop. Never throws and never makes the caller
 * wait for the broker. An announcement that fails is not retried: the events carry the whole level
 * (not a delta) with a version, and the catalog reconciles with GET /stock on start-up and every
 * minute, so a lost one is healed by the next change or the next reconciliation.
 */
export interface StockEvents {
  changed(level: Stock, reason: StockChangeReason): void;
}

export interface ReservationItem {
  sku: string;
  quantity: number;
}

/**
 * `pending` exists only while the units of a new reservation are being taken; `committing`,
 * `releasing` and `restocking` only while a commit, release or cancel moves them (the status flips
 * first, so one caller wins). A reservation found in one of these long after its last step was left
 * by a crash, and the sweeper finishes it (see recoverStuck in inventory.ts).
 */
export type ReservationStatus = 'pending' | 'held' | 'committing' | 'committed' | 'releasing' | 'restocking' | 'released';

/** The statuses a reservation passes through while its stock moves. */
export const MOVING_STATUSES = ['pending', 'committing', 'releasing', 'restocking'] as const satisfies readonly ReservationStatus[];
export type MovingStatus = (typeof MOVING_STATUSES)[number];
export const isMoving = (status: ReservationStatus): status is MovingStatus => (MOVING_STATUSES as readonly ReservationStatus[]).includes(status);

/** Why a `releasing` reservation gives its units back, so a recovery announces the same reason. */
export type ReleaseReason = Extract<StockChangeReason, 'release' | 'expire' | 'cancel'>;

export interface Reservation {
  reservationId: string;
  orderId: string;
  items: ReservationItem[];
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  /** When the status last changed: how old a mid-move status is. */
  updatedAt: Date;
  /**
   * true: every SKU of this reservation records it on its stock document (a hold while its units are
   * reserved, a restock mark once they are put back on sale), in the same single-document update that
   * moves the units, so each move is conditional and moving twice is impossible. Reservations written
   * before holds existed (false) move their stock unconditionally, as they always did.
   */
  stockHolds: boolean;
  releaseReason?: ReleaseReason;
}

/** Deterministic starting quantity for the n-th product of the catalog: 20 to 100 units. */
export const seedQuantity = (index: number): number => 20 + (index % 81);
