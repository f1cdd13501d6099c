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
 * `pending` exists only while the units of a new reservation are being taken; `committing` and
 * `releasing` only while a commit or release moves them (the status flips first, so one caller wins).
 */
export type ReservationStatus = 'pending' | 'held' | 'committing' | 'committed' | 'releasing' | 'restocking' | 'released';

export interface Reservation {
  reservationId: string;
  orderId: string;
  items: ReservationItem[];
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
}

/** Deterministic starting quantity for the n-th product of the catalog: 20 to 100 units. */
export const seedQuantity = (index: number): number => 20 + (index % 81);
