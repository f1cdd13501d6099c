import type { OrderItem } from '../order';

/**
 * Where the customer's money is after a failed checkout. Only `not_charged` may be told as "nothing was
 * charged", and only when no charge was attempted or the payment ledger said so.
 */
export type MoneyState = 'not_charged' | 'refund_pending' | 'refunded';

export interface NamedShortItem {
  sku: string;
  requested: number;
  available: number;
  productId?: string;
  name?: string;
}

/**
 * What a checkout came to, in the domain's words; only the route turns it into HTTP
 * (routes/checkout-response.ts). Stored with the order and replayed for a repeated Idempotency-Key,
 * updated when a compensation finishes, so a replay always tells the current truth.
 */
export type CheckoutResult =
  | { kind: 'confirmed'; orderId: string; total: number; currency: string; items: OrderItem[] }
  | { kind: 'out_of_stock'; orderId: string; items: NamedShortItem[] }
  | { kind: 'declined'; orderId: string; reason: string }
  /** A peer refused the request as invalid (a 4xx such as card_invalid) after the order was recorded. */
  | { kind: 'rejected'; orderId: string; code: string; message: string; status: number; details?: unknown }
  /** The checkout could not finish (a peer down or timing out, a crash, too slow); everything is undone. */
  | { kind: 'failed'; orderId: string; code: string; money: MoneyState; upstreamStatus?: number; details?: unknown }
  /** An answer stored by a version before results existed: replayed as it was. */
  | { kind: 'legacy'; status: number; body: unknown };
