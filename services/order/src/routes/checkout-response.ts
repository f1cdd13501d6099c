import { errorBody } from '@shopfast/service-kit';
import type { CheckoutResult, MoneyState } from '../domain/checkout/checkout-result';

/** What each money state lets the answer say: only the ledger's word allows "nothing was charged". */
const MONEY_SENTENCE: Record<MoneyState, string> = {
  not_charged: 'nothing was charged',
  refund_pending: 'any amount charged is being refunded',
  refunded: 'the amount charged has been refunded',
};

/** The one place a checkout's domain result becomes an HTTP status and body. */
export function checkoutResponse(result: CheckoutResult): { status: number; body: unknown } {
  switch (result.kind) {
    case 'confirmed':
      return { status: 201, body: { orderId: result.orderId, status: 'confirmed', total: result.total, currency: result.currency, items: result.items } };
    case 'out_of_stock':
      return { status: 409, body: errorBody('out_of_stock', `Not enough stock for ${result.items.map((item) => item.name ?? item.sku).join(', ')}`, { items: result.items }) };
    case 'declined':
      return { status: 402, body: errorBody('payment_declined', 'The card was declined', { orderId: result.orderId, reason: result.reason }) };
    case 'rejected':
      return { status: result.status, body: errorBody(result.code, result.message, result.details) };
    case 'failed': {
      const what = result.code === 'checkout_abandoned' ? 'The checkout could not be completed' : 'The order could not be completed';
      const details = { orderId: result.orderId, money: result.money, ...(result.details && typeof result.details === 'object' ? result.details : {}) };
      // A peer that timed out or is down: 503/504, worth retrying; anything else is our failure.
      const status = result.code === 'checkout_failed' ? 500 : result.upstreamStatus === 504 ? 504 : 503;
      return { status, body: errorBody(result.code, `${what}; ${MONEY_SENTENCE[result.money]}`, details) };
    }
    case 'legacy':
      return { status: result.status, body: result.body };
  }
}
