// The checkout's own records, shared by the domain (which decides) and the store (which persists them
// with the order). Types only, importing nothing but the contracts, so neither layer imports the other.
import type { MoneyState, OrderItem, ShortItem } from '@shopfast/contracts';

/** The undo work a saga step can leave behind; owed in the store, executed by domain/checkout/compensations.ts. */
export type CompensationKind = 'cancel_reservation' | 'refund_charges';

/**
 * What a checkout came to, in the domain's words; only the route turns it into HTTP
 * (routes/checkout-response.ts). Stored with the order and replayed for a repeated Idempotency-Key,
 * updated when a compensation finishes, so a replay always tells the current truth.
 */
export type CheckoutResult =
  | { kind: 'confirmed'; orderId: string; total: number; currency: string; items: OrderItem[] }
  /** The items short of stock, named for the customer (ShortItem in the contract's 409 out_of_stock). */
  | { kind: 'out_of_stock'; orderId: string; items: ShortItem[] }
  | { kind: 'declined'; orderId: string; reason: string }
  /** A peer refused the request as invalid (a 4xx such as card_invalid) after the order was recorded. */
  | { kind: 'rejected'; orderId: string; code: string; message: string; status: number; details?: unknown }
  /**
   * The checkout could not finish (a peer down or timing out, a crash, too slow); everything is undone.
   * `money` says where the customer's money is: only `not_charged` may be told as "nothing was charged",
   * and only when no charge was attempted or the payment ledger said so.
   */
  | { kind: 'failed'; orderId: string; code: string; money: MoneyState; upstreamStatus?: number; details?: unknown }
  /** An answer stored by a version before results existed: replayed as it was. */
  | { kind: 'legacy'; status: number; body: unknown };
