import type { CheckoutDeclined, CheckoutFailed, CheckoutOutOfStock, CheckoutResult as CheckoutCreated, ErrorResponse, MoneyState } from '@shopfast/contracts';
import { errorBody } from '@shopfast/service-kit';
import type { CheckoutResult } from '../model/checkout';

/** What each money state lets the answer say: only the ledger's word allows "nothing was charged". */
const MONEY_SENTENCE: Record<MoneyState, string> = {
  not_charged: 'nothing was charged',
  refund_pending: 'any amount charged is being refunded',
  refunded: 'the amount charged has been refunded',
};

/** A checkout answer: a status and a body of the contract's shapes (`legacy`: whatever was stored). */
export type CheckoutResponse =
  | { status: 201; body: CheckoutCreated }
  | { status: number; body: CheckoutOutOfStock | CheckoutDeclined | CheckoutFailed | ErrorResponse }
  | { status: number; body: unknown };

/** The one place a checkout's domain result becomes an HTTP status and body. */
export function checkoutResponse(result: CheckoutResult): CheckoutResponse {
  switch (result.kind) {
    case 'confirmed': {
      const body: CheckoutCreated = { orderId: result.orderId, status: 'confirmed', total: result.total, currency: result.currency, items: result.items };
      return { status: 201, body };
    }
    case 'out_of_stock': {
      const message = `Not enough stock for ${result.items.map((item) => item.name ?? item.sku).join(', ')}`;
      const body: CheckoutOutOfStock = { error: { code: 'out_of_stock', message, details: { items: result.items } } };
      return { status: 409, body };
    }
    case 'declined': {
      const body: CheckoutDeclined = { error: { code: 'payment_declined', message: 'The card was declined', details: { orderId: result.orderId, reason: result.reason } } };
      return { status: 402, body };
    }
    case 'rejected':
      return { status: result.status, body: errorBody(result.code, result.message, result.details) };
    case 'failed': {
      const what = result.code === 'checkout_abandoned' ? 'The checkout could not be completed' : 'The order could not be completed';
      const details = { orderId: result.orderId, money: result.money, ...(result.details && typeof result.details === 'object' ? result.details : {}) };
      // A peer that timed out or is down: 503/504, worth retrying; anything else is our failure.
      const status = result.code === 'checkout_failed' ? 500 : result.upstreamStatus === 504 ? 504 : 503;
      const body: CheckoutFailed = { error: { code: result.code, message: `${what}; ${MONEY_SENTENCE[result.money]}`, details } };
      return { status, body };
    }
    case 'legacy':
      return { status: result.status, body: result.body };
  }
}
