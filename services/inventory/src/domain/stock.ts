import type { ReservationStatus } from '@shopfast/contracts';
import type { StockChangedData } from '@shopfast/events';
import { MOVING_STATUSES, type MovingStatus, type Stock } from '../model/stock';

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

/** Whether a reservation is mid-move (see MOVING_STATUSES in model/stock.ts). */
export const isMoving = (status: ReservationStatus): status is MovingStatus => (MOVING_STATUSES as readonly ReservationStatus[]).includes(status);

/** Deterministic starting quantity for the n-th product of the catalog: 20 to 100 units. */
export const seedQuantity = (index: number): number => 20 + (index % 81);
