/** Stock of one SKU as the API returns it. `available` can be reserved; `reserved` is held for open orders. */
export interface Stock {
  sku: string;
  productId: string;
  available: number;
  reserved: number;
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
