// The inventory's own records, shared by the domain (which decides) and the store (which persists).
// Types and constants only, importing nothing but the contracts, so neither layer has to import the other.
import type { ReservationStatus, StockLevel } from '@shopfast/contracts';

/**
 * Stock of one SKU as the API returns it (StockLevel in @shopfast/contracts). `available` can be reserved;
 * `reserved` is held for open orders. `version` grows by one with every change, so whoever copies these
 * numbers (the catalog, through stock.changed events) can tell a newer level from an older one arriving late.
 */
export type Stock = StockLevel;

export interface ReservationItem {
  sku: string;
  quantity: number;
}

/**
 * The statuses a reservation passes through while its stock moves. The statuses themselves are the
 * contract's (ReservationStatus in @shopfast/contracts): the API shows them. `pending` exists only while
 * the units of a new reservation are being taken; `committing`, `releasing` and `restocking` only while a
 * commit, release or cancel moves them (the status flips first, so one caller wins). A reservation found
 * in one of these long after its last step was left by a crash, and the sweeper finishes it (see
 * recoverStuck in domain/inventory.ts).
 */
export const MOVING_STATUSES = ['pending', 'committing', 'releasing', 'restocking'] as const satisfies readonly ReservationStatus[];
export type MovingStatus = (typeof MOVING_STATUSES)[number];

/**
 * Why a `releasing` reservation gives its units back, so a recovery announces the same reason. Each is
 * also a stock.changed reason: domain/inventory.ts announces it as one, so the compiler catches a drift.
 */
export type ReleaseReason = 'release' | 'expire' | 'cancel';

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
